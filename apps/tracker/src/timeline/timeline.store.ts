import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import type { Envelope } from '@poleflow/contracts';
import { recordFeedEntry } from '../integrations/feed.recorder.js';
import { ProjectView, TimelineEntry } from './timeline.entity.js';

/**
 * The project's view, locked until the inbox transaction commits; created on the fly when another event overtook
 * its `project.created` (events from different sources are not ordered between them, ARCHITECTURE.md §7.1).
 *
 * Every handler of a project's event starts here, so the tracker applies one project's events one at a time,
 * whatever their source (ARCHITECTURE.md §7, "one project at a time"): a handler that derives the stage from the
 * cases or the applications reads them only once it holds the row, so it sees every transaction of the same
 * project that committed before it. `insert … on conflict do nothing` waits for a concurrent creator to commit,
 * so two first events of a project never fail on the primary key.
 */
export async function projectView(em: EntityManager, id: string, acronym = '?', title = '?'): Promise<ProjectView> {
  await em.createQueryBuilder(ProjectView)
    .insert({ id, acronym, title, stage: 'conception', round: 0, organisationIds: [], poleIds: [], updatedAt: new Date() })
    .onConflict('id').ignore()
    .execute();
  const view = await em.findOne(ProjectView, id, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  if (!view) throw new Error(`tracker: project ${id} vanished inside its own transaction`);
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
