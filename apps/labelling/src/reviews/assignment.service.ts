import { Injectable } from '@nestjs/common';
import { LockMode, MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { v7 as uuidv7 } from 'uuid';
import { isAdmin, type Principal } from '@poleflow/auth';
import { DomainError, assertNoConflictOfInterest, assertUnderReview, conflictsOfInterest } from '@poleflow/domain';
import { assertIfMatch, decodeTimeCursor, pageOf, principalOf, type Page, type RequestCtx } from '@poleflow/http';
import { OutboxWriter } from '@poleflow/messaging';
import { lockForManager } from '../cases/case-commands.service.js';
import { caseNotFound, managesPole } from '../cases/case.access.js';
import { CaseRound, LabellingCase } from '../cases/case.entity.js';
import { caseEvent, caseRef } from '../cases/case.events.js';
import type { AssignReviewerDto } from '../cases/case.dto.js';
import type { AssignmentView, CandidateView, MyAssignmentView } from '../cases/case.view.js';
import { assignmentView } from '../cases/case.views.js';
import { Membership, OrganisationRef, PoleRef, PoolMember } from '../reference/reference.entity.js';
import { settingsOf } from '../settings/pole-settings.js';
import { Assignment } from './assignment.entity.js';
import type { DeclareConflictDto } from './review.dto.js';

const DAY_MS = 24 * 3600 * 1000;

export const assignmentNotFound = (id: string): DomainError => new DomainError('ASSIGNMENT_NOT_FOUND', `no assignment ${id}`, 404);

/**
 * Reviewer assignments: a pole manager assigns a reviewer of the pole's pool, refused when the reviewer works
 * for a partner of the consortium (conflict of interest detected from directory data, not declared). The
 * `labelling.reviewer_assigned` event written with it arms the reminder and due-date timers.
 */
@Injectable()
export class AssignmentService {
  constructor(private readonly orm: MikroORM, private readonly outbox: OutboxWriter) {}

  async assign(caseId: string, ifMatch: string | undefined, dto: AssignReviewerDto, ctx: RequestCtx): Promise<AssignmentView> {
    const principal = principalOf(ctx);
    return this.orm.em.fork().transactional(async (em) => {
      const { c, round, pole } = await lockForManager(em, caseId, principal);
      if (ifMatch !== undefined) assertIfMatch(ifMatch, c.version);
      assertUnderReview({ status: c.status, round: c.round });
      const member = await em.findOne(PoolMember, { poleId: c.poleId, userId: dto.reviewerUserId });
      if (!member?.active) throw new DomainError('REVIEWER_NOT_IN_POOL', `${dto.reviewerUserId} is not a reviewer of ${pole.name}`, 422);
      if (!member.available) throw new DomainError('REVIEWER_UNAVAILABLE', 'the reviewer is marked unavailable by the pole', 422);
      const earlier = await em.find(Assignment, { caseId: c.id, round: c.round, reviewerUserId: dto.reviewerUserId, status: { $ne: 'cancelled' } });
      if (earlier.some((a) => a.status === 'withdrawn')) {
        throw new DomainError('CONFLICT_OF_INTEREST', 'the reviewer declared a conflict of interest on this case', 409, { conflicts: [{ basis: 'declared' }] });
      }
      if (earlier.length) throw new DomainError('ALREADY_ASSIGNED', 'the reviewer is already assigned to this round', 409);
      assertNoConflictOfInterest(await tiesOf(em, dto.reviewerUserId), round.snapshot.partners.map((p) => ({ organisationId: p.organisationId, siren: p.siren, name: p.name })));
      const now = new Date();
      const settings = await settingsOf(em, c.poleId);
      const dueAt = dto.dueAt ? new Date(dto.dueAt) : new Date(now.getTime() + settings.reviewDays * DAY_MS);
      if (dueAt <= now) throw new DomainError('INVALID_DUE_DATE', 'the due date must be in the future', 422);
      const a = em.create(Assignment, {
        id: uuidv7(), caseId: c.id, projectId: c.projectId, poleId: c.poleId, round: c.round, reviewerUserId: dto.reviewerUserId, status: 'assigned',
        dueAt, assignedAt: now, assignedBy: principal.userId, remindedAt: null, overdueAt: null, withdrawnAt: null, withdrawalReason: null,
        scores: null, recommendation: null, summary: null, submittedAt: null, updatedAt: now,
      });
      c.updatedAt = now;
      await em.flush();
      await this.outbox.append(em, [caseEvent('labelling.reviewer_assigned', c, {
        ...caseRef(c, pole), assignmentId: a.id, reviewerUserId: a.reviewerUserId, dueAt: dueAt.toISOString(),
      })], ctx);
      return assignmentView(a, settings.weights);
    });
  }

  /** The reviewer steps back: a declared conflict of interest withdraws the assignment (and forbids a new one). */
  async declareConflict(id: string, dto: DeclareConflictDto, ctx: RequestCtx): Promise<AssignmentView> {
    const principal = principalOf(ctx);
    return this.orm.em.fork().transactional(async (em) => {
      const { a, c } = await lockOwnAssignment(em, id, principal);
      if (a.status !== 'assigned') throw new DomainError('ASSIGNMENT_CLOSED', `the assignment is ${a.status}`, 409);
      const now = new Date();
      Object.assign(a, { status: 'withdrawn', withdrawnAt: now, withdrawalReason: dto.reason.trim(), updatedAt: now });
      c.updatedAt = now;
      await em.flush();
      return assignmentView(a, (await settingsOf(em, a.poleId)).weights);
    });
  }

  /** A reviewer's own assignments (open first by due date), or a pole manager's view of one. */
  async mine(principal: Principal, q: { cursor?: string; limit?: number }): Promise<Page<MyAssignmentView>> {
    const em = this.orm.em.fork();
    const limit = q.limit ?? 20;
    const after = decodeTimeCursor(q.cursor);
    const rows = await em.find(Assignment, {
      reviewerUserId: principal.userId, status: { $ne: 'cancelled' },
      ...(after ? { $or: [{ assignedAt: { $lt: after.at } }, { assignedAt: after.at, id: { $lt: after.id } }] } : {}),
    }, { orderBy: { assignedAt: 'desc', id: 'desc' }, limit: limit + 1 });
    const cases = new Map((await em.find(LabellingCase, { id: { $in: rows.map((r) => r.caseId) } })).map((c) => [c.id, c]));
    const weights = new Map<string, Awaited<ReturnType<typeof settingsOf>>['weights']>();
    for (const poleId of new Set(rows.map((r) => r.poleId))) weights.set(poleId, (await settingsOf(em, poleId)).weights);
    const poles = new Map((await em.find(PoleRef, { id: { $in: [...new Set(rows.map((r) => r.poleId))] } })).map((p) => [p.id, p.name]));
    return pageOf(rows, limit, (a) => ({
      ...assignmentView(a, weights.get(a.poleId)!), acronym: cases.get(a.caseId)?.acronym ?? '?', title: cases.get(a.caseId)?.title ?? '',
      poleId: a.poleId, poleName: poles.get(a.poleId) ?? '',
    }),
      (a) => [a.assignedAt.toISOString(), a.id]);
  }

  /**
   * The pole's active reviewers as candidates for the case's current round: workload, expertise, and each
   * conflict of interest with this consortium (the same rule `assign` enforces), shown before anyone clicks.
   */
  async candidates(caseId: string, principal: Principal): Promise<CandidateView[]> {
    const em = this.orm.em.fork();
    const c = await em.findOne(LabellingCase, caseId);
    if (!c || !managesPole(principal, c.poleId)) throw caseNotFound(caseId);
    const round = await em.findOneOrFail(CaseRound, { caseId: c.id, round: c.round });
    const consortium = round.snapshot.partners.map((p) => ({ organisationId: p.organisationId, siren: p.siren, name: p.name }));
    const members = await em.find(PoolMember, { poleId: c.poleId, active: true }, { orderBy: { since: 'asc', userId: 'asc' } });
    const userIds = members.map((m) => m.userId);
    const memberships = await em.find(Membership, { userId: { $in: userIds } });
    const orgs = new Map((await em.find(OrganisationRef, { id: { $in: memberships.map((m) => m.organisationId) } })).map((o) => [o.id, o]));
    const open = await em.find(Assignment, { poleId: c.poleId, reviewerUserId: { $in: userIds }, status: 'assigned' }, { fields: ['reviewerUserId', 'dueAt', 'overdueAt'] });
    const here = await em.find(Assignment, { caseId: c.id, round: c.round, reviewerUserId: { $in: userIds }, status: { $ne: 'cancelled' } });
    const now = new Date();
    return members.map((m) => {
      const ties = memberships.filter((x) => x.userId === m.userId);
      const mine = here.find((a) => a.reviewerUserId === m.userId);
      const detected = conflictsOfInterest(
        { userId: m.userId, organisations: ties.map((x) => ({ organisationId: x.organisationId, siren: orgs.get(x.organisationId)?.siren ?? null })) }, consortium,
      ).map((x) => ({ organisationName: x.name, basis: x.basis, reason: null }));
      const declared = mine?.status === 'withdrawn' ? [{ organisationName: null, basis: 'declared' as const, reason: mine.withdrawalReason }] : [];
      return {
        userId: m.userId, available: m.available, expertise: m.expertise,
        organisations: ties.map((x) => orgs.get(x.organisationId)?.name ?? '').filter(Boolean),
        openAssignments: open.filter((a) => a.reviewerUserId === m.userId).length,
        overdueAssignments: open.filter((a) => a.reviewerUserId === m.userId && (a.overdueAt !== null || a.dueAt < now)).length,
        conflicts: [...detected, ...declared], assignment: mine ? (mine.status as CandidateView['assignment']) : null,
      };
    });
  }

  async get(id: string, principal: Principal): Promise<AssignmentView> {
    const em = this.orm.em.fork();
    const a = await em.findOne(Assignment, id);
    const staff = a && (isAdmin(principal) || principal.poles.some((x) => x.poleId === a.poleId && x.role === 'pole_manager'));
    if (!a || (!staff && a.reviewerUserId !== principal.userId)) throw assignmentNotFound(id);
    return assignmentView(a, (await settingsOf(em, a.poleId)).weights);
  }
}

/**
 * The reviewer's own assignment and its case, both locked — the case first, as every writer of a case does, so
 * a review and a committee decision never deadlock. Anyone else (managers included) gets 404: a review is its
 * author's to write.
 */
export async function lockOwnAssignment(em: EntityManager, id: string, principal: Principal): Promise<{ a: Assignment; c: LabellingCase }> {
  const seen = await em.findOne(Assignment, id);
  if (!seen || seen.reviewerUserId !== principal.userId) throw assignmentNotFound(id);
  const c = await em.findOneOrFail(LabellingCase, seen.caseId, { lockMode: LockMode.PESSIMISTIC_WRITE });
  const a = await em.findOneOrFail(Assignment, id, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  return { a, c };
}

/** Where the reviewer works, with SIRENs: the data a conflict of interest is detected from. */
async function tiesOf(em: EntityManager, userId: string) {
  const memberships = await em.find(Membership, { userId });
  const orgs = new Map((await em.find(OrganisationRef, { id: { $in: memberships.map((m) => m.organisationId) } })).map((o) => [o.id, o]));
  return { userId, organisations: memberships.map((m) => ({ organisationId: m.organisationId, siren: orgs.get(m.organisationId)?.siren ?? null })) };
}

