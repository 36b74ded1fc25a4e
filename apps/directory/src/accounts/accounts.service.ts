import { Inject, Injectable } from '@nestjs/common';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { v7 as uuidv7 } from 'uuid';
import { APP_CONFIG } from '@poleflow/config';
import { DomainError } from '@poleflow/domain';
import { AffiliationsService } from '../affiliations/affiliations.service.js';
import type { DirectoryConfig } from '../config.js';
import { Account } from './account.entity.js';
import { OutboxWriter, type EventDraft } from '@poleflow/messaging';
import type { AccountView, MeView, RegisterDto, RegistrationView } from './auth.dto.js';
import { hashPassword } from './password.js';
import { principalFor } from './principal.js';

export const accountView = (a: Account): AccountView => ({
  id: a.id, email: a.email, displayName: a.displayName, isAdmin: a.isAdmin, status: a.status, createdAt: a.createdAt.toISOString(),
});

/** The one answer to a registration, whether the e-mail was new or not (no account enumeration). */
export const REGISTRATION_ACCEPTED: RegistrationView = {
  status: 'accepted',
  message: "Demande enregistrée : si cette adresse n'avait pas encore de compte, il est créé et vous pouvez vous connecter ; "
    + 'sinon, son titulaire est prévenu. / Request recorded: if this address had no account, it now has one and you can sign in; '
    + 'otherwise its owner is notified.',
};

/** The account's address and name, for the tracker's e-mails (also re-emitted by the admin republish). */
export const profileChanged = (a: Pick<Account, 'id' | 'email' | 'displayName'>): EventDraft<'account.profile_changed'> => ({
  type: 'account.profile_changed', streamId: `profile:${a.id}`, payload: { accountId: a.id, email: a.email, displayName: a.displayName },
});

const emailTaken = (email: string) => new DomainError('EMAIL_TAKEN', `an account already uses ${email}`, 409);

export interface AccountSpec {
  email: string;
  password: string;
  displayName: string;
  isAdmin?: boolean;
}

@Injectable()
export class AccountsService {
  constructor(
    private readonly orm: MikroORM,
    private readonly affiliations: AffiliationsService,
    private readonly outbox: OutboxWriter,
    @Inject(APP_CONFIG) private readonly cfg: DirectoryConfig,
  ) {}

  /**
   * Self-service sign-up (admin when the e-mail is listed in ADMIN_EMAILS). The same answer, after the same
   * argon2 work, for a new and an existing e-mail; the existing account's owner gets a security notice
   * (`account.registration_attempted` → the tracker's notifications).
   */
  async register(dto: RegisterDto, correlationId: string): Promise<RegistrationView> {
    const em = this.orm.em.fork();
    const existing = await em.findOne(Account, { email: dto.email });
    try {
      if (!existing) {
        await this.create(em, { ...dto, isAdmin: this.cfg.ADMIN_EMAILS.has(dto.email) });
        return REGISTRATION_ACCEPTED;
      }
      await hashPassword(dto.password); // the work a new account costs, so timing tells nothing either
    } catch (err) {
      if (!(err instanceof DomainError && err.code === 'EMAIL_TAKEN')) throw err;
    }
    await this.notifyOwner(dto.email, correlationId);
    return REGISTRATION_ACCEPTED;
  }

  private async notifyOwner(email: string, correlationId: string): Promise<void> {
    await this.orm.em.fork().transactional(async (tx) => {
      const account = await tx.findOneOrFail(Account, { email });
      await this.outbox.append(tx, [{
        type: 'account.registration_attempted', streamId: `account:${account.id}`, payload: { accountId: account.id, attemptedAt: new Date().toISOString() },
      }], { actor: null, correlationId });
    });
  }

  /** For seeding (demo, operations): creates the account unless the e-mail exists; never resets a password. */
  async ensureAccount(spec: AccountSpec): Promise<{ account: Account; created: boolean }> {
    const em = this.orm.em.fork();
    const email = spec.email.trim().toLowerCase();
    const existing = await em.findOne(Account, { email });
    if (existing) return { account: existing, created: false };
    return { account: await this.create(em, { ...spec, email }), created: true };
  }

  async me(userId: string): Promise<MeView> {
    const em = this.orm.em.fork();
    const account = await em.findOne(Account, userId);
    // The token outlived its account: same answer as a bad token.
    if (!account) throw new DomainError('INVALID_TOKEN', 'the account of this token no longer exists', 401);
    const rows = await this.affiliations.listFor(em, account.id);
    return { account: accountView(account), roles: principalFor(account, rows).roles, affiliations: await this.affiliations.describe(em, rows) };
  }

  private async create(em: EntityManager, spec: AccountSpec): Promise<Account> {
    const account = em.create(Account, {
      id: uuidv7(), email: spec.email, passwordHash: await hashPassword(spec.password), displayName: spec.displayName.trim(),
      isAdmin: spec.isAdmin ?? false, createdAt: new Date(), status: 'active', standingVersion: 0, minTokenVersion: 0,
    }, { persist: false });
    try {
      // With its `account.profile_changed` (the tracker's e-mail recipients), in one transaction.
      await em.transactional(async (tx) => {
        tx.persist(account);
        await this.outbox.append(tx, [profileChanged(account)], { actor: null, correlationId: `account:${account.id}` });
      });
    } catch (err) {
      // Two sign-ups with the same e-mail at once: the unique index decides.
      if (err instanceof UniqueConstraintViolationException) throw emailTaken(spec.email);
      throw err;
    }
    return account;
  }
}
