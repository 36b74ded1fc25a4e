import { Injectable } from '@nestjs/common';
import { LockMode, MikroORM, type EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { isAdmin, type Principal } from '@poleflow/auth';
import type { EventDraft } from '@poleflow/messaging';
import { DomainError, executeMilestone, milestoneStageOf, repaymentSchedule, addMonths, type MilestoneCommand, type MilestoneStatus } from '@poleflow/domain';
import { assertIfMatch, principalOf, type RequestCtx } from '@poleflow/http';
import { OutboxWriter } from '@poleflow/messaging';
import { ProjectRef } from '../reference/reference.entity.js';
import type { MilestoneView, ReportDto, RescheduleDto, ReviewDto } from './milestone.dto.js';
import { milestoneRef } from './milestone.events.js';
import { Evidence } from '../evidence/evidence.entity.js';
import { canSee, isOfficer, milestoneNotFound } from './milestone.access.js';
import { Milestone, Plan, type Report } from './plan.entity.js';

/** The review queue's bound (a funder follows a few hundred milestones at most). */
export const REVIEW_QUEUE_MAX = 500;

/**
 * Reports by the consortium, reviews by the funder, reschedules: each locks the milestone, lets the pure
 * machine decide, and writes the new state with its events. Validation releases the tranche (amounts per
 * partner; a repayable advance gets its repayment schedule) and, for the market launch, ends the journey.
 */
@Injectable()
export class MilestonesService {
  constructor(private readonly orm: MikroORM, private readonly outbox: OutboxWriter) {}

  /**
   * One project's milestones by due date; without a project, those the caller may see (its funders' for an
   * officer, its organisations' for a consortium member), escalated then overdue first, then by due date.
   */
  async list(q: { projectId?: string; funderId?: string; status?: MilestoneStatus }, principal: Principal): Promise<MilestoneView[]> {
    const em = this.orm.em.fork();
    const and: FilterQuery<Milestone>[] = [];
    if (q.projectId) and.push({ projectId: q.projectId });
    if (q.funderId) and.push({ funderId: q.funderId });
    if (q.status) and.push({ status: q.status });
    if (!q.projectId && !isAdmin(principal)) {
      const scope: FilterQuery<Milestone>[] = [];
      if (principal.funderIds.length) scope.push({ funderId: { $in: principal.funderIds } });
      if (principal.organisationIds.length) scope.push({ organisationIds: { $overlap: principal.organisationIds } });
      if (!scope.length) return [];
      and.push({ $or: scope });
    }
    const rows = await em.find(Milestone, and.length ? { $and: and } : {}, { orderBy: { dueAt: 'asc', id: 'asc' }, limit: q.projectId ? undefined : REVIEW_QUEUE_MAX });
    const visible = rows.filter((m) => canSee(principal, m));
    const plans = new Map((await em.find(Plan, { id: { $in: [...new Set(visible.map((m) => m.planId))] } })).map((p) => [p.id, p]));
    const acronyms = new Map((await em.find(ProjectRef, { id: { $in: [...new Set(visible.map((m) => m.projectId))] } }, { fields: ['id', 'acronym'] })).map((p) => [p.id, p.acronym]));
    const now = new Date();
    const views = visible.map((m) => view(m, plans.get(m.planId)!, now, acronyms.get(m.projectId)));
    if (q.projectId) return views;
    const rank = (v: MilestoneView) => (v.escalated ? 0 : v.overdue ? 1 : 2);
    return views.sort((a, b) => rank(a) - rank(b) || a.dueAt.localeCompare(b.dueAt));
  }

  async get(id: string, principal: Principal): Promise<MilestoneView> {
    const em = this.orm.em.fork();
    const m = await em.findOne(Milestone, id);
    if (!m || !canSee(principal, m)) throw milestoneNotFound(id);
    return view(m, await em.findOneOrFail(Plan, m.planId), new Date(), (await em.findOne(ProjectRef, m.projectId))?.acronym);
  }

  async report(id: string, dto: ReportDto, ctx: RequestCtx): Promise<MilestoneView> {
    const principal = principalOf(ctx);
    let evidence: Report['evidence'] = [];
    return this.act(id, principal, ctx, async (em, m) => {
      const project = await em.findOneOrFail(ProjectRef, m.projectId);
      if (!principal.organisationIds.includes(project.coordinatorOrganisationId)) throw new DomainError('NOT_COORDINATOR', 'only the coordinating organisation reports milestones', 403);
      // Tranches follow the delivery: a milestone is reported once the earlier ones of its plan are validated.
      const earlier = await em.find(Milestone, { planId: m.planId, dueAt: { $lt: m.dueAt }, status: { $ne: 'validated' } }, { fields: ['key'] });
      if (earlier.length) throw new DomainError('MILESTONE_OUT_OF_ORDER', `validate ${earlier.map((x) => x.key.replace(/_/g, ' ')).join(', ')} first`, 409);
      if (m.key === 'market_launch' && !dto.marketLaunch) throw new DomainError('MARKET_LAUNCH_REQUIRED', 'the market launch report names the product, date and first customers', 422);
      if (m.key !== 'market_launch' && dto.marketLaunch) throw new DomainError('MARKET_LAUNCH_NOT_ALLOWED', 'only the market_launch milestone takes a market launch', 422);
      evidence = (await em.find(Evidence, { milestoneId: m.id }, { fields: ['id', 'filename', 'sha256'], orderBy: { uploadedAt: 'asc' } }))
        .map((x) => ({ id: x.id, filename: x.filename, sha256: x.sha256 }));
      return { cmd: { type: 'report', trlReached: dto.trlReached, spentCents: dto.spentCents, summary: dto.summary } };
    }, (m, plan, e, now) => {
      if (e.type !== 'reported') return [];
      m.reports = [...m.reports, {
        evidence,
        attempt: e.attempt, trlReached: e.trlReached, spentCents: e.spentCents, summary: e.summary, reportedBy: principal.userId, reportedAt: now.toISOString(),
        marketLaunch: dto.marketLaunch ? { ...dto.marketLaunch, revenueCents: dto.marketLaunch.revenueCents ?? null } : null,
      }];
      return [{ type: 'milestone.reported', streamId: m.projectId, payload: { ...milestoneRef(m, plan), attempt: e.attempt, trlReached: e.trlReached, spentCents: e.spentCents, summary: e.summary } }];
    });
  }

  async review(id: string, ifMatch: string | undefined, dto: ReviewDto, ctx: RequestCtx): Promise<MilestoneView> {
    const principal = principalOf(ctx);
    return this.act(id, principal, ctx, async (_em, m) => {
      if (!isOfficer(principal, m)) throw new DomainError('NOT_A_FUNDER_OFFICER', 'only an officer of the funder reviews a milestone', 403);
      assertIfMatch(ifMatch, m.version);
      return { cmd: dto.decision === 'validated' ? { type: 'validate', comment: dto.comment } : { type: 'reject', comment: dto.comment } };
    }, (m, plan, e, now, project) => {
      if (e.type !== 'validated' && e.type !== 'rejected') return [];
      m.reviews = [...m.reviews, { decision: e.type, comment: e.comment, by: principal.userId, at: now.toISOString() }];
      const ref = milestoneRef(m, plan);
      if (e.type === 'rejected') return [{ type: 'milestone.rejected', streamId: m.projectId, payload: { ...ref, comment: e.comment } }];
      const last = m.reports[m.reports.length - 1];
      // Repayable advances are paid back yearly from the end of the project.
      const projectEnd = addMonths(project.startDate, project.durationMonths).toISOString().slice(0, 10);
      m.repayments = m.partners.filter((p) => p.aidForm === 'repayable_advance')
        .flatMap((p) => repaymentSchedule(p.amountCents, projectEnd).map((r) => ({ organisationId: p.organisationId, ...r })));
      m.releasedAt = now;
      const drafts: EventDraft[] = [
        { type: 'milestone.validated', streamId: m.projectId, payload: { ...ref, trlReached: last.trlReached, milestoneStage: milestoneStageOf(m.key), comment: e.comment } },
        { type: 'tranche.released', streamId: m.projectId, payload: { ...ref, totalCents: Number(m.amountCents), partners: m.partners, repayments: m.repayments } },
      ];
      if (m.key === 'market_launch' && last.marketLaunch) {
        drafts.push({ type: 'project.market_launched', streamId: m.projectId, payload: { projectId: m.projectId, planId: plan.id, ...last.marketLaunch } });
      }
      return drafts;
    });
  }

  async reschedule(id: string, ifMatch: string | undefined, dto: RescheduleDto, ctx: RequestCtx): Promise<MilestoneView> {
    const principal = principalOf(ctx);
    const dueAt = new Date(dto.dueAt);
    return this.act(id, principal, ctx, async (_em, m) => {
      if (!isOfficer(principal, m)) throw new DomainError('NOT_A_FUNDER_OFFICER', 'only an officer of the funder moves a due date', 403);
      assertIfMatch(ifMatch, m.version);
      return { cmd: { type: 'reschedule', dueAt, now: new Date() } };
    }, (m, plan) => {
      m.dueAt = dueAt;
      m.remindedAt = null;
      m.overdueAt = null;
      m.escalatedAt = null;
      return [{ type: 'milestone.rescheduled', streamId: m.projectId, payload: { ...milestoneRef(m, plan), dueAt: dueAt.toISOString() } }];
    });
  }

  /** Lock, check, decide, apply, write the events: the shape every act on a milestone shares. */
  private async act(
    id: string, principal: Principal, ctx: RequestCtx,
    check: (em: EntityManager, m: Milestone) => Promise<{ cmd: MilestoneCommand }>,
    apply: (m: Milestone, plan: Plan, e: ReturnType<typeof executeMilestone>['events'][number], now: Date, project: ProjectRef) => EventDraft[],
  ): Promise<MilestoneView> {
    return this.orm.em.fork().transactional(async (em) => {
      const m = await em.findOne(Milestone, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!m || !canSee(principal, m)) throw milestoneNotFound(id);
      const { cmd } = await check(em, m);
      const { events, state } = executeMilestone({ status: m.status, attempts: m.attempts }, cmd);
      const plan = await em.findOneOrFail(Plan, m.planId);
      const project = await em.findOneOrFail(ProjectRef, m.projectId);
      const now = new Date();
      const drafts = events.flatMap((e) => apply(m, plan, e, now, project));
      m.status = state.status;
      m.attempts = state.attempts;
      m.updatedAt = now;
      await em.flush();
      await this.outbox.append(em, drafts, ctx);
      return view(m, plan, now, project.acronym);
    });
  }
}

export function view(m: Milestone, plan: Plan, now = new Date(), acronym = '?'): MilestoneView {
  return {
    id: m.id, planId: m.planId, projectId: m.projectId, funderId: m.funderId, funderName: plan.funderName, acronym, key: m.key, status: m.status,
    dueAt: m.dueAt.toISOString(), overdue: (m.status === 'planned' || m.status === 'rejected') && m.dueAt < now, escalated: m.escalatedAt !== null,
    trlExpected: m.trlExpected, percent: m.percent, amountCents: Number(m.amountCents), partners: m.partners, reports: m.reports, reviews: m.reviews,
    releasedAt: m.releasedAt?.toISOString() ?? null, repayments: m.repayments, version: m.version,
  };
}
