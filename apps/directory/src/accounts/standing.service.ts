import { Injectable } from '@nestjs/common';
import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { claimsFromPrincipal } from '@poleflow/auth';
import { OutboxWriter, type EmitContext } from '@poleflow/messaging';
import { Affiliation } from '../affiliations/affiliation.entity.js';
import { Account } from './account.entity.js';
import { principalFor } from './principal.js';

export interface StandingChange {
  status?: 'active' | 'disabled';
  /** Refuse every access token minted until now (sign-out everywhere, password change, disabling). */
  revokeAccessTokens?: boolean;
}

/**
 * An account's standing (status, current roles and affiliations, revocation instant) is published as
 * `account.standing_changed` in the transaction of every change, with a version that only grows; directory's
 * inbox projects it into Redis, where every service's AuthGuard reads it (libs/auth standing.ts).
 */
@Injectable()
export class StandingService {
  constructor(private readonly outbox: OutboxWriter) {}

  /** Inside the caller's transaction (after its own writes are flushed): bumps the version, writes the event. */
  async changed(em: EntityManager, accountId: string, ctx: EmitContext, change: StandingChange = {}): Promise<Account> {
    // The row lock orders concurrent changes of one account: versions and events come out in commit order.
    const account = await em.findOneOrFail(Account, accountId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (change.status) account.status = change.status;
    account.standingVersion += 1;
    if (change.revokeAccessTokens) account.minTokenVersion = account.standingVersion;
    await em.flush();
    const claims = claimsFromPrincipal(principalFor(account, await em.find(Affiliation, { accountId: account.id }, { orderBy: { createdAt: 'asc', id: 'asc' } })));
    await this.outbox.append(em, [{
      type: 'account.standing_changed',
      // Its own stream: `affiliation.changed` keeps the account's id as stream and its numbering.
      streamId: `account:${account.id}`,
      payload: {
        accountId: account.id, version: account.standingVersion, status: account.status, roles: claims.roles, orgs: claims.orgs,
        poles: claims.poles, funders: claims.funders,
        minTokenVersion: account.minTokenVersion,
      },
    }], ctx);
    return account;
  }
}
