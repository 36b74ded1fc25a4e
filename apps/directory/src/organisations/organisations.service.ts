import { Injectable } from '@nestjs/common';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { v7 as uuidv7 } from 'uuid';
import { isAdmin, type Principal } from '@poleflow/auth';
import { DomainError } from '@poleflow/domain';
import { assertIfMatch, decodeCursor, pageOf, type Page } from '@poleflow/http';
import { OutboxWriter, type EmitContext } from '@poleflow/messaging';
import { AffiliationsService } from '../affiliations/affiliations.service.js';
import { escapeLike } from '../common/sql.js';
import { Establishment } from './establishment.entity.js';
import type { JoinRequestView } from './membership.dto.js';
import { membersOf, MembershipsService } from './memberships.service.js';
import type {
  CreateEstablishmentDto, CreateOrganisationDto, EstablishmentView, OrganisationDetailView, OrganisationQuery, OrganisationRole, OrganisationView, UpdateOrganisationDto,
} from './organisation.dto.js';
import { Organisation } from './organisation.entity.js';
import { emitOrganisationUpdated, establishmentsOf, managedOrganisation, membershipOf, visibleOrganisation } from './organisation-access.js';
import { identifiers, organisationPayload, regionsOf, sizeOf, type Financials } from './organisation.rules.js';

export const organisationView = (o: Organisation, establishments: readonly Establishment[]): OrganisationView => ({
  id: o.id, name: o.name, kind: o.kind, siren: o.siren, siret: o.siret, region: o.region, regions: regionsOf(o, establishments), nafCode: o.nafCode,
  headcount: o.headcount, turnoverCents: o.turnoverCents, balanceSheetCents: o.balanceSheetCents,
  sizeEu: o.sizeEu, categoryFr: o.categoryFr, version: o.version, createdAt: o.createdAt.toISOString(), updatedAt: o.updatedAt.toISOString(),
});

const establishmentView = (e: Establishment): EstablishmentView => ({
  id: e.id, siret: e.siret, address: e.address, region: e.region, headOffice: e.headOffice, createdAt: e.createdAt.toISOString(),
});

const exists = (o: Organisation, what: string) => new DomainError(
  'ORGANISATION_EXISTS', `${what} is already registered as ${o.name}: ask its admins to join it (POST /api/v1/organisations/join-requests)`, 409,
  { organisationId: o.id, name: o.name, siren: o.siren },
);

type ListRow = Record<string, unknown> & { sort_key: string; id: string };

/** What registering answers: a new organisation, a new establishment of one's organisation, or a join request. */
export type Registration =
  | { kind: 'organisation'; view: OrganisationView }
  | { kind: 'establishment'; view: OrganisationView }
  | { kind: 'join_request'; request: JoinRequestView };

/**
 * Organisations (one per SIREN, the legal unit) and their establishments (SIRET). Every command writes its
 * state and its events in one transaction (ARCHITECTURE.md §3.1).
 */
@Injectable()
export class OrganisationsService {
  constructor(
    private readonly orm: MikroORM,
    private readonly outbox: OutboxWriter,
    private readonly affiliations: AffiliationsService,
    private readonly memberships: MembershipsService,
  ) {}

  /**
   * A new SIREN registers the organisation (its SIRET, if given, is the head office) and makes the caller its
   * admin. A new SIRET of a known SIREN is a new establishment: added at once for a member, otherwise carried by
   * a join request its admins decide. The same SIREN without a new SIRET is 409 ORGANISATION_EXISTS (with its id).
   */
  async register(dto: CreateOrganisationDto, who: Principal, ctx: EmitContext): Promise<Registration> {
    const { siren, siret } = identifiers(dto.siren, dto.siret);
    const financials: Financials = { headcount: dto.headcount ?? null, turnoverCents: dto.turnoverCents ?? null, balanceSheetCents: dto.balanceSheetCents ?? null };
    const address = dto.address?.trim() || null;
    const size = sizeOf(dto.kind, financials);
    try {
      return await this.orm.em.fork().transactional(async (em): Promise<Registration> => {
        const existing = await em.findOne(Organisation, { siren });
        if (existing) return this.registerEstablishment(em, existing, { siret, address, region: dto.region }, who, ctx);
        const now = new Date();
        const org = em.create(Organisation, {
          id: uuidv7(), name: dto.name.trim(), kind: dto.kind, siren, siret, region: dto.region, nafCode: dto.nafCode ?? null,
          ...financials, ...size, version: 1, createdAt: now, updatedAt: now,
        });
        await em.flush();
        // After the organisation's INSERT: no ORM relation orders the two (the FK is in the migration).
        const establishments = siret ? [em.create(Establishment, { id: uuidv7(), organisationId: org.id, siret, address, region: dto.region, headOffice: true, createdAt: now })] : [];
        await em.flush();
        await this.outbox.append(em, [{ type: 'organisation.registered', streamId: org.id, payload: organisationPayload(org, establishments) }], ctx);
        await this.affiliations.add(em, { accountId: who.userId, kind: 'organisation', targetId: org.id, role: 'admin' }, ctx);
        return { kind: 'organisation', view: organisationView(org, establishments) };
      });
    } catch (err) {
      // Two registrations of one SIREN (or SIRET) at once: the unique index decides; the caller retries and gets the answer above.
      if (err instanceof UniqueConstraintViolationException) throw new DomainError('ORGANISATION_EXISTS', `SIREN ${siren} was registered at the same moment; try again`, 409);
      throw err;
    }
  }

