import { Injectable } from '@nestjs/common';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { v7 as uuidv7 } from 'uuid';
import { isAdmin, type Principal } from '@poleflow/auth';
import { DomainError } from '@poleflow/domain';
import { assertIfMatch, decodeCursor, pageOf, type Page } from '@poleflow/http';
import { OutboxWriter, type EmitContext } from '@poleflow/messaging';
import { Account } from '../accounts/account.entity.js';
import { Affiliation } from '../affiliations/affiliation.entity.js';
import { AffiliationsService } from '../affiliations/affiliations.service.js';
import { escapeLike } from '../common/sql.js';
import type { CreateOrganisationDto, MemberView, OrganisationDetailView, OrganisationQuery, OrganisationView, UpdateOrganisationDto } from './organisation.dto.js';
import { Organisation } from './organisation.entity.js';
import { identifiers, organisationPayload, sizeOf, type Financials } from './organisation.rules.js';

export const organisationView = (o: Organisation): OrganisationView => ({
  id: o.id, name: o.name, kind: o.kind, siren: o.siren, siret: o.siret, region: o.region, nafCode: o.nafCode,
  headcount: o.headcount, turnoverCents: o.turnoverCents, balanceSheetCents: o.balanceSheetCents,
  sizeEu: o.sizeEu, categoryFr: o.categoryFr, version: o.version, createdAt: o.createdAt.toISOString(), updatedAt: o.updatedAt.toISOString(),
});

/** 404, not 403, for an organisation the caller may not see: no existence leak (ARCHITECTURE.md §1). */
const notFound = (id: string) => new DomainError('ORGANISATION_NOT_FOUND', `no organisation ${id}`, 404);
const exists = (siren: string) => new DomainError('ORGANISATION_EXISTS', `an organisation with SIREN ${siren} is already registered`, 409);

type ListRow = Record<string, unknown> & { sort_key: string; id: string };

/**
 * Organisations and their members. Every command writes its state and its events in one transaction
 * (ARCHITECTURE.md §3.1). Access is decided from the database, not from the token, so a membership granted
 * or removed a second ago already counts.
 */
@Injectable()
export class OrganisationsService {
  constructor(
    private readonly orm: MikroORM,
    private readonly outbox: OutboxWriter,
    private readonly affiliations: AffiliationsService,
  ) {}

  /** Registers the organisation; the caller becomes its first member. */
  async register(dto: CreateOrganisationDto, who: Principal, ctx: EmitContext): Promise<OrganisationView> {
    const { siren, siret } = identifiers(dto.siren, dto.siret);
    const financials: Financials = { headcount: dto.headcount ?? null, turnoverCents: dto.turnoverCents ?? null, balanceSheetCents: dto.balanceSheetCents ?? null };
    const size = sizeOf(dto.kind, financials);
    try {
      return await this.orm.em.fork().transactional(async (em) => {
        if (await em.count(Organisation, { siren })) throw exists(siren);
        const now = new Date();
        const org = em.create(Organisation, {
          id: uuidv7(), name: dto.name.trim(), kind: dto.kind, siren, siret, region: dto.region, nafCode: dto.nafCode ?? null,
          ...financials, ...size, version: 1, createdAt: now, updatedAt: now,
        });
        await em.flush();
        await this.outbox.append(em, [{ type: 'organisation.registered', streamId: org.id, payload: organisationPayload(org) }], ctx);
        await this.affiliations.add(em, { accountId: who.userId, kind: 'organisation', targetId: org.id, role: 'member' }, ctx);
        return organisationView(org);
      });
    } catch (err) {
      // Two registrations of one SIREN at once: the unique index decides, the loser gets the same 409.
      if (err instanceof UniqueConstraintViolationException) throw exists(siren);
      throw err;
    }
  }

  async get(id: string, who: Principal): Promise<OrganisationDetailView> {
    const em = this.orm.em.fork();
    const org = await this.visible(em, id, who);
    return { ...organisationView(org), members: await this.members(em, id) };
  }

