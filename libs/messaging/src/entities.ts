import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';

/*
 * Messaging tables. Every service registers these entities in its own ORM config, so they live in the
 * service's own schema (outbox, inbox, cursors, dead letters are private to the service like the rest of its
 * data). Hot paths (append, claim, inbox check) use plain SQL through the ORM connection; the entities exist
 * so migrations and admin reads stay typed.
 */

@Entity({ tableName: 'outbox' })
@Index({ name: 'outbox_unpublished_idx', properties: ['createdAt'], where: '"published_at" is null' })
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

export const MESSAGING_ENTITIES = [OutboxRecord, StreamSequence, InboxRecord, StreamCursor, DeadLetter];
