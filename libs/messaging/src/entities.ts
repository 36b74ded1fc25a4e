import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';

/*
 * Messaging tables. Every service registers these entities in its own ORM config, so they live in the
 * service's own schema (outbox, inbox, cursors, dead letters are private to the service like the rest of its
 * data). Hot paths (append, claim, inbox check) use plain SQL through the ORM connection; the entities exist
 * so migrations and admin reads stay typed.
 */

@Entity({ tableName: 'outbox' })
@Index({ name: 'outbox_unpublished_idx', properties: ['createdAt'], where: '"published_at" is null' })
@Index({ name: 'outbox_unconfirmed_idx', properties: ['publishedAt'], where: '"published_at" is not null and "confirmed_at" is null' })
export class OutboxRecord {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) type!: string;
  @Property({ type: 'text' }) streamId!: string;
  @Property({ type: 'bigint', columnType: 'bigint' }) sequence!: string;
  @Property({ type: 'json' }) envelope!: Record<string, unknown>;
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' }) createdAt!: Date;
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) publishedAt?: Date | null;
  @Property({ type: 'integer', default: 0 }) publishAttempts!: number;
  @Property({ type: 'text', nullable: true }) lastError?: string | null;
  /** Set once every subscriber's job has finished (applied, or failed into its dead letters): see deliveries.ts. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) confirmedAt?: Date | null;
}

@Entity({ tableName: 'stream_sequences' })
export class StreamSequence {
  @PrimaryKey({ type: 'text' }) streamId!: string;
  @Property({ type: 'bigint', columnType: 'bigint' }) lastSequence!: string;
}

@Entity({ tableName: 'inbox' })
export class InboxRecord {
  @PrimaryKey({ type: 'text' }) consumer!: string;
  @PrimaryKey({ type: 'uuid' }) eventId!: string;
  @Property({ type: 'text' }) type!: string;
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' }) processedAt!: Date;
}

@Entity({ tableName: 'stream_cursors' })
export class StreamCursor {
  @PrimaryKey({ type: 'text' }) consumer!: string;
  @PrimaryKey({ type: 'text' }) source!: string;
  @PrimaryKey({ type: 'text' }) streamId!: string;
  @Property({ type: 'bigint', columnType: 'bigint' }) lastSequence!: string;
}

@Entity({ tableName: 'dead_letters' })
@Unique({ properties: ['consumer', 'eventId'] })
export class DeadLetter {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) consumer!: string;
  @Property({ type: 'text' }) queue!: string;
  @Property({ type: 'uuid' }) eventId!: string;
  @Property({ type: 'text' }) eventType!: string;
  @Property({ type: 'json' }) envelope!: Record<string, unknown>;
  @Property({ type: 'text' }) errorCode!: string;
  @Property({ type: 'text' }) error!: string;
  @Property({ type: 'integer' }) attempts!: number;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) failedAt!: Date;
  @Property({ type: 'integer', default: 0 }) redriveCount!: number;
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) redrivenAt?: Date | null;
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) resolvedAt?: Date | null;
}

/** The durable record of a timer (timers.ts): Redis holds the delayed job, PostgreSQL what must fire. */
@Entity({ tableName: 'timers' })
@Index({ name: 'timers_unfired_idx', properties: ['fireAt'], where: '"fired_at" is null' })
export class TimerRecord {
  @PrimaryKey({ type: 'text' }) kind!: string;
  @PrimaryKey({ type: 'text' }) key!: string;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) fireAt!: Date;
  @Property({ type: 'json' }) data!: Record<string, unknown>;
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' }) createdAt!: Date;
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) firedAt?: Date | null;
}

export const MESSAGING_ENTITIES = [OutboxRecord, StreamSequence, InboxRecord, StreamCursor, DeadLetter, TimerRecord];

/**
 * The SQL that brings a service's messaging tables from the first release to delivery confirmation and durable
 * timers; each service's migration calls it with its schema. Rows already published count as confirmed.
 */
export function deliveryConfirmationMigrationSql(schema: string): string[] {
  const s = `"${schema}"`;
  return [
    `alter table ${s}."outbox" add column if not exists "confirmed_at" timestamptz null;`,
    `update ${s}."outbox" set "confirmed_at" = "published_at" where "published_at" is not null and "confirmed_at" is null;`,
    `create index if not exists "outbox_unconfirmed_idx" on ${s}."outbox" ("published_at") where "published_at" is not null and "confirmed_at" is null;`,
    `create table if not exists ${s}."timers" ("kind" text not null, "key" text not null, "fire_at" timestamptz not null, "data" jsonb not null, "created_at" timestamptz not null default now(), "fired_at" timestamptz null, primary key ("kind", "key"));`,
    `create index if not exists "timers_unfired_idx" on ${s}."timers" ("fire_at") where "fired_at" is null;`,
  ];
}
