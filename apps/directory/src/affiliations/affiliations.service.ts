import { Injectable } from '@nestjs/common';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { v7 as uuidv7 } from 'uuid';
import { DomainError } from '@poleflow/domain';
import { OutboxWriter, type EmitContext, type EventDraft } from '@poleflow/messaging';
import { Account } from '../accounts/account.entity.js';
import { StandingService } from '../accounts/standing.service.js';
import { AuditService } from '../audit/audit.service.js';
import { Funder } from '../funders/funder.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { Pole } from '../poles/pole.entity.js';
import type { AffiliationView, GrantStaffAffiliationDto } from './affiliation.dto.js';
import { Affiliation, FUNDER_ROLES, POLE_ROLES, type AffiliationKind, type AffiliationRole } from './affiliation.entity.js';

export interface NewAffiliation {
  accountId: string;
  kind: AffiliationKind;
  targetId: string;
  role: AffiliationRole;
}

/** `affiliation.changed` is streamed per account: a consumer sees one person's memberships in order. */
export function affiliationChanged(a: NewAffiliation, change: 'added' | 'removed'): EventDraft<'affiliation.changed'> {
  return { type: 'affiliation.changed', streamId: a.accountId, payload: { userId: a.accountId, kind: a.kind, targetId: a.targetId, role: a.role, change } };
}

const ROLES_OF_KIND: Record<'pole' | 'funder', readonly AffiliationRole[]> = { pole: POLE_ROLES, funder: FUNDER_ROLES };

/** Memberships and staff appointments; every change is written with its `affiliation.changed` and `account.standing_changed` events. */
@Injectable()
export class AffiliationsService {
  constructor(private readonly orm: MikroORM, private readonly outbox: OutboxWriter, private readonly standing: StandingService, private readonly audit: AuditService) {}

  listFor(em: EntityManager, accountId: string): Promise<Affiliation[]> {
    return em.find(Affiliation, { accountId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  /** Inside the caller's transaction: the row and its event commit with the caller's state change. */
  async add(em: EntityManager, a: NewAffiliation, ctx: EmitContext): Promise<Affiliation> {
    const exists = () => new DomainError('AFFILIATION_EXISTS', `the account already has the role ${a.role} there`, 409);
    if (await em.count(Affiliation, { accountId: a.accountId, kind: a.kind, targetId: a.targetId, role: a.role })) throw exists();
    const row = em.create(Affiliation, { id: uuidv7(), ...a, createdAt: new Date() });
    try {
      await em.flush();
    } catch (err) {
      // The same appointment made twice at once: the unique index decides, the loser gets the same 409.
      if (err instanceof UniqueConstraintViolationException) throw exists();
      throw err;
    }
    await this.outbox.append(em, [affiliationChanged(a, 'added')], ctx);
    await this.standing.changed(em, a.accountId, ctx);
    await this.audited(em, 'affiliation.granted', row, ctx);
    return row;
  }

  /** Admin: appoints an account as reviewer / pole manager of a pole, or officer of a funder. */
  async grantStaff(cmd: GrantStaffAffiliationDto, ctx: EmitContext): Promise<AffiliationView> {
    if (!ROLES_OF_KIND[cmd.kind].includes(cmd.role)) {
      throw new DomainError('ROLE_KIND_MISMATCH', `a ${cmd.kind} affiliation takes the role ${ROLES_OF_KIND[cmd.kind].join(' or ')}`, 400);
    }
    return this.orm.em.fork().transactional(async (em) => {
      const account = await em.findOne(Account, { email: cmd.email });
      if (!account) throw new DomainError('ACCOUNT_NOT_FOUND', `no account ${cmd.email}`, 404);
      const target = cmd.kind === 'pole' ? await em.findOne(Pole, cmd.targetId) : await em.findOne(Funder, cmd.targetId);
      if (!target) throw new DomainError(cmd.kind === 'pole' ? 'POLE_NOT_FOUND' : 'FUNDER_NOT_FOUND', `no ${cmd.kind} ${cmd.targetId}`, 404);
      const row = await this.add(em, { accountId: account.id, kind: cmd.kind, targetId: target.id, role: cmd.role }, ctx);
      return (await this.describe(em, [row]))[0];
    });
  }

  /** Admin: an account's affiliations with the names of what they point at (none for an unknown account). */
  async ofAccount(accountId: string): Promise<AffiliationView[]> {
    const em = this.orm.em.fork();
    const rows = await em.find(Affiliation, { accountId }, { orderBy: { createdAt: 'asc' }, limit: 200 });
    return this.describe(em, rows);
  }

  /** Admin: ends an affiliation (any kind). */
  async revoke(id: string, ctx: EmitContext): Promise<void> {
    await this.orm.em.fork().transactional(async (em) => {
      const row = await em.findOne(Affiliation, id);
      if (!row) throw new DomainError('AFFILIATION_NOT_FOUND', `no affiliation ${id}`, 404);
      await this.remove(em, row, ctx);
    });
  }

  /** Inside the caller's transaction: deletes the row and writes its `affiliation.changed` (removed). */
  async remove(em: EntityManager, row: Affiliation, ctx: EmitContext): Promise<void> {
    em.remove(row);
    await em.flush();
    await this.outbox.append(em, [affiliationChanged(row, 'removed')], ctx);
    await this.standing.changed(em, row.accountId, ctx);
    await this.audited(em, 'affiliation.removed', row, ctx);
  }

  /** A role granted or removed, in the audit trail (the same transaction). */
  private audited(em: EntityManager, action: 'affiliation.granted' | 'affiliation.removed', row: Affiliation, ctx: EmitContext): Promise<void> {
    return this.audit.record(em, {
      action, outcome: 'success', actorId: ctx.actor?.userId ?? null, target: { kind: 'account', id: row.accountId },
      details: { affiliationId: row.id, kind: row.kind, targetId: row.targetId, role: row.role },
    });
  }

  /** Views with the name of what each affiliation points at (one query per kind). */
  async describe(em: EntityManager, rows: Affiliation[]): Promise<AffiliationView[]> {
    const ids = (k: AffiliationKind) => [...new Set(rows.filter((r) => r.kind === k).map((r) => r.targetId))];
    // Sequential on purpose: one EntityManager (and one transaction connection) runs one query at a time.
    const orgs = ids('organisation').length ? await em.find(Organisation, { id: { $in: ids('organisation') } }, { fields: ['id', 'name'] }) : [];
    const poles = ids('pole').length ? await em.find(Pole, { id: { $in: ids('pole') } }, { fields: ['id', 'name'] }) : [];
    const funders = ids('funder').length ? await em.find(Funder, { id: { $in: ids('funder') } }, { fields: ['id', 'name'] }) : [];
    const names = new Map<string, string>([...orgs, ...poles, ...funders].map((t) => [t.id, t.name]));
    return rows.map((r) => ({
      id: r.id, accountId: r.accountId, kind: r.kind, targetId: r.targetId, targetName: names.get(r.targetId) ?? null, role: r.role, createdAt: r.createdAt.toISOString(),
    }));
  }
}