  /** Admins list every organisation; anyone else the organisations they belong to. Sorted by name. */
  async list(q: OrganisationQuery, who: Principal): Promise<Page<OrganisationView>> {
    const em = this.orm.em.fork();
    const limit = q.limit ?? 20;
    const after = decodeCursor(q.cursor);
    const where: string[] = [];
    const params: unknown[] = [];
    if (!isAdmin(who)) {
      where.push(`exists (select 1 from "directory"."affiliations" a where a.kind = 'organisation' and a.target_id = o.id and a.account_id = ?)`);
      params.push(who.userId);
    }
    const text = q.q?.trim();
    if (text) {
      where.push(`("directory".f_unaccent(o.name) ilike '%' || "directory".f_unaccent(?) || '%' or o.siren like ?)`);
      params.push(escapeLike(text), `${escapeLike(text.replace(/\s+/g, ''))}%`);
    }
    if (after) {
      where.push(`(lower("directory".f_unaccent(o.name)), o.id) > (?, ?::uuid)`);
      params.push(after.key, after.id);
    }
    const rows = await em.execute<ListRow[]>(
      `select o.*, lower("directory".f_unaccent(o.name)) as sort_key from "directory"."organisations" o
       ${where.length ? `where ${where.join(' and ')}` : ''}
       order by sort_key, o.id limit ?`,
      [...params, limit + 1],
    );
    return pageOf(rows, limit, ({ sort_key: _, ...row }) => organisationView(em.map(Organisation, row)), (r) => [r.sort_key, r.id]);
  }

  /** Optimistic concurrency: If-Match must carry the ETag read (428 without, 412 when stale). */
  async update(id: string, dto: UpdateOrganisationDto, ifMatch: string | undefined, who: Principal, ctx: EmitContext): Promise<OrganisationView> {
    return this.orm.em.fork().transactional(async (em) => {
      const org = await this.visible(em, id, who);
      assertIfMatch(ifMatch, org.version);
      const before = JSON.stringify(organisationView(org));
      const siret = dto.siret === undefined ? org.siret : identifiers(org.siren, dto.siret).siret;
      const financials: Financials = {
        headcount: dto.headcount === undefined ? org.headcount : dto.headcount,
        turnoverCents: dto.turnoverCents === undefined ? org.turnoverCents : dto.turnoverCents,
        balanceSheetCents: dto.balanceSheetCents === undefined ? org.balanceSheetCents : dto.balanceSheetCents,
      };
      em.assign(org, {
        name: dto.name?.trim() ?? org.name, siret, region: dto.region ?? org.region, nafCode: dto.nafCode === undefined ? org.nafCode : dto.nafCode,
        ...financials, ...sizeOf(org.kind, financials),
      });
      // Nothing changed: no new version, no event.
      if (JSON.stringify(organisationView(org)) === before) return organisationView(org);
      // The version check in the UPDATE also catches a writer that committed after our read (OptimisticLockError → 412).
      await em.flush();
      await this.outbox.append(em, [{ type: 'organisation.updated', streamId: org.id, payload: organisationPayload(org) }], ctx);
      return organisationView(org);
    });
  }

  /** A member (or an admin) adds another existing account as member. */
  async addMember(id: string, email: string, who: Principal, ctx: EmitContext): Promise<MemberView> {
    return this.orm.em.fork().transactional(async (em) => {
      await this.visible(em, id, who);
      const account = await em.findOne(Account, { email });
      if (!account) throw new DomainError('ACCOUNT_NOT_FOUND', `no account ${email}; ask them to register first`, 404);
      if (await em.count(Affiliation, { accountId: account.id, kind: 'organisation', targetId: id })) {
        throw new DomainError('ALREADY_MEMBER', `${email} is already a member`, 409);
      }
      await this.affiliations.add(em, { accountId: account.id, kind: 'organisation', targetId: id, role: 'member' }, ctx);
      return { accountId: account.id, email: account.email, displayName: account.displayName };
    });
  }

  private async visible(em: EntityManager, id: string, who: Principal): Promise<Organisation> {
    const org = await em.findOne(Organisation, id);
    if (!org) throw notFound(id);
    if (isAdmin(who)) return org;
    const member = await em.count(Affiliation, { accountId: who.userId, kind: 'organisation', targetId: id });
    if (!member) throw notFound(id);
    return org;
  }

  private async members(em: EntityManager, id: string): Promise<MemberView[]> {
    const rows = await em.find(Affiliation, { kind: 'organisation', targetId: id }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    const accounts = rows.length ? await em.find(Account, { id: { $in: rows.map((r) => r.accountId) } }) : [];
    const byId = new Map(accounts.map((a) => [a.id, a]));
    return rows.flatMap((r) => {
      const a = byId.get(r.accountId);
      return a ? [{ accountId: a.id, email: a.email, displayName: a.displayName }] : [];
    });
  }
}
