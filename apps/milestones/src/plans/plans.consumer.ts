import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { v7 as uuidv7 } from 'uuid';
import type { Envelope, EventPayload } from '@poleflow/contracts';
import { isOverdue, planMilestones } from '@poleflow/domain';
import { InboxWorker, OutboxWriter, Timers, type EmitContext } from '@poleflow/messaging';
import { MILESTONES_CONFIG, type MilestonesConfig } from '../config.js';
import { ProjectRef } from '../reference/reference.entity.js';
import { milestoneRef } from './milestone.events.js';
import { Milestone, Plan } from './plan.entity.js';

const HOUR = 3600_000;
const causedBy = (e: Envelope): EmitContext => ({ actor: null, correlationId: e.correlationId, causationId: e.id });

/**
 * Plans from funding decisions, and the durable timers of every milestone. `funding.granted` creates the plan
 * (once per decision); `milestones.plan_created` and `milestone.rescheduled`, written with the change that
 * needs them and routed back to milestones, arm three timers per due date: a reminder before it, `overdue`
 * at it, an escalation after the grace period. Each timer re-checks the milestone when it fires.
 */
@Injectable()
export class PlansConsumer implements OnModuleInit {
  private readonly logger = new Logger(PlansConsumer.name);

  constructor(
    private readonly inbox: InboxWorker, private readonly outbox: OutboxWriter, private readonly timers: Timers,
    @Inject(MILESTONES_CONFIG) private readonly cfg: MilestonesConfig,
  ) {}

  onModuleInit(): void {
    const project = async (e: Envelope<EventPayload<'project.submitted'>>, em: EntityManager) => {
      const s = e.payload;
      await em.upsert(ProjectRef, {
        id: s.projectId, acronym: s.acronym, startDate: s.startDate, durationMonths: s.durationMonths,
        coordinatorOrganisationId: (s.partners.find((p) => p.role === 'coordinator') ?? s.partners[0]).organisationId,
        organisationIds: s.partners.map((p) => p.organisationId), partnerNames: Object.fromEntries(s.partners.map((p) => [p.organisationId, p.name])),
      });
    };
    this.inbox.on('project.submitted', project);
    this.inbox.on('project.resubmitted', project);
    this.inbox.on('funding.granted', (e, em) => this.plan(em, e));
    this.inbox.on('milestones.plan_created', async (e, em) => {
      for (const m of e.payload.milestones) await this.arm(em, m.milestoneId, new Date(m.dueAt), e.correlationId);
    });
    this.inbox.on('milestone.rescheduled', (e, em) => this.arm(em, e.payload.milestoneId, new Date(e.payload.dueAt), e.correlationId));
    this.timers.on('milestone_reminder', (d, em) => this.fire(em, d, 'reminder'));
    this.timers.on('milestone_overdue', (d, em) => this.fire(em, d, 'overdue'));
    this.timers.on('milestone_escalation', (d, em) => this.fire(em, d, 'escalation'));
  }

  private async plan(em: EntityManager, e: Envelope<EventPayload<'funding.granted'>>): Promise<void> {
    const g = e.payload;
    if (await em.count(Plan, { applicationId: g.applicationId })) return;
    const project = await em.findOne(ProjectRef, g.projectId);
    // The submission snapshot travels on another stream; it may still be on its way.
    if (!project) throw new Error(`project ${g.projectId} not yet known to milestones`);
    const now = new Date();
    const plan = em.create(Plan, { id: uuidv7(), projectId: g.projectId, applicationId: g.applicationId, funderId: g.funderId, funderName: g.funderName, totalCents: g.totalCents, createdAt: now });
    const planned = planMilestones(project, g.tranches, g.partners);
    const rows = planned.map((m) => em.create(Milestone, {
      id: uuidv7(), planId: plan.id, projectId: g.projectId, funderId: g.funderId, key: m.key, status: 'planned', attempts: 0, dueAt: m.dueAt,
      trlExpected: m.trlExpected, percent: m.percent, amountCents: String(m.amountCents),
      partners: m.partners.map((p) => {
        const granted = g.partners.find((x) => x.organisationId === p.organisationId)!;
        return { organisationId: p.organisationId, name: granted.name, amountCents: p.amountCents, aidForm: granted.aidForm };
      }),
      reports: [], reviews: [], remindedAt: null, overdueAt: null, escalatedAt: null, releasedAt: null, repayments: null,
      organisationIds: project.organisationIds, updatedAt: now,
    }));
    await em.flush();
    await this.outbox.append(em, [{
      type: 'milestones.plan_created', streamId: g.projectId,
      payload: {
        planId: plan.id, projectId: g.projectId, applicationId: g.applicationId, funderId: g.funderId, funderName: g.funderName,
        milestones: rows.map((r) => ({ milestoneId: r.id, key: r.key, dueAt: r.dueAt.toISOString(), trlExpected: r.trlExpected, percent: r.percent, amountCents: Number(r.amountCents) })),
      },
    }], causedBy(e));
  }

  /** Timer keys carry the due date: a rescheduled milestone gets new timers, the old ones find nothing to do. */
  private async arm(em: EntityManager, milestoneId: string, dueAt: Date, correlationId: string): Promise<void> {
    const key = `${milestoneId}.${dueAt.getTime()}`;
    const data = { milestoneId, dueAt: dueAt.toISOString(), correlationId };
    await this.timers.schedule('milestone_reminder', key, new Date(dueAt.getTime() - this.cfg.MILESTONE_REMINDER_HOURS * HOUR), data, em);
    await this.timers.schedule('milestone_overdue', key, dueAt, data, em);
    await this.timers.schedule('milestone_escalation', key, new Date(dueAt.getTime() + this.cfg.MILESTONE_GRACE_HOURS * HOUR), data, em);
  }

  private async fire(em: EntityManager, d: Record<string, unknown>, what: 'reminder' | 'overdue' | 'escalation'): Promise<void> {
    const m = await em.findOne(Milestone, String(d.milestoneId), { lockMode: LockMode.PESSIMISTIC_WRITE });
    // A rescheduled milestone: this timer belongs to an earlier due date.
    if (!m || m.dueAt.toISOString() !== d.dueAt) return;
    const now = new Date();
    const state = { status: m.status, attempts: m.attempts };
    if (what === 'reminder') {
      if ((m.status === 'planned' || m.status === 'rejected') && !m.remindedAt) m.remindedAt = now;
      return;
    }
    if (!isOverdue(state, m.dueAt, new Date(Math.max(now.getTime(), m.dueAt.getTime() + 1)))) return;
    if (what === 'overdue' && m.overdueAt) return;
    if (what === 'escalation' && (m.escalatedAt || !m.overdueAt)) return;
    if (what === 'overdue') m.overdueAt = now;
    else m.escalatedAt = now;
    m.updatedAt = now;
    await em.flush();
    const plan = await em.findOneOrFail(Plan, m.planId);
    await this.outbox.append(em, [{
      type: 'milestone.overdue', streamId: m.projectId, payload: { ...milestoneRef(m, plan), dueAt: m.dueAt.toISOString(), escalated: what === 'escalation' },
    }], { actor: null, correlationId: String(d.correlationId ?? 'timer') });
    this.logger.log({ milestoneId: m.id, what }, what === 'overdue' ? 'milestone overdue' : 'overdue milestone escalated to the funder and the pole');
  }
}
