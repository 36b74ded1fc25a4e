import { Inject, Injectable, Logger } from '@nestjs/common';
import { LockMode, MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { ACCOUNT_STANDINGS, claimsFromPrincipal, type AccountStandings, type Standing } from '@poleflow/auth';
import type { EventPayload } from '@poleflow/contracts';
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
  private readonly logger = new Logger('Standing');

  constructor(
    private readonly orm: MikroORM,
    private readonly outbox: OutboxWriter,
    @Inject(ACCOUNT_STANDINGS) private readonly standings: AccountStandings,
  ) {}

  private async payloadOf(em: EntityManager, account: Account): Promise<EventPayload<'account.standing_changed'>> {
    const claims = claimsFromPrincipal(principalFor(account, await em.find(Affiliation, { accountId: account.id }, { orderBy: { createdAt: 'asc', id: 'asc' } })));
    return {
      accountId: account.id, version: account.standingVersion, status: account.status, roles: claims.roles, orgs: claims.orgs,
      poles: claims.poles, funders: claims.funders, minTokenVersion: account.minTokenVersion,
    };
  }

  /** Into Redis at once, after a sign-in or a refresh committed: the account's tokens are known everywhere before the answer. */
  async publishNow(accountId: string): Promise<void> {
    try {
      const em = this.orm.em.fork();
      const account = await em.findOne(Account, accountId);
      if (account && account.standingVersion > 0) await this.standings.put(standingOf(await this.payloadOf(em, account)));
    } catch (err) {
      // The event path (outbox → directory's inbox) still carries it; a sign-in never fails for this.
      this.logger.warn({ err: (err as Error).message, accountId }, 'could not publish the standing now');
    }
  }

  /** Inside the caller's transaction (after its own writes are flushed): bumps the version, writes the event. */
  async changed(em: EntityManager, accountId: string, ctx: EmitContext, change: StandingChange = {}): Promise<Account> {
    // The row lock orders concurrent changes of one account: versions and events come out in commit order.
    const account = await em.findOneOrFail(Account, accountId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (change.status) account.status = change.status;
    account.standingVersion += 1;
    if (change.revokeAccessTokens) account.minTokenVersion = account.standingVersion;
    await em.flush();
    await this.outbox.append(em, [{
      type: 'account.standing_changed',
      // Its own stream: `affiliation.changed` keeps the account's id as stream and its numbering.
      streamId: `account:${account.id}`,
      payload: await this.payloadOf(em, account),
    }], ctx);
    return account;
  }
}

/** The event's payload as libs/auth stores it. */
export const standingOf = (p: EventPayload<'account.standing_changed'>): Standing => ({
  accountId: p.accountId, version: p.version, status: p.status, roles: p.roles, orgs: p.orgs, poles: p.poles, funders: p.funders, minTokenVersion: p.minTokenVersion,
});
