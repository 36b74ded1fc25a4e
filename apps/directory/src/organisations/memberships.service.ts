import { Injectable } from '@nestjs/common';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { v7 as uuidv7 } from 'uuid';
import type { Principal } from '@poleflow/auth';
import { DomainError } from '@poleflow/domain';
import { OutboxWriter, type EmitContext } from '@poleflow/messaging';
import { Account } from '../accounts/account.entity.js';
import { Affiliation } from '../affiliations/affiliation.entity.js';
import { AffiliationsService } from '../affiliations/affiliations.service.js';
import { Establishment } from './establishment.entity.js';
import { JoinRequest, type JoinRequestStatus } from './join-request.entity.js';
import type { JoinRequestView, OrganisationLookupView } from './membership.dto.js';
import type { MemberView, OrganisationRole } from './organisation.dto.js';
import { Organisation } from './organisation.entity.js';
import { emitOrganisationUpdated, managedOrganisation, membershipOf, organisationNotFound, visibleOrganisation } from './organisation-access.js';
import { validSiren } from './organisation.rules.js';

const requestNotFound = (id: string) => new DomainError('JOIN_REQUEST_NOT_FOUND', `no join request ${id}`, 404);
const alreadyMember = () => new DomainError('ALREADY_MEMBER', 'already a member of this organisation', 409);

export type ProposedEstablishment = { siret: string; address: string | null; region: string };

/**
 * The people of an organisation: join requests (asked by SIREN, decided by the organisation's admins), roles
 * (`member`, `admin`), leaving and removal. The organisation keeps at least one admin: every change that could
 * remove the last one locks the organisation row first, so two admins leaving at once cannot both succeed.
 */
@Injectable()
export class MembershipsService {
  constructor(private readonly orm: MikroORM, private readonly outbox: OutboxWriter, private readonly affiliations: AffiliationsService) {}

  /** Anyone signed in finds an organisation by SIREN (the SIREN register is public) to ask to join it. */
  async lookup(sirenInput: string, who: Principal): Promise<OrganisationLookupView> {
    const em = this.orm.em.fork();
    const siren = validSiren(sirenInput);
    const org = await em.findOne(Organisation, { siren });
    if (!org) throw new DomainError('ORGANISATION_NOT_FOUND', `no organisation with SIREN ${siren} is registered: register it`, 404);
    return { id: org.id, name: org.name, siren: org.siren, region: org.region, member: !!(await membershipOf(em, org.id, who.userId)) };
  }

  async requestToJoin(sirenInput: string, message: string | undefined, who: Principal): Promise<JoinRequestView> {
    const siren = validSiren(sirenInput);
    return this.orm.em.fork().transactional(async (em) => {
      const org = await em.findOne(Organisation, { siren });
      if (!org) throw new DomainError('ORGANISATION_NOT_FOUND', `no organisation with SIREN ${siren} is registered: register it`, 404);
      return this.open(em, org, who.userId, message?.trim() || null, null);
    });
  }

  /** Inside the caller's transaction (also used when someone registers a new SIRET of an organisation they are not in). */
  async open(em: EntityManager, org: Organisation, accountId: string, message: string | null, establishment: ProposedEstablishment | null): Promise<JoinRequestView> {
    if (await membershipOf(em, org.id, accountId)) throw alreadyMember();
    const pending = () => new DomainError('JOIN_REQUEST_PENDING', 'a request to join this organisation is already waiting for its admins', 409);
    if (await em.count(JoinRequest, { organisationId: org.id, accountId, status: 'pending' })) throw pending();
    const row = em.create(JoinRequest, {
      id: uuidv7(), organisationId: org.id, accountId, status: 'pending', message, establishment, decidedBy: null, decidedAt: null, reason: null, createdAt: new Date(),
    });
    try {
      await em.flush();
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw pending();
      throw err;
    }
    return (await this.views(em, [row]))[0];
  }

