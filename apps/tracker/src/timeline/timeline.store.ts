import type { EntityManager } from '@mikro-orm/postgresql';
import { ident } from '@poleflow/persistence';
import type { Envelope } from '@poleflow/contracts';
import { recordFeedEntry } from '../integrations/feed.recorder.js';
import { TRACKER_SCHEMA } from '../mikro-orm.config.js';
import { ProjectView, TimelineEntry } from './timeline.entity.js';

const PROJECTS = `${ident(TRACKER_SCHEMA)}.projects`;

/**
 * The project's view, locked until the inbox transaction commits; created on the fly when another event overtook
 * its `project.created` (events from different sources are not ordered between them, ARCHITECTURE.md §7.1).
 *
 * Every handler of a project's event starts here, so the tracker applies one project's events one at a time,
 * whatever their source (ARCHITECTURE.md §7, "one project at a time"): a handler that derives the stage from the
 * cases or the applications reads them only once it holds the row (in its own, later statement, whose snapshot
 * sees every transaction of the same project that committed before the lock was granted).
 *
 * One round trip (decision 88): `insert … on conflict do update` of a column to its own value creates the row or
 * locks the existing one, waits for a concurrent holder to commit, and returns the row's latest version, which
 * replaces the copy in the identity map. It was an `insert … on conflict do nothing` then a `select … for update`.
 */
export async function projectView(em: EntityManager, id: string, acronym = '?', title = '?'): Promise<ProjectView> {
  const [row] = await em.execute<Record<string, unknown>[]>(
    `insert into ${PROJECTS} (id, acronym, title, stage, round, organisation_ids, pole_ids, updated_at)
     values (?, ?, ?, 'conception', 0, '[]', '[]', now())
     on conflict (id) do update set round = ${PROJECTS}.round
     returning *`,
    [id, acronym, title],
  );
  if (!row) throw new Error(`tracker: project ${id} could not be created or locked`);
  return em.map(ProjectView, row);
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
