import { Injectable } from '@nestjs/common';
import { LockMode, MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { v7 as uuidv7 } from 'uuid';
import type { Principal } from '@poleflow/auth';
import type { EventType } from '@poleflow/contracts';
import { DomainError } from '@poleflow/domain';
import { assertIfMatch, principalOf, type RequestCtx } from '@poleflow/http';
import { OutboxWriter, type EventDraft } from '@poleflow/messaging';
import { OrganisationRef, PoleRef } from '../reference/reference.entity.js';
import { addDaysIso, effectiveGrid, FEE_CLASSES, feeClassOf, feeFor, membershipYear, nextYear, todayIso, type FeeGrid } from './fees.js';
import { belongsTo, isPoleManager, isPoleStaff, membershipNotFound, notPoleManager } from './membership.access.js';
import type { ApplyDto, DecisionDto, FeeGridDto, FeeGridView, LeaveDto, MemberCountView, MemberDirectoryView, MembershipListQuery, MembershipView } from './membership.dto.js';
import { validFee } from './membership.dto.js';
import { Membership, MembershipSettings, type MembershipStatus } from './membership.entity.js';

const LIVE: MembershipStatus[] = ['applied', 'active'];

/** The `membership.*` payload fields every event shares. */
export const membershipRef = (m: Membership, organisationName: string, poleName?: string) => ({
  membershipId: m.id, poleId: m.poleId, organisationId: m.organisationId, organisationName, ...(poleName === undefined ? {} : { poleName }),
});

/** The pole's name on every draft (the tracker names the pole in its notifications). */
export async function withPoleName(em: EntityManager, poleId: string, drafts: EventDraft[]): Promise<EventDraft[]> {
  const name = (await em.findOne(PoleRef, poleId))?.name;
  return name === undefined ? drafts : drafts.map((d) => ({ ...d, payload: { ...(d.payload as object), poleName: name } } as EventDraft));
}

export const membershipEvent = <T extends EventType>(type: T, m: Membership, payload: object): EventDraft => ({ type, streamId: m.id, payload } as EventDraft);

/**
 * Memberships of poles: an organisation's members apply, the pole's managers accept (the first year starts, its
 * fee from the pole's grid) or refuse, record each year's fee as invoiced and paid, renew; the member or the
 * manager ends it. Every change commits with its event (outbox).
 */
@Injectable()
export class MembershipsService {
  constructor(private readonly orm: MikroORM, private readonly outbox: OutboxWriter) {}

  async apply(dto: ApplyDto, ctx: RequestCtx): Promise<MembershipView> {
    const p = principalOf(ctx);
    if (!belongsTo(p, dto.organisationId)) throw new DomainError('NOT_ORGANISATION_MEMBER', 'only a member of the organisation applies on its behalf', 403);
    return this.orm.em.fork().transactional(async (em) => {
      const pole = await em.findOne(PoleRef, dto.poleId);
      if (!pole) throw new DomainError('POLE_NOT_FOUND', `no pole ${dto.poleId}`, 404);
      const org = await em.findOne(OrganisationRef, dto.organisationId);
      if (!org) throw new DomainError('ORGANISATION_NOT_FOUND', `organisation ${dto.organisationId} is not known to the network yet; try again in a moment`, 404);
      // One live membership per pole and organisation; the partial unique index is the guarantee under concurrency.
      await em.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`membership:${dto.poleId}:${dto.organisationId}`]);
      if (await em.count(Membership, { poleId: pole.id, organisationId: org.id, status: { $in: LIVE } })) {
        throw new DomainError('MEMBERSHIP_EXISTS', `${org.name} already applied to or is a member of ${pole.name}`, 409);
      }
      const now = new Date();
      const m = em.create(Membership, {
        id: uuidv7(), poleId: pole.id, organisationId: org.id, status: 'applied', feeClass: feeClassOf(org), city: dto.city.trim(),
        themes: [...new Set(dto.themes.map((t) => t.trim()).filter(Boolean))], contact: { name: dto.contact.name.trim(), email: dto.contact.email.trim(), phone: dto.contact.phone?.trim() || null },
        message: dto.message?.trim() || null, appliedBy: p.userId, appliedAt: now, decidedBy: null, decidedAt: null, reason: null, years: [], endsOn: null,
        renewalRemindedAt: null, endedAt: null, updatedAt: now,
      });
      await em.flush();
      await this.outbox.append(em, [membershipEvent('membership.applied', m, { ...membershipRef(m, org.name, pole.name), feeClass: m.feeClass })], ctx);
      return this.view(em, m);
    });
  }

  async decide(id: string, ifMatch: string | undefined, dto: DecisionDto, ctx: RequestCtx): Promise<MembershipView> {
    const p = principalOf(ctx);
    return this.act(id, p, ctx, true, async (em, m, org) => {
      if (ifMatch !== undefined) assertIfMatch(ifMatch, m.version);
      if (m.status !== 'applied') throw transition(m, 'decide');
      const now = new Date();
      m.decidedBy = p.userId;
      m.decidedAt = now;
      if (dto.decision === 'refused') {
        const reason = dto.reason?.trim();
        if (!reason) throw new DomainError('REASON_REQUIRED', 'a refusal says why', 422);
        m.status = 'refused';
        m.reason = reason;
        m.endedAt = now;
        return [membershipEvent('membership.refused', m, { ...membershipRef(m, org.name), reason })];
      }
      const today = todayIso(now);
      const startsOn = dto.startsOn ?? today;
      if (startsOn < addDaysIso(today, -366) || startsOn > addDaysIso(today, 366)) {
        throw new DomainError('INVALID_START_DATE', 'the first membership year starts within a year of today', 422);
      }
      const year = membershipYear(startsOn);
      const feeCents = feeFor(await gridOf(em, m.poleId), m.feeClass);
      m.status = 'active';
      m.years = [{ ...year, feeClass: m.feeClass, feeCents, invoicedAt: null, paidAt: null }];
      m.endsOn = year.endsOn;
      return [membershipEvent('membership.accepted', m, { ...membershipRef(m, org.name), ...year, feeCents, feeClass: m.feeClass })];
    });
  }

  /** Records the current year's fee as invoiced, or as paid (invoiced at the same time when it was not). */
  async recordFee(id: string, what: 'invoiced' | 'paid', ctx: RequestCtx): Promise<MembershipView> {
    const p = principalOf(ctx);
    return this.act(id, p, ctx, true, async (_em, m, org) => {
      const year = m.years.at(-1);
      if (!year || (m.status !== 'active' && m.status !== 'lapsed' && m.status !== 'left')) throw transition(m, what === 'paid' ? 'record a payment' : 'invoice');
      const now = new Date().toISOString();
      const drafts: EventDraft[] = [];
      const fee = { ...membershipRef(m, org.name), startsOn: year.startsOn, feeCents: year.feeCents };
      if (what === 'invoiced' && year.invoicedAt) throw new DomainError('ALREADY_INVOICED', `the ${year.startsOn} year is already invoiced`, 409);
      if (what === 'paid' && year.paidAt) throw new DomainError('ALREADY_PAID', `the ${year.startsOn} year is already paid`, 409);
      const updated = { ...year };
      if (!year.invoicedAt) {
        updated.invoicedAt = now;
        drafts.push(membershipEvent('membership.invoiced', m, fee));
      }
      if (what === 'paid') {
        updated.paidAt = now;
        drafts.push(membershipEvent('membership.paid', m, fee));
      }
      m.years = [...m.years.slice(0, -1), updated];
      return drafts;
    });
  }

  /** Adds the next year (fee from today's grid): an active membership once, a lapsed one from today. */
  async renew(id: string, ctx: RequestCtx): Promise<MembershipView> {
    const p = principalOf(ctx);
    return this.act(id, p, ctx, false, async (em, m, org) => {
      if (!isPoleManager(p, m.poleId) && !belongsTo(p, m.organisationId)) throw new DomainError('NOT_ORGANISATION_MEMBER', 'the member or a manager of the pole renews', 403);
      const today = todayIso();
      if (m.status !== 'active' && m.status !== 'lapsed') throw transition(m, 'renew');
      if (m.status === 'active' && m.years.at(-1)!.startsOn > today) throw new DomainError('ALREADY_RENEWED', `the membership already runs until ${m.endsOn}`, 409);
      const year = m.status === 'lapsed' ? membershipYear(today) : nextYear(m.endsOn!);
      const feeCents = feeFor(await gridOf(em, m.poleId), m.feeClass);
      m.status = 'active';
      m.endedAt = null;
      m.years = [...m.years, { ...year, feeClass: m.feeClass, feeCents, invoicedAt: null, paidAt: null }];
      m.endsOn = year.endsOn;
      m.renewalRemindedAt = null;
      return [membershipEvent('membership.renewed', m, { ...membershipRef(m, org.name), ...year, feeCents, feeClass: m.feeClass })];
    });
  }

  /** The member leaves (or withdraws its application); a manager may also end a membership. */
  async leave(id: string, dto: LeaveDto, ctx: RequestCtx): Promise<MembershipView> {
    const p = principalOf(ctx);
    return this.act(id, p, ctx, false, async (_em, m, org) => {
      if (!isPoleManager(p, m.poleId) && !belongsTo(p, m.organisationId)) throw new DomainError('NOT_ORGANISATION_MEMBER', 'the member or a manager of the pole ends a membership', 403);
      if (m.status !== 'active' && m.status !== 'applied') throw transition(m, 'leave');
      const now = new Date();
      m.status = 'left';
      m.reason = dto.reason?.trim() || null;
      m.endedAt = now;
      return [membershipEvent('membership.left', m, { ...membershipRef(m, org.name), reason: m.reason })];
    });
  }

  async get(id: string, principal: Principal): Promise<MembershipView> {
    const em = this.orm.em.fork();
    const m = await em.findOne(Membership, id);
    if (!m || !canSee(principal, m)) throw membershipNotFound(id);
    return this.view(em, m);
  }

  async list(q: MembershipListQuery, p: Principal): Promise<MembershipView[]> {
    const em = this.orm.em.fork();
    const where: Record<string, unknown> = {};
    if (q.poleId) {
      if (!isPoleStaff(p, q.poleId)) {
        // Anyone else: only the memberships of their own organisations in that pole.
        where.organisationId = { $in: p.organisationIds };
      }
      where.poleId = q.poleId;
    } else if (q.organisationId) {
      if (!belongsTo(p, q.organisationId)) throw new DomainError('NOT_ORGANISATION_MEMBER', 'only the organisation\'s members list its memberships', 403);
      where.organisationId = q.organisationId;
    } else {
      where.organisationId = { $in: p.organisationIds };
    }
    if (q.status) where.status = q.status;
    const rows = await em.find(Membership, where, { orderBy: { appliedAt: 'desc', id: 'desc' }, limit: 2000 });
    return this.views(em, rows);
  }

  /** The member directory of a pole: public facts for everyone, contacts for the pole's members and staff. */
  async directory(poleId: string, p: Principal | undefined): Promise<MemberDirectoryView> {
    const em = this.orm.em.fork();
    const pole = await em.findOne(PoleRef, poleId);
    if (!pole) throw new DomainError('POLE_NOT_FOUND', `no pole ${poleId}`, 404);
    const rows = await em.find(Membership, { poleId, status: 'active' }, { limit: 5000 });
    const contactsVisible = isPoleStaff(p, poleId) || rows.some((m) => belongsTo(p, m.organisationId));
    const orgs = await orgsOf(em, rows);
    const members = rows.map((m) => {
      const o = orgs.get(m.organisationId);
      return {
        membershipId: m.id, organisationId: m.organisationId, name: o?.name ?? '—', city: m.city, kind: o?.kind ?? 'company', feeClass: m.feeClass,
        sizeEu: o?.sizeEu ?? null, themes: m.themes, memberSince: m.years[0]?.startsOn ?? null, contact: contactsVisible ? m.contact : null,
      };
    }).sort((a, b) => a.name.localeCompare(b.name, 'fr'));
    return { poleId, poleName: pole.name, contactsVisible, members };
  }

  /** Member counts of every pole: active memberships, else the figure the pole publishes. */
  async counts(): Promise<MemberCountView[]> {
    const em = this.orm.em.fork();
    const counted = new Map((await em.getConnection().execute<{ pole_id: string; n: number }[]>(
      `select pole_id, count(*)::int as n from network.memberships where status = 'active' group by pole_id`,
    )).map((r) => [r.pole_id, r.n]));
    const poles = await em.find(PoleRef, {}, { orderBy: { name: 'asc' } });
    return poles.map((pole) => {
      const n = counted.get(pole.id);
      if (n) return { poleId: pole.id, members: n, source: 'memberships' };
      if (pole.publishedMembers !== null) return { poleId: pole.id, members: pole.publishedMembers, source: 'published' };
      return { poleId: pole.id, members: null, source: 'none' };
    });
  }

  async grid(poleId: string): Promise<FeeGridView> {
    const em = this.orm.em.fork();
    if (!(await em.count(PoleRef, { id: poleId }))) throw new DomainError('POLE_NOT_FOUND', `no pole ${poleId}`, 404);
    const row = await em.findOne(MembershipSettings, { poleId });
    return { poleId, fees: effectiveGrid(row?.fees), leadMembershipRequired: row?.leadMembershipRequired ?? false, version: row?.version ?? 0 };
  }

  async setGrid(poleId: string, ifMatch: string | undefined, dto: FeeGridDto, ctx: RequestCtx): Promise<FeeGridView> {
    const p = principalOf(ctx);
    if (!isPoleManager(p, poleId)) throw notPoleManager();
    const unknown = Object.keys(dto.fees).filter((k) => !(FEE_CLASSES as readonly string[]).includes(k));
    const invalid = FEE_CLASSES.filter((c) => !validFee(dto.fees[c]));
    if (unknown.length || invalid.length) {
      throw new DomainError('INVALID_FEE_GRID', `the grid has one fee in euro cents (0 to 1,000,000 €) for each of ${FEE_CLASSES.join(', ')}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}`, 422);
    }
    const fees = Object.fromEntries(FEE_CLASSES.map((c) => [c, dto.fees[c]])) as FeeGrid;
    return this.orm.em.fork().transactional(async (em) => {
      if (!(await em.count(PoleRef, { id: poleId }))) throw new DomainError('POLE_NOT_FOUND', `no pole ${poleId}`, 404);
      const row = await em.findOne(MembershipSettings, { poleId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (ifMatch !== undefined) assertIfMatch(ifMatch, row?.version ?? 0);
      const before = row?.leadMembershipRequired ?? false;
      const now = new Date();
      const saved = row ?? em.create(MembershipSettings, { poleId, fees, leadMembershipRequired: dto.leadMembershipRequired, updatedBy: p.userId, updatedAt: now });
      Object.assign(saved, { fees, leadMembershipRequired: dto.leadMembershipRequired, updatedBy: p.userId, updatedAt: now });
      await em.flush();
      if (before !== dto.leadMembershipRequired) {
        await this.outbox.append(em, [{ type: 'membership.requirement_changed', streamId: poleId, payload: { poleId, leadMembershipRequired: dto.leadMembershipRequired } }], ctx);
      }
      return { poleId, fees, leadMembershipRequired: saved.leadMembershipRequired, version: saved.version };
    });
  }

  /** Lock, check who asks (a manager of the pole when `manager`), apply, write the events: the shape of every act. */
  private async act(
    id: string, p: Principal, ctx: RequestCtx, manager: boolean,
    apply: (em: EntityManager, m: Membership, org: OrganisationRef) => Promise<EventDraft[]>,
  ): Promise<MembershipView> {
    return this.orm.em.fork().transactional(async (em) => {
      const m = await em.findOne(Membership, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!m || !canSee(p, m)) throw membershipNotFound(id);
      if (manager && !isPoleManager(p, m.poleId)) throw notPoleManager();
      const org = await em.findOneOrFail(OrganisationRef, m.organisationId);
      const drafts = await apply(em, m, org);
      m.updatedAt = new Date();
      await em.flush();
      await this.outbox.append(em, await withPoleName(em, m.poleId, drafts), ctx);
      return this.view(em, m);
    });
  }

  async view(em: EntityManager, m: Membership): Promise<MembershipView> {
    return (await this.views(em, [m]))[0];
  }

  async views(em: EntityManager, rows: Membership[]): Promise<MembershipView[]> {
    const orgs = await orgsOf(em, rows);
    const poleIds = [...new Set(rows.map((m) => m.poleId))];
    const poles = new Map((await em.find(PoleRef, { id: { $in: poleIds } })).map((x) => [x.id, x]));
    const grids = new Map((await em.find(MembershipSettings, { poleId: { $in: poleIds } })).map((x) => [x.poleId, x.fees]));
    return rows.map((m) => ({
      id: m.id, poleId: m.poleId, poleName: poles.get(m.poleId)?.name ?? '—', organisationId: m.organisationId, organisationName: orgs.get(m.organisationId)?.name ?? '—',
      status: m.status, feeClass: m.feeClass, currentFeeCents: feeFor(grids.get(m.poleId), m.feeClass), city: m.city, themes: m.themes, contact: m.contact,
      message: m.message, appliedAt: m.appliedAt.toISOString(), decidedAt: m.decidedAt?.toISOString() ?? null, reason: m.reason, years: m.years, endsOn: m.endsOn,
      renewalDue: m.status === 'active' && m.renewalRemindedAt !== null, version: m.version,
    }));
  }
}

/** The organisation's members and the pole's staff see a membership. */
const canSee = (p: Principal, m: Membership): boolean => isPoleStaff(p, m.poleId) || belongsTo(p, m.organisationId);

const transition = (m: Membership, what: string): DomainError =>
  new DomainError('INVALID_MEMBERSHIP_TRANSITION', `a membership that is ${m.status} cannot ${what}`, 409);

export async function gridOf(em: EntityManager, poleId: string): Promise<Partial<FeeGrid> | null> {
  return (await em.findOne(MembershipSettings, { poleId }))?.fees ?? null;
}

async function orgsOf(em: EntityManager, rows: Membership[]): Promise<Map<string, OrganisationRef>> {
  const ids = [...new Set(rows.map((m) => m.organisationId))];
  return new Map((await em.find(OrganisationRef, { id: { $in: ids } })).map((o) => [o.id, o]));
}
