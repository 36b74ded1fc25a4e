import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Envelope, EventPayload } from '@poleflow/contracts';
import { applicationStatusAfter, stageAfterFunding } from '@poleflow/domain';
import { InboxWorker } from '@poleflow/messaging';
import { because, euros, words } from '../timeline/format.js';
import { projectView, recordEntry } from '../timeline/timeline.store.js';
import { FunderView, FundingView } from './funding.entity.js';

type ApplicationRef = Pick<EventPayload<'funding.requested'>, 'applicationId' | 'projectId' | 'callId' | 'callTitle' | 'funderId' | 'funderName'>;
type FundingEvent = Parameters<typeof applicationStatusAfter>[1];
type Assessment = EventPayload<'eligibility.assessed'>;
type Grant = EventPayload<'funding.granted'>;

/** « i-Démo 2026 » */
const callOf = (p: ApplicationRef): string => `« ${p.callTitle} »`;


const REASSESSED: Record<Assessment['trigger'], string> = {
  applied: '',
  label_granted: ' (re-assessed after a label was granted)',
  label_revoked: ' (re-assessed after a label was revoked)',
  project_resubmitted: ' (re-assessed after the project was resubmitted)',
  call_changed: ' (re-assessed after the call changed)',
  declarations_changed: ' (re-assessed after the GBER declarations changed)',
};

/**
 * "Eligible for « i-Démo 2026 »: 9/9 rules met, aid ceiling 1 234 567 €" /
 * "Not eligible for « i-Démo 2026 »: label required — <reason>; trl window — <reason> (2 of 9 rules failed)".
 * Reasons are the English ones; every failed rule is named.
 */
export function assessmentSummary(p: Assessment): string {
  const head = `${p.eligible ? 'Eligible' : 'Not eligible'} for ${callOf(p)}${REASSESSED[p.trigger]}`;
  const total = p.outcomes.length;
  if (p.eligible) return `${head}: ${p.outcomes.filter((o) => o.passed).length}/${total} rules met, aid ceiling ${euros(p.totalMaxAidCents)}`;
  const failed = p.outcomes.filter((o) => !o.passed);
  const reasons = failed.map((o) => `${words(o.type)} — ${o.reason.en}`).join('; ');
  return `${head}${reasons ? `: ${reasons}` : ''} (${failed.length} of ${total} rules failed)`;
}

/** "Funded by Bpifrance for « i-Démo 2026 »: 850 000 € in 3 tranches (prototype 30 %, industrialisation 40 %, market launch 30 %)". */
export function grantSummary(p: Grant): string {
  const n = p.tranches.length;
  const tranches = p.tranches.map((t) => `${words(t.milestone)} ${t.percent} %`).join(', ');
  return `Funded by ${p.funderName} for ${callOf(p)}: ${euros(p.totalCents)} in ${n} tranche${n === 1 ? '' : 's'} (${tranches})`;
}

/**
 * Follows every funding application of a project (a project may apply to several calls, of several funders).
 * Each event updates its application, then the stage becomes the aggregate of all the project's applications
 * (`stageAfterFunding`); an eligibility assessment is recorded but never moves the stage. Keeps the funders
 * directory publishes, for the funder dashboard. Runs inside the inbox transaction.
 */
@Injectable()
export class FundingConsumer implements OnModuleInit {
  constructor(private readonly inbox: InboxWorker) {}

  onModuleInit(): void {
    // Reference data, no timeline entry; upserted by id, so a republication is harmless.
    this.inbox.on('funder.published', async (e, em) => {
      const p = e.payload;
      await em.upsert(FunderView, { id: p.funderId, name: p.name, kind: p.kind, region: p.region });
    });

    this.inbox.on('funding.requested', (e, em) =>
      this.apply(em, e, { type: 'funding.requested' }, `Applied to ${callOf(e.payload)} (${e.payload.funderName})`));
    this.inbox.on('eligibility.assessed', (e, em) =>
      this.apply(em, e, { type: 'eligibility.assessed', eligible: e.payload.eligible }, assessmentSummary(e.payload)));
    this.inbox.on('funding.granted', (e, em) =>
      this.apply(em, e, { type: 'funding.granted' }, grantSummary(e.payload), e.payload.totalCents));
    this.inbox.on('funding.refused', (e, em) =>
      this.apply(em, e, { type: 'funding.refused' }, because(`Not funded by ${e.payload.funderName} for ${callOf(e.payload)}`, e.payload.motivation)));
  }

  /** Updates the application, re-derives the project's stage from all its applications, records the entry. */
  private async apply(em: EntityManager, e: Envelope<ApplicationRef>, event: FundingEvent, summary: string, grantedCents?: number): Promise<void> {
    const p = e.payload;
    const view = await projectView(em, p.projectId);
    const applications = await em.find(FundingView, { projectId: p.projectId });
    const found = applications.find((a) => a.applicationId === p.applicationId);
    const fields = {
      callId: p.callId, callTitle: p.callTitle, funderId: p.funderId, funderName: p.funderName,
      status: applicationStatusAfter(found?.status ?? null, event), updatedAt: new Date(e.occurredAt),
      ...(grantedCents === undefined ? {} : { grantedCents }),
    };
    if (found) em.assign(found, fields);
    else {
      const created = em.create(FundingView, { projectId: p.projectId, applicationId: p.applicationId, grantedCents: null, ...fields });
      em.persist(created);
      applications.push(created);
    }
    if (event.type !== 'eligibility.assessed') {
      view.stage = stageAfterFunding(view.stage, applications.map((a) => a.status));
    }
    view.updatedAt = new Date(e.occurredAt);
    recordEntry(em, e, p.projectId, view.stage, summary);
  }
}
