import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Envelope, EventPayload } from '@poleflow/contracts';
import { nextStage } from '@poleflow/domain';
import { InboxWorker } from '@poleflow/messaging';
import { OrganisationView, ProjectView, TimelineEntry } from './timeline.entity.js';

/** French grouping with plain spaces, independent of the runtime's ICU data: 1 000 000 €. */
export const euros = (cents: number): string => `${Math.round(cents / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ' ')} €`;

/**
 * Builds each project's timeline and stage from events. Runs inside the inbox transaction: an event is
 * recorded once, in stream order, or not at all.
 */
@Injectable()
export class TimelineConsumer implements OnModuleInit {
  constructor(private readonly inbox: InboxWorker) {}

  onModuleInit(): void {
    this.inbox.on('organisation.registered', (e, em) => this.upsertOrganisation(e.payload, em));
    this.inbox.on('organisation.updated', (e, em) => this.upsertOrganisation(e.payload, em));
    // Affiliations change who may act, not what a project timeline shows; acknowledged and recorded in the inbox.
    this.inbox.on('affiliation.changed', async () => undefined);
    // Pole names are not needed on the timeline yet (summaries count poles); acknowledged.
    this.inbox.on('pole.published', async () => undefined);

    this.inbox.on('project.created', async (e, em) => {
      const p = e.payload;
      const view = em.create(ProjectView, {
        id: p.projectId, acronym: p.acronym, title: p.title, stage: 'conception',
        organisationIds: [p.coordinatorOrganisationId], poleIds: [], updatedAt: new Date(e.occurredAt),
      });
      em.persist(view);
      const org = await em.findOne(OrganisationView, p.coordinatorOrganisationId);
      this.record(em, e, p.projectId, view.stage, `Project ${p.acronym} created by ${org?.name ?? 'its coordinator'}`);
    });

    const onSnapshot = async (e: Envelope<EventPayload<'project.submitted'>>, em: EntityManager) => {
      const p = e.payload;
      const view = await this.project(em, p.projectId, p.acronym, p.title);
      view.acronym = p.acronym;
      view.title = p.title;
      view.organisationIds = [...new Set([...view.organisationIds, ...p.partners.map((x) => x.organisationId)])];
      view.poleIds = p.poles.map((x) => x.poleId);
      view.stage = nextStage(view.stage, e.type);
      view.updatedAt = new Date(e.occurredAt);
      const coordinator = p.partners.find((x) => x.role === 'coordinator')?.name ?? 'the coordinator';
      const verb = e.type === 'project.resubmitted' ? `Resubmitted (round ${p.round})` : 'Submitted';
      this.record(em, e, p.projectId, view.stage,
        `${verb} by ${coordinator} to ${p.poles.length} pole(s) with ${p.partners.length} partner(s), total budget ${euros(p.totalCents)}`);
    };
    this.inbox.on('project.submitted', onSnapshot);
    this.inbox.on('project.resubmitted', onSnapshot);

    this.inbox.on('project.withdrawn', async (e, em) => {
      const view = await this.project(em, e.payload.projectId);
      view.stage = nextStage(view.stage, e.type);
      view.updatedAt = new Date(e.occurredAt);
      this.record(em, e, view.id, view.stage, `Withdrawn${e.payload.reason ? `: ${e.payload.reason}` : ''}`);
    });
  }

  private async upsertOrganisation(p: { organisationId: string; name: string; siren: string; kind: string; region: string }, em: EntityManager): Promise<void> {
    await em.upsert(OrganisationView, { id: p.organisationId, name: p.name, siren: p.siren, kind: p.kind, region: p.region });
  }

  /** The project's view; created on the fly if its `project.created` came from an older producer. */
  private async project(em: EntityManager, id: string, acronym = '?', title = '?'): Promise<ProjectView> {
    const found = await em.findOne(ProjectView, id);
    if (found) return found;
    const view = em.create(ProjectView, { id, acronym, title, stage: 'conception', organisationIds: [], poleIds: [], updatedAt: new Date() });
    em.persist(view);
    return view;
  }

  private record(em: EntityManager, e: Envelope, projectId: string, stage: ProjectView['stage'], summary: string): void {
    em.persist(em.create(TimelineEntry, {
      id: e.id, projectId, occurredAt: new Date(e.occurredAt), recordedAt: new Date(), type: e.type, source: e.source,
      actorUserId: e.actor?.userId ?? null, actorRole: e.actor?.role ?? null, stage, summary, correlationId: e.correlationId,
    }));
  }
}