  /** The caller's own requests, newest first. */
  async mine(who: Principal): Promise<JoinRequestView[]> {
    const em = this.orm.em.fork();
    return this.views(em, await em.find(JoinRequest, { accountId: who.userId }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: 100 }));
  }

  async cancel(requestId: string, who: Principal): Promise<JoinRequestView> {
    return this.orm.em.fork().transactional(async (em) => {
      const row = await em.findOne(JoinRequest, { id: requestId, accountId: who.userId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!row) throw requestNotFound(requestId);
      if (row.status !== 'pending') throw new DomainError('JOIN_REQUEST_DECIDED', `the request is already ${row.status}`, 409);
      row.status = 'cancelled';
      row.decidedAt = new Date();
      return (await this.views(em, [row]))[0];
    });
  }

  /** The organisation's admins list its requests (pending by default), oldest first. */
  async requests(organisationId: string, status: JoinRequestStatus | undefined, who: Principal): Promise<JoinRequestView[]> {
    const em = this.orm.em.fork();
    await managedOrganisation(em, organisationId, who);
    return this.views(em, await em.find(JoinRequest, { organisationId, status: status ?? 'pending' }, { orderBy: { createdAt: 'asc', id: 'asc' }, limit: 500 }));
  }

  /** Approval makes the requester a member (and adds the establishment the request carried). */
  async decide(organisationId: string, requestId: string, approve: boolean, reason: string | undefined, who: Principal, ctx: EmitContext): Promise<JoinRequestView> {
    return this.orm.em.fork().transactional(async (em) => {
      const org = await managedOrganisation(em, organisationId, who);
      const row = await em.findOne(JoinRequest, { id: requestId, organisationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!row) throw requestNotFound(requestId);
      if (row.status !== 'pending') throw new DomainError('JOIN_REQUEST_DECIDED', `the request is already ${row.status}`, 409);
      Object.assign(row, { status: approve ? 'approved' : 'refused', decidedBy: who.userId, decidedAt: new Date(), reason: reason?.trim() || null });
      await em.flush();
      if (approve) {
        if (!(await membershipOf(em, organisationId, row.accountId))) {
          await this.affiliations.add(em, { accountId: row.accountId, kind: 'organisation', targetId: organisationId, role: 'member' }, ctx);
        }
        const e = row.establishment;
        if (e && !(await em.count(Establishment, { siret: e.siret }))) {
          em.create(Establishment, { id: uuidv7(), organisationId, siret: e.siret, address: e.address, region: e.region, headOffice: false, createdAt: new Date() });
          await em.flush();
          await emitOrganisationUpdated(em, this.outbox, org, ctx);
        }
      }
      return (await this.views(em, [row]))[0];
    });
  }

  /** Members and admins see who belongs to the organisation. */
  async members(organisationId: string, who: Principal): Promise<MemberView[]> {
    const em = this.orm.em.fork();
    await visibleOrganisation(em, organisationId, who);
    return membersOf(em, organisationId);
  }

  /** An admin adds an existing account as member (or a platform admin does). */
  async addMember(organisationId: string, email: string, who: Principal, ctx: EmitContext): Promise<MemberView> {
    return this.orm.em.fork().transactional(async (em) => {
      await managedOrganisation(em, organisationId, who);
      const account = await em.findOne(Account, { email: email.trim().toLowerCase() });
      if (!account) throw new DomainError('ACCOUNT_NOT_FOUND', `no account ${email}; ask them to register first`, 404);
      if (await membershipOf(em, organisationId, account.id)) throw new DomainError('ALREADY_MEMBER', `${email} is already a member`, 409);
      const row = await this.affiliations.add(em, { accountId: account.id, kind: 'organisation', targetId: organisationId, role: 'member' }, ctx);
      // A pending request of the same person is answered by this addition.
      await em.nativeUpdate(JoinRequest, { organisationId, accountId: account.id, status: 'pending' }, { status: 'approved', decidedBy: who.userId, decidedAt: new Date() });
      return memberView(account, row);
    });
  }

  /** The caller leaves; the last admin may not (name another admin first). */
  async leave(organisationId: string, who: Principal, ctx: EmitContext): Promise<void> {
    await this.orm.em.fork().transactional(async (em) => {
      await this.lock(em, organisationId);
      const row = await membershipOf(em, organisationId, who.userId);
      if (!row) throw organisationNotFound(organisationId);
      await this.assertNotLastAdmin(em, row);
      await this.affiliations.remove(em, row, ctx);
    });
  }

  /** An admin removes a member (or an admin other than the last one). */
  async removeMember(organisationId: string, accountId: string, who: Principal, ctx: EmitContext): Promise<void> {
    await this.orm.em.fork().transactional(async (em) => {
      await this.lock(em, organisationId);
      await managedOrganisation(em, organisationId, who);
      const row = await membershipOf(em, organisationId, accountId);
      if (!row) throw new DomainError('MEMBER_NOT_FOUND', `account ${accountId} is not a member`, 404);
      await this.assertNotLastAdmin(em, row);
      await this.affiliations.remove(em, row, ctx);
    });
  }

  /** An admin makes a member admin, or an admin member again (never the last admin). */
  async setRole(organisationId: string, accountId: string, role: OrganisationRole, who: Principal, ctx: EmitContext): Promise<MemberView> {
    return this.orm.em.fork().transactional(async (em) => {
      await this.lock(em, organisationId);
      await managedOrganisation(em, organisationId, who);
      const row = await membershipOf(em, organisationId, accountId);
      if (!row) throw new DomainError('MEMBER_NOT_FOUND', `account ${accountId} is not a member`, 404);
      const account = await em.findOneOrFail(Account, accountId);
      if (row.role === role) return memberView(account, row);
      if (role !== 'admin') await this.assertNotLastAdmin(em, row);
      await this.affiliations.remove(em, row, ctx);
      const next = await this.affiliations.add(em, { accountId, kind: 'organisation', targetId: organisationId, role }, ctx);
      return memberView(account, next);
    });
  }

  private async lock(em: EntityManager, organisationId: string): Promise<void> {
    const org = await em.findOne(Organisation, organisationId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!org) throw organisationNotFound(organisationId);
  }

  private async assertNotLastAdmin(em: EntityManager, row: Affiliation): Promise<void> {
    if (row.role !== 'admin') return;
    if ((await em.count(Affiliation, { kind: 'organisation', targetId: row.targetId, role: 'admin' })) > 1) return;
    throw new DomainError('LAST_ADMIN', 'the last admin of an organisation cannot leave it or step down: make another member admin first', 409);
  }

  private async views(em: EntityManager, rows: JoinRequest[]): Promise<JoinRequestView[]> {
    if (!rows.length) return [];
    const accounts = new Map((await em.find(Account, { id: { $in: [...new Set(rows.map((r) => r.accountId))] } })).map((a) => [a.id, a]));
    const orgs = new Map((await em.find(Organisation, { id: { $in: [...new Set(rows.map((r) => r.organisationId))] } })).map((o) => [o.id, o]));
    return rows.map((r) => ({
      id: r.id, organisationId: r.organisationId, organisationName: orgs.get(r.organisationId)?.name ?? '', accountId: r.accountId,
      email: accounts.get(r.accountId)?.email ?? '', displayName: accounts.get(r.accountId)?.displayName ?? '', status: r.status, message: r.message,
      establishment: r.establishment, reason: r.reason, decidedAt: r.decidedAt?.toISOString() ?? null, createdAt: r.createdAt.toISOString(),
    }));
  }
}

const memberView = (a: Account, r: Affiliation): MemberView => ({
  accountId: a.id, email: a.email, displayName: a.displayName, role: r.role as OrganisationRole, since: r.createdAt.toISOString(),
});

/** Members with their role, longest-standing first. */
export async function membersOf(em: EntityManager, organisationId: string): Promise<MemberView[]> {
  const rows = await em.find(Affiliation, { kind: 'organisation', targetId: organisationId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  const accounts = rows.length ? await em.find(Account, { id: { $in: rows.map((r) => r.accountId) } }) : [];
  const byId = new Map(accounts.map((a) => [a.id, a]));
  return rows.flatMap((r) => {
    const a = byId.get(r.accountId);
    return a ? [memberView(a, r)] : [];
  });
}