  private async registerEstablishment(
    em: EntityManager, org: Organisation, e: { siret: string | null; address: string | null; region: string }, who: Principal, ctx: EmitContext,
  ): Promise<Registration> {
    if (!e.siret || (await em.count(Establishment, { siret: e.siret })) || e.siret === org.siret) throw exists(org, e.siret ? `SIRET ${e.siret}` : `SIREN ${org.siren}`);
    if (!isAdmin(who) && !(await membershipOf(em, org.id, who.userId))) {
      return { kind: 'join_request', request: await this.memberships.open(em, org, who.userId, null, { siret: e.siret, address: e.address, region: e.region }) };
    }
    await this.addEstablishment(em, org, { siret: e.siret, address: e.address, region: e.region, headOffice: false }, ctx);
    return { kind: 'establishment', view: organisationView(org, await establishmentsOf(em, org.id)) };
  }

  /** An admin of the organisation adds an establishment (SIRET of its SIREN), possibly as the new head office. */
  async createEstablishment(id: string, dto: CreateEstablishmentDto, who: Principal, ctx: EmitContext): Promise<EstablishmentView> {
    return this.orm.em.fork().transactional(async (em) => {
      const org = await managedOrganisation(em, id, who);
      const { siret } = identifiers(org.siren, dto.siret);
      if (!siret) throw new DomainError('INVALID_SIRET', 'a SIRET is required', 400, { errors: [{ path: 'siret', message: 'a SIRET is required' }] });
      if (await em.count(Establishment, { siret })) throw new DomainError('ESTABLISHMENT_EXISTS', `SIRET ${siret} is already registered`, 409);
      return establishmentView(await this.addEstablishment(em, org, { siret, address: dto.address?.trim() || null, region: dto.region, headOffice: dto.headOffice ?? false }, ctx));
    });
  }

  async establishments(id: string, who: Principal): Promise<EstablishmentView[]> {
    const em = this.orm.em.fork();
    await visibleOrganisation(em, id, who);
    return (await establishmentsOf(em, id)).map(establishmentView);
  }

  /** A new head office moves the organisation's SIRET and region to it; `organisation.updated` carries every establishment. */
  private async addEstablishment(
    em: EntityManager, org: Organisation, e: { siret: string; address: string | null; region: string; headOffice: boolean }, ctx: EmitContext,
  ): Promise<Establishment> {
    const hasHeadOffice = (await em.count(Establishment, { organisationId: org.id, headOffice: true })) > 0;
    const headOffice = e.headOffice || (!hasHeadOffice && !org.siret);
    if (headOffice && hasHeadOffice) {
      await em.nativeUpdate(Establishment, { organisationId: org.id, headOffice: true }, { headOffice: false });
    }
    const row = em.create(Establishment, { id: uuidv7(), organisationId: org.id, ...e, headOffice, createdAt: new Date() });
    if (headOffice) em.assign(org, { siret: e.siret, region: e.region });
    else org.updatedAt = new Date();
    await em.flush();
    await emitOrganisationUpdated(em, this.outbox, org, ctx);
    return row;
  }

  async get(id: string, who: Principal): Promise<OrganisationDetailView> {
    const em = this.orm.em.fork();
    const org = await visibleOrganisation(em, id, who);
    const establishments = await establishmentsOf(em, id);
    const mine = await membershipOf(em, id, who.userId);
    return {
      ...organisationView(org, establishments), establishments: establishments.map(establishmentView), members: await membersOf(em, id),
      myRole: (mine?.role as OrganisationRole | undefined) ?? null,
    };
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
    const ids = rows.map((r) => r.id);
    const establishments = ids.length ? await em.find(Establishment, { organisationId: { $in: ids } }) : [];
    const of = (orgId: string) => establishments.filter((e) => e.organisationId === orgId);
    return pageOf(rows, limit, ({ sort_key: _, ...row }) => organisationView(em.map(Organisation, row), of(row.id as string)), (r) => [r.sort_key, r.id]);
  }

  /** The organisation's admins update it; optimistic concurrency: If-Match must carry the ETag read (428 without, 412 when stale). */
  async update(id: string, dto: UpdateOrganisationDto, ifMatch: string | undefined, who: Principal, ctx: EmitContext): Promise<OrganisationView> {
    return this.orm.em.fork().transactional(async (em) => {
      const org = await managedOrganisation(em, id, who);
      assertIfMatch(ifMatch, org.version);
      const establishments = await establishmentsOf(em, id);
      const before = JSON.stringify(organisationView(org, establishments));
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
      // The head office establishment follows the organisation's region.
      const head = establishments.find((e) => e.headOffice);
      if (head && head.siret === org.siret) head.region = org.region;
      // Nothing changed: no new version, no event.
      if (JSON.stringify(organisationView(org, establishments)) === before) return organisationView(org, establishments);
      // The version check in the UPDATE also catches a writer that committed after our read (OptimisticLockError → 412).
      await em.flush();
      await emitOrganisationUpdated(em, this.outbox, org, ctx);
      return organisationView(org, establishments);
    });
  }
}
