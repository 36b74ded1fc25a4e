import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { claimsFromPrincipal } from '@poleflow/auth';
import { APP_CONFIG } from '@poleflow/config';
import { DomainError } from '@poleflow/domain';
import type { EmitContext } from '@poleflow/messaging';
import { AffiliationsService } from '../affiliations/affiliations.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { DirectoryConfig } from '../config.js';
import { invalidRefresh, RefreshTokens } from '../sessions/refresh-tokens.service.js';
import { Account } from './account.entity.js';
import type { ChangePasswordDto, LoginDto } from './auth.dto.js';
import { LoginThrottle } from './login-throttle.js';
import { hashPassword, verifyPassword } from './password.js';
import { principalFor } from './principal.js';
import { StandingService } from './standing.service.js';

/** An access token and the refresh token of its session (the controller puts the latter in a cookie or the body). */
export interface Session {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: Date;
}

export const rateLimited = (retryAfter: number, what: string) =>
  Object.assign(new DomainError('RATE_LIMITED', `too many ${what}; retry in ${retryAfter} s`, 429), { retryAfter });

const invalidCredentials = () => new DomainError('INVALID_CREDENTIALS', 'the e-mail or the password is wrong', 401);

/**
 * Sign-in and sessions (ARCHITECTURE.md §7, decisions 23–25): access tokens are ES256 JWTs that live
 * JWT_TTL_SECONDS (10–15 min); a session lasts through its rotating refresh token (RefreshTokens).
 */
@Injectable()
export class AuthService {
  constructor(
    private readonly orm: MikroORM,
    private readonly jwt: JwtService,
    private readonly affiliations: AffiliationsService,
    private readonly refresh: RefreshTokens,
    private readonly standing: StandingService,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly cfg: DirectoryConfig,
  ) {}

  /**
   * Same answer and the same argon2 work for an unknown e-mail and a wrong password (no account enumeration);
   * throttled per address, per e-mail and per pair with growing delays.
   */
  async login(dto: LoginDto, ip: string): Promise<Session> {
    const wait = await this.throttle.waitFor(ip, dto.email);
    if (wait > 0) {
      await this.audit.recordNow({ action: 'auth.login_throttled', outcome: 'refused', ip, details: { email: dto.email, retryAfter: wait } });
      throw rateLimited(wait, 'sign-in attempts');
    }
    const em = this.orm.em.fork();
    const account = await em.findOne(Account, { email: dto.email });
    if (!(await verifyPassword(account?.passwordHash, dto.password)) || !account) {
      await this.throttle.failed(ip, dto.email);
      await this.audit.recordNow({
        action: 'auth.login_failed', outcome: 'failure', ip, target: account ? { kind: 'account', id: account.id } : null,
        details: { email: dto.email, knownAccount: !!account },
      });
      throw invalidCredentials();
    }
    await this.throttle.succeeded(ip, dto.email);
    if (account.status !== 'active') throw new DomainError('ACCOUNT_DISABLED', 'this account is disabled; contact an administrator', 403);
    const session = await em.transactional(async (tx) => {
      // An account used for the first time since standings exist publishes one, so services know it.
      const fresh = account.standingVersion === 0
        ? await this.standing.changed(tx, account.id, { actor: null, correlationId: `login:${account.id}` })
        : account;
      const r = await this.refresh.issue(tx, fresh.id);
      return this.session(tx, fresh, r);
    });
    await this.standing.publishNow(account.id);
    return session;
  }

  /** Rotates the refresh token; a reused one revokes its whole family (recorded in the audit trail). */
  async rotate(token: string, ip: string): Promise<Session> {
    const em = this.orm.em.fork();
    const outcome = await em.transactional(async (tx) => {
      const used = await this.refresh.use(tx, token);
      if (used.kind === 'invalid') return used;
      if (used.kind === 'reused') {
        const revoked = await this.refresh.revokeFamily(tx, used.familyId, 'reuse');
        await this.audit.record(tx, {
          action: 'auth.refresh_token_reused', outcome: 'refused', actorId: used.accountId, target: { kind: 'account', id: used.accountId }, ip,
          details: { familyId: used.familyId, revokedSessions: revoked },
        });
        return used;
      }
      const account = await tx.findOne(Account, used.accountId);
      if (!account || account.status !== 'active') return { kind: 'invalid' as const };
      const child = await this.refresh.issue(tx, account.id, used.familyId, used.parentId);
      return { kind: 'session' as const, accountId: account.id, session: await this.session(tx, account, child) };
    });
    if (outcome.kind !== 'session') throw invalidRefresh();
    await this.standing.publishNow(outcome.accountId);
    return outcome.session;
  }

  /** Ends the session of this refresh token (its family). Unknown tokens are ignored: logout always succeeds. */
  async logout(token: string): Promise<void> {
    await this.orm.em.fork().transactional(async (tx) => {
      const family = await this.refresh.familyOf(tx, token);
      if (family) await this.refresh.revokeFamily(tx, family.familyId, 'logout');
    });
  }

  /** Every session of the caller, and every access token issued until now, in every service. */
  async logoutAll(userId: string, ctx: EmitContext, ip: string): Promise<void> {
    await this.orm.em.fork().transactional(async (tx) => {
      const revoked = await this.refresh.revokeAll(tx, userId, 'logout_all');
      await this.standing.changed(tx, userId, ctx, { revokeAccessTokens: true });
      await this.audit.record(tx, { action: 'auth.logout_all', outcome: 'success', actorId: userId, target: { kind: 'account', id: userId }, ip, details: { revokedSessions: revoked } });
    });
  }

  /** Checks the current password, stores the new one, revokes every session; answers a new session for the caller. */
  async changePassword(userId: string, dto: ChangePasswordDto, ctx: EmitContext, ip: string): Promise<Session> {
    const em = this.orm.em.fork();
    const account = await em.findOne(Account, userId);
    if (!account || !(await verifyPassword(account.passwordHash, dto.currentPassword))) {
      await this.audit.recordNow({ action: 'auth.password_changed', outcome: 'failure', actorId: userId, target: { kind: 'account', id: userId }, ip });
      throw new DomainError('INVALID_CREDENTIALS', 'the current password is wrong', 401);
    }
    const passwordHash = await hashPassword(dto.newPassword);
    return em.transactional(async (tx) => {
      await tx.nativeUpdate(Account, { id: userId }, { passwordHash });
      const revoked = await this.refresh.revokeAll(tx, userId, 'password_changed');
      const fresh = await this.standing.changed(tx, userId, ctx, { revokeAccessTokens: true });
      await this.audit.record(tx, { action: 'auth.password_changed', outcome: 'success', actorId: userId, target: { kind: 'account', id: userId }, ip, details: { revokedSessions: revoked } });
      return this.session(tx, fresh, await this.refresh.issue(tx, userId));
    });
  }

  private async session(em: EntityManager, account: Account, r: { refreshToken: string; expiresAt: Date }): Promise<Session> {
    const principal = principalFor(account, await this.affiliations.listFor(em, account.id));
    const accessToken = this.jwt.sign({ ...claimsFromPrincipal(principal), ver: account.standingVersion }, {
      privateKey: this.cfg.JWT_PRIVATE_KEY, algorithm: 'ES256', issuer: this.cfg.JWT_ISSUER, expiresIn: this.cfg.JWT_TTL_SECONDS,
    });
    return { accessToken, expiresIn: this.cfg.JWT_TTL_SECONDS, refreshToken: r.refreshToken, refreshExpiresAt: r.expiresAt };
  }
}
