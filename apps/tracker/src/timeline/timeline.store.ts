import type { EntityManager } from '@mikro-orm/postgresql';
import type { Envelope } from '@poleflow/contracts';
import { recordFeedEntry } from '../integrations/feed.recorder.js';
import { ProjectView, TimelineEntry } from './timeline.entity.js';

/**
 * The project's view; created on the fly when another event overtook its `project.created` (events from
 * different sources are not ordered between them, ARCHITECTURE.md §7.1).
 */
export async function projectView(em: EntityManager, id: string, acronym = '?', title = '?'): Promise<ProjectView> {
  const found = await em.findOne(ProjectView, id);
  if (found) return found;
  const view = em.create(ProjectView, { id, acronym, title, stage: 'conception', round: 0, organisationIds: [], poleIds: [], updatedAt: new Date() });
  em.persist(view);
  return view;
}

/**
 * One timeline entry per event (its id), and its feed entry. A reviewer's user id is never kept: the consortium reads
 * the timeline.
 */
export function recordEntry(em: EntityManager, e: Envelope, projectId: string, stage: ProjectView['stage'], summary: string): void {
  const actorUserId = e.actor && e.actor.role !== 'reviewer' ? e.actor.userId : null;
  em.persist(em.create(TimelineEntry, {
    id: e.id, projectId, occurredAt: new Date(e.occurredAt), recordedAt: new Date(), type: e.type, source: e.source,
    actorUserId, actorRole: e.actor?.role ?? null, stage, summary, correlationId: e.correlationId,
  }));
  // The same event in the ordered feed, fanned out to the webhook subscriptions (integrations/).
  recordFeedEntry(em, e, projectId);
}
