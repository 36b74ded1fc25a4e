import { BigIntType, OptionalProps } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * One row per event the tracker applied about a project, written in the inbox transaction with its timeline
 * entry. `position` is strictly increasing in commit order (writers take a transaction lock before inserting, see
 * FeedFanout), so a reader that follows positions never skips a row that commits later.
 */
@Entity({ tableName: 'feed_entries' })
@Index({ properties: ['projectId', 'position'] })
export class FeedEntry {
  [OptionalProps]?: 'position' | 'recordedAt';
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true }) position!: string;
  @Property({ type: 'uuid', unique: true }) eventId!: string;
  @Property({ type: 'text' }) type!: string;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) occurredAt!: Date;
  @Property({ type: 'uuid' }) projectId!: string;
  @Property({ type: 'text' }) source!: string;
  /** The envelope as webhooks send it: a reviewer's user id removed. */
  @Property({ type: 'json' }) envelope!: Record<string, unknown>;
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' }) recordedAt!: Date;
}

export const FEED_ENTITIES = [FeedEntry];
