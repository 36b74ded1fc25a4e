import type { EntityManager } from '@mikro-orm/postgresql';
import type { Envelope } from '@poleflow/contracts';
import { FeedEntry } from './feed.entity.js';

/**
 * The envelope as the feed and webhooks hand it out. A reviewer's identity never leaves the tracker (the
 * consortium and funders read these): the actor keeps its role, not its user id — as on the timeline.
 */
export function publicEnvelope(e: Envelope): Record<string, unknown> {
  const actor = e.actor && e.actor.role === 'reviewer' ? { userId: null, role: e.actor.role } : e.actor;
  return { ...e, actor };
}

/**
 * Records an applied project event in the feed — called once per applied event, from `recordEntry`, in the inbox
 * transaction. The row is written by the transaction's flush; FeedFanout orders it and fans it out to the
 * webhook subscriptions there.
 */
export function recordFeedEntry(em: EntityManager, e: Envelope, projectId: string): void {
  em.persist(em.create(FeedEntry, {
    eventId: e.id, type: e.type, occurredAt: new Date(e.occurredAt), projectId, source: e.source, envelope: publicEnvelope(e), recordedAt: new Date(),
  }));
}
