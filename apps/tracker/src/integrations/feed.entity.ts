import { BigIntType, OptionalProps } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * One row per event the tracker applied about a project, written in the inbox transaction with its timeline
 * entry, with the id of that transaction (`xid`): the feed is read in (xid, position) order up to the oldest
 * transaction still running (FeedService), so a reader never skips a row that commits later.
 */
@Entity({ tableName: 'feed_entries' })
@Index({ properties: ['projectId', 'position'] })
@Index({ properties: ['xid', 'position'] })
// Dashboards at scale (Migration20261206040000): the events that name a pole or a funder in their payload.
@Index({ name: 'feed_entries_pole_type_index', expression: `create index "feed_entries_pole_type_index" on "tracker"."feed_entries" (("envelope"->'payload'->>'poleId'), "type") where ("envelope"->'payload'->>'poleId') is not null` })
@Index({ name: 'feed_entries_funder_type_index', expression: `create index "feed_entries_funder_type_index" on "tracker"."feed_entries" (("envelope"->'payload'->>'funderId'), "type") where ("envelope"->'payload'->>'funderId') is not null` })
export class FeedEntry {
  [OptionalProps]?: 'position' | 'recordedAt' | 'xid';
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true }) position!: string;
  @Property({ type: 'uuid', unique: true }) eventId!: string;
  @Property({ type: 'text' }) type!: string;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) occurredAt!: Date;
  @Property({ type: 'uuid' }) projectId!: string;
  @Property({ type: 'text' }) source!: string;
  /** The envelope as webhooks send it: a reviewer's user id removed. */
  @Property({ type: 'json' }) envelope!: Record<string, unknown>;
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' }) recordedAt!: Date;
  /** The writing transaction's id (`pg_current_xact_id()`), set by the database. */
  @Property({ type: 'text', columnType: 'xid8', defaultRaw: 'pg_current_xact_id()', lazy: true }) xid?: string;
}

export const FEED_ENTITIES = [FeedEntry];
