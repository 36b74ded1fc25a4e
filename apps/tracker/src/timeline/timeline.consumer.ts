import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Envelope, EventPayload } from '@poleflow/contracts';
import { nextStage, stageAfterFunding, stageAfterLabelling } from '@poleflow/domain';
import { InboxWorker } from '@poleflow/messaging';
import { FundingView } from '../funding/funding.entity.js';
import { LabellingCaseView } from '../labelling/labelling-case.entity.js';
import { euros } from './format.js';
import { OrganisationView } from './timeline.entity.js';
import { projectView, recordEntry } from './timeline.store.js';


/**
 * Builds each project's timeline and stage from submission's events (labelling's: LabellingConsumer; funding's: FundingConsumer). Runs
 * inside the inbox transaction: an event is recorded once, in stream order, or not at all.
 */
@Injectable()
export class TimelineConsumer implements OnModuleInit {
  constructor(private readonly inbox: InboxWorker) {}

  onModuleInit(): void {
    this.inbox.on('organisation.registered', (e, em) => this.upsertOrganisation(e.payload, em));
    this.inbox.on('organisation.updated', (e, em) => this.upsertOrganisation(e.payload, em));
    // Affiliations change who may act, not what a project timeline shows: the e-mail recipients use them (email/recipients.consumer.ts).
    // Labelling events carry the pole names the summaries need; acknowledged.
    this.inbox.on('pole.published', async () => undefined);

    this.inbox.on('project.created', async (e, em) => {
      const p = e.payload;
      const view = await projectView(em, p.projectId, p.acronym, p.title);
      view.acronym = p.acronym;
      view.title = p.title;
      view.organisationIds = [...new Set([p.coordinatorOrganisationId, ...view.organisationIds])];
      view.updatedAt = new Date(e.occurredAt);
      const org = await em.findOne(OrganisationView, p.coordinatorOrganisationId);
      recordEntry(em, e, p.projectId, view.stage, `Project ${p.acronym} created by ${org?.name ?? 'its coordinator'}`);
    });

    const onSnapshot = async (e: Envelope<EventPayload<'project.submitted'>>, em: EntityManager) => {
      const p = e.payload;
      const view = await projectView(em, p.projectId, p.acronym, p.title);
      view.acronym = p.acronym;
      view.title = p.title;
      view.organisationIds = [...new Set([...view.organisationIds, ...p.partners.map((x) => x.organisationId)])];
      view.poleIds = p.poles.map((x) => x.poleId);
      view.round = p.round;
      const before = view.stage;
      view.stage = nextStage(before, e.type);
      // Cases of this round can only exist if labelling's events overtook this one (another source): they count.
      // Older cases keep their statuses until labelling reopens them; the resubmission answered them.
      if (view.stage === 'submitted') {
        view.stage = stageAfterLabelling(view.stage, await em.find(LabellingCaseView, { projectId: p.projectId, round: { $gte: p.round } }), p.round);
      }
      // A project that already applied for funding (a co-labelling pole asked for a revision after the lead's
      // label) stays where its applications put it: a new labelling round does not set it back.
      const applications = await em.find(FundingView, { projectId: p.projectId });
      if (applications.length) view.stage = stageAfterFunding(before, applications.map((a) => a.status));
      view.updatedAt = new Date(e.occurredAt);
      const coordinator = p.partners.find((x) => x.role === 'coordinator')?.name ?? 'the coordinator';
      const verb = e.type === 'project.resubmitted' ? `Resubmitted (round ${p.round})` : 'Submitted';
      recordEntry(em, e, p.projectId, view.stage,
        `${verb} by ${coordinator} to ${p.poles.length} pole(s) with ${p.partners.length} partner(s), total budget ${euros(p.totalCents)}`);
    };
    this.inbox.on('project.submitted', onSnapshot);
    this.inbox.on('project.resubmitted', onSnapshot);

    this.inbox.on('project.withdrawn', async (e, em) => {
      const view = await projectView(em, e.payload.projectId);
      view.stage = nextStage(view.stage, e.type);
      view.updatedAt = new Date(e.occurredAt);
      recordEntry(em, e, view.id, view.stage, `Withdrawn${e.payload.reason ? `: ${e.payload.reason}` : ''}`);
    });
  }

  private async upsertOrganisation(p: { organisationId: string; name: string; siren: string; kind: string; region: string }, em: EntityManager): Promise<void> {
    await em.upsert(OrganisationView, { id: p.organisationId, name: p.name, siren: p.siren, kind: p.kind, region: p.region });
  }
}
