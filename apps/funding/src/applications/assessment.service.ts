import { Injectable } from '@nestjs/common';
import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import type { EventPayload } from '@poleflow/contracts';
import { OutboxWriter, type EmitContext, type EventDraft } from '@poleflow/messaging';
import { Call } from '../calls/call.entity.js';
import { FunderRef, LabelRef, ProjectRef } from '../reference/reference.entity.js';
import { Application, type ApplicationStatus } from './application.entity.js';
import { assess, partnerCeilings } from './assessment.js';

type Trigger = EventPayload<'eligibility.assessed'>['trigger'];
const OPEN: ApplicationStatus[] = ['assessing', 'eligible', 'ineligible'];

/**
 * (Re-)assesses applications inside the caller's transaction (an inbox handler): eligibility under the call's
 * rules and the GBER ceilings per partner, stored on the application and announced as `eligibility.assessed`.
 * A decided application is never re-assessed: the decision was taken on what it showed.
 */
@Injectable()
export class AssessmentService {
  constructor(private readonly outbox: OutboxWriter) {}

  async assessOne(em: EntityManager, applicationId: string, trigger: Trigger, ctx: EmitContext): Promise<void> {
    const a = await em.findOne(Application, applicationId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!a || !OPEN.includes(a.status)) return;
    await this.outbox.append(em, [await this.apply(em, a, trigger)], ctx);
  }

  async reassessProject(em: EntityManager, projectId: string, trigger: Trigger, ctx: EmitContext): Promise<void> {
    const apps = await em.find(Application, { projectId, status: { $in: OPEN } }, { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { appliedAt: 'asc', id: 'asc' } });
    const drafts: EventDraft[] = [];
    for (const a of apps) drafts.push(await this.apply(em, a, trigger));
    await this.outbox.append(em, drafts, ctx);
  }

  private async apply(em: EntityManager, a: Application, trigger: Trigger): Promise<EventDraft<'eligibility.assessed'>> {
    const call = await em.findOneOrFail(Call, a.callId);
    const project = await em.findOneOrFail(ProjectRef, a.projectId);
    const labels = await em.find(LabelRef, { projectId: a.projectId });
    const record = assess(call, project.snapshot, labels, a.appliedAt, trigger);
    a.assessment = record;
    a.status = record.eligibility.eligible ? 'eligible' : 'ineligible';
    a.organisationIds = project.organisationIds;
    a.updatedAt = new Date();
    const funder = await em.findOne(FunderRef, a.funderId);
    return {
      type: 'eligibility.assessed', streamId: a.projectId,
      payload: {
        ...applicationRef(a, call, funder), eligible: record.eligibility.eligible, trigger,
        outcomes: record.eligibility.outcomes.map((o) => ({ type: o.rule.type, passed: o.passed, reason: o.reason })),
        ceilings: partnerCeilings(record.ceilings),
        totalMaxAidCents: record.ceilings.totalMaxAidCents, ruleVersion: record.ceilings.ruleVersion,
      },
    };
  }
}

/** The part every funding event says about its application. */
export const applicationRef = (a: Pick<Application, 'id' | 'projectId' | 'callId' | 'funderId'>, call: Pick<Call, 'title'>, funder: Pick<FunderRef, 'name'> | null) => ({
  applicationId: a.id, projectId: a.projectId, callId: a.callId, callTitle: call.title, funderId: a.funderId, funderName: funder?.name ?? 'unknown funder',
});
