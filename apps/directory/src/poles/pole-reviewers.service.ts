import { Injectable } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { isAdmin, type Principal } from '@poleflow/auth';
import { DomainError } from '@poleflow/domain';
import { decodeCursor, pageOf, type Page, type PageQuery } from '@poleflow/http';
import type { EmitContext } from '@poleflow/messaging';
import { Account } from '../accounts/account.entity.js';
import { Affiliation } from '../affiliations/affiliation.entity.js';
import { AffiliationsService } from '../affiliations/affiliations.service.js';
import { Organisation } from '../organisations/organisation.entity.js';
import type { ReviewerView } from './pole-reviewer.dto.js';
import { Pole } from './pole.entity.js';

/** The keyset of the pool: appointment time in epoch microseconds (exact, whatever the precision stored), account id. */
const SINCE_US = `(extract(epoch from a.created_at) * 1000000)::bigint`;
const MICROS = /^\d{1,18}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** 404, not 403, for a pole the caller does not manage: no existence leak (ARCHITECTURE.md §1). */
const poleNotFound = (id: string) => new DomainError('POLE_NOT_FOUND', `no pole ${id}`, 404);

interface ReviewerFacts {
  accountId: string;
  email: string;
  displayName: string;
  since: Date;
}

interface ReviewerRow {
  account_id: string;
  email: string;
  display_name: string;
  created_at: Date | string;
  /** created_at in epoch microseconds: the cursor key. */
  sort_key: string;
}

/**
 * A pole's reviewer pool, managed by the pole's own managers (and admins). Appointing and removing go through
 * AffiliationsService, so the affiliation row and its `affiliation.changed` commit in one transaction — the
 * event labelling builds its reviewer pools from.
 *
 * Who manages the pole is read from the database in the command's transaction, not from the token (like
 * organisations): a manager whose appointment was ended a second ago can no longer change the pool.
 */
@Injectable()
export class PoleReviewersService {
  constructor(private readonly orm: MikroORM, private readonly affiliations: AffiliationsService) {}

  /** The pool, oldest appointment first, cursor-paginated. */
  async list(poleId: string, q: PageQuery, who: Principal): Promise<Page<ReviewerView>> {
    const em = this.orm.em.fork();
    await this.managed(em, poleId, who);
    const limit = q.limit ?? 20;
    const after = decodeCursor(q.cursor);
    // Both parts go into casts: a forged cursor must be a 400, never a failed query.
    if (after && (!MICROS.test(after.key) || !UUID.test(after.id))) throw new DomainError('INVALID_CURSOR', 'the cursor is not one this API returned', 400);
    const rows = await em.execute<ReviewerRow[]>(
      `select a.account_id, acc.email, acc.display_name, a.created_at, ${SINCE_US}::text as sort_key
       from "directory"."affiliations" a join "directory"."accounts" acc on acc.id = a.account_id
       where a.kind = 'pole' and a.role = 'reviewer' and a.target_id = ?
       ${after ? `and (${SINCE_US}, a.account_id) > (?::bigint, ?::uuid)` : ''}
       order by ${SINCE_US}, a.account_id limit ?`,
      [poleId, ...(after ? [after.key, after.id] : []), limit + 1],
    );
    const views = await this.views(em, rows.slice(0, limit).map((r) => ({
      accountId: r.account_id, email: r.email, displayName: r.display_name, since: new Date(r.created_at),
    })));
    const byId = new Map(views.map((v) => [v.accountId, v]));
    return pageOf(rows, limit, (r) => byId.get(r.account_id)!, (r) => [r.sort_key, r.account_id]);
  }

  /** Appoints an existing account (by e-mail) as reviewer of the pole; emits `affiliation.changed` (added). */
  async appoint(poleId: string, email: string, who: Principal, ctx: EmitContext): Promise<ReviewerView> {
    return this.orm.em.fork().transactional(async (em) => {
      await this.managed(em, poleId, who);
      const account = await em.findOne(Account, { email });
      if (!account) throw new DomainError('ACCOUNT_NOT_FOUND', `no account ${email}; ask them to register first`, 404);
      const row = await this.affiliations.add(em, { accountId: account.id, kind: 'pole', targetId: poleId, role: 'reviewer' }, ctx);
      const [view] = await this.views(em, [{ accountId: account.id, email: account.email, displayName: account.displayName, since: row.createdAt }]);
      return view;
    });
  }

  /** Ends the account's reviewer appointment at the pole; emits `affiliation.changed` (removed). */
  async remove(poleId: string, accountId: string, who: Principal, ctx: EmitContext): Promise<void> {
    await this.orm.em.fork().transactional(async (em) => {
      await this.managed(em, poleId, who);
      const row = await em.findOne(Affiliation, { accountId, kind: 'pole', targetId: poleId, role: 'reviewer' });
      if (!row) throw new DomainError('REVIEWER_NOT_FOUND', `account ${accountId} is not a reviewer of this pole`, 404);
      await this.affiliations.remove(em, row, ctx);
    });
  }

  /** Passes when the pole exists and the caller is an admin or one of its managers; POLE_NOT_FOUND otherwise. */
  private async managed(em: EntityManager, poleId: string, who: Principal): Promise<void> {
    if (!(await em.count(Pole, { id: poleId }))) throw poleNotFound(poleId);
    if (isAdmin(who)) return;
    const manages = await em.count(Affiliation, { accountId: who.userId, kind: 'pole', targetId: poleId, role: 'pole_manager' });
    if (!manages) throw poleNotFound(poleId);
  }

  /** Adds each reviewer's organisations, by name (two queries for the whole page). */
  private async views(em: EntityManager, reviewers: ReviewerFacts[]): Promise<ReviewerView[]> {
    const ids = reviewers.map((r) => r.accountId);
    const memberships = ids.length ? await em.find(Affiliation, { kind: 'organisation', accountId: { $in: ids } }) : [];
    const orgIds = [...new Set(memberships.map((m) => m.targetId))];
    const orgs = orgIds.length ? await em.find(Organisation, { id: { $in: orgIds } }, { fields: ['id', 'name'], orderBy: { name: 'asc', id: 'asc' } }) : [];
    return reviewers.map((r) => {
      const mine = new Set(memberships.filter((m) => m.accountId === r.accountId).map((m) => m.targetId));
      return {
        accountId: r.accountId, email: r.email, displayName: r.displayName, since: r.since.toISOString(),
        organisations: orgs.filter((o) => mine.has(o.id)).map((o) => ({ id: o.id, name: o.name })),
      };
    });
  }
}
