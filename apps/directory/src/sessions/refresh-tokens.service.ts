import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createHash, randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { APP_CONFIG } from '@poleflow/config';
import { DomainError } from '@poleflow/domain';
import { ident } from '@poleflow/persistence';
import type { DirectoryConfig } from '../config.js';
import { DIRECTORY_SCHEMA } from '../mikro-orm.config.js';

export interface IssuedRefresh {
  refreshToken: string;
  familyId: string;
  expiresAt: Date;
}

export type RotateOutcome =
  /** `parentId`: the token used, which the child names. */
  | { kind: 'rotated'; accountId: string; familyId: string; parentId: string }
  /** The token was already used: someone replayed it. The caller revokes the family and records it. */
  | { kind: 'reused'; accountId: string; familyId: string }
  | { kind: 'invalid' };

interface Row { id: string; family_id: string; account_id: string; used_at: Date | null; revoked_at: Date | null; live: boolean; in_grace: boolean | null }

export const hashRefresh = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** The refresh token's shape: 256 random bits, base64url (43 characters). Anything else is not looked up. */
const SHAPE = /^[A-Za-z0-9_-]{43}$/;

export const invalidRefresh = () => new DomainError('INVALID_REFRESH_TOKEN', 'the refresh token is invalid, expired or revoked; sign in again', 401);

/**
 * Refresh tokens (ARCHITECTURE.md §7, decision 23): opaque, 256 random bits, stored as their SHA-256 only, in
 * families (one per sign-in). Each use rotates: the token is marked used by a conditional UPDATE (only one of
 * two concurrent uses can win it) and a child of the same family is issued in the same transaction. A used
 * token presented again is a reuse: the whole family is revoked — except within `REFRESH_REUSE_GRACE_SECONDS` of
 * its use while none of its children has been used: then the client never received the child (a response lost
 * to a navigation or a closed tab, or two tabs refreshing at once) and the unused child is replaced by a new one
 * (revoked as 'superseded'). A thief replaying a token after its owner moved on still revokes the family.
 */
@Injectable()
export class RefreshTokens {
  private readonly table = `${ident(DIRECTORY_SCHEMA)}.refresh_tokens`;

  constructor(@Inject(APP_CONFIG) private readonly cfg: DirectoryConfig) {}

  /** A new token in `familyId` (a new family when absent), inside the caller's transaction. */
  async issue(em: EntityManager, accountId: string, familyId: string = uuidv7(), parentId: string | null = null): Promise<IssuedRefresh> {
    const refreshToken = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.cfg.REFRESH_TTL_DAYS * 86_400_000);
    await em.execute(
      `insert into ${this.table} (id, family_id, account_id, token_hash, created_at, expires_at, parent_id) values (?, ?, ?, ?, now(), ?, ?)`,
      [uuidv7(), familyId, accountId, hashRefresh(refreshToken), expiresAt, parentId],
    );
    return { refreshToken, familyId, expiresAt };
  }

  /** Marks the token used if it is live; inside the caller's transaction, which then issues the child. */
  async use(em: EntityManager, token: string): Promise<RotateOutcome> {
    if (!SHAPE.test(token)) return { kind: 'invalid' };
    const hash = hashRefresh(token);
    // the token's row locked: concurrent uses of one token run one after the other
    const [row] = await em.execute<Row[]>(
      `select id, family_id, account_id, used_at, revoked_at, expires_at > now() as live,
              used_at > now() - make_interval(secs => ?) as in_grace
         from ${this.table} where token_hash = ? for update`, [this.cfg.REFRESH_REUSE_GRACE_SECONDS, hash],
    );
    if (!row || row.revoked_at || !row.live) return { kind: 'invalid' };
    const mine = { accountId: row.account_id, familyId: row.family_id, parentId: row.id };
    if (!row.used_at) {
      await em.execute(`update ${this.table} set used_at = now() where id = ?`, [row.id]);
      return { kind: 'rotated', ...mine };
    }
    if (row.in_grace) {
      const children = await em.execute<{ used: boolean }[]>(
        `select used_at is not null as used from ${this.table} where parent_id = ? and revoked_reason is distinct from 'superseded' for update`, [row.id],
      );
      if (!children.some((c) => c.used)) {
        await em.execute(`update ${this.table} set revoked_at = now(), revoked_reason = 'superseded' where parent_id = ? and revoked_at is null`, [row.id]);
        return { kind: 'rotated', ...mine };
      }
    }
    return { kind: 'reused', accountId: row.account_id, familyId: row.family_id };
  }

  /** The family of a live or used token (for logout), or null. */
  async familyOf(em: EntityManager, token: string): Promise<{ familyId: string; accountId: string } | null> {
    if (!SHAPE.test(token)) return null;
    const [row] = await em.execute<Row[]>(`select family_id, account_id from ${this.table} where token_hash = ?`, [hashRefresh(token)]);
    return row ? { familyId: row.family_id, accountId: row.account_id } : null;
  }

  async revokeFamily(em: EntityManager, familyId: string, reason: string): Promise<number> {
    const rows = await em.execute<{ id: string }[]>(
      `update ${this.table} set revoked_at = now(), revoked_reason = ? where family_id = ? and revoked_at is null returning id`, [reason, familyId],
    );
    return rows.length;
  }

  /** Every session of the account (sign-out everywhere, password change, disabling). */
  async revokeAll(em: EntityManager, accountId: string, reason: string): Promise<number> {
    const rows = await em.execute<{ id: string }[]>(
      `update ${this.table} set revoked_at = now(), revoked_reason = ? where account_id = ? and revoked_at is null returning id`, [reason, accountId],
    );
    return rows.length;
  }
}
