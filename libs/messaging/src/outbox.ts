import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { v7 as uuidv7 } from 'uuid';
import { EVENT_SCHEMAS, subscribersOf, type Actor, type Envelope, type EventPayload, type EventType } from '@poleflow/contracts';
import { recordConsistency } from '@poleflow/http';
import { ident } from '@poleflow/persistence';
import { MESSAGING_OPTIONS, type MessagingOptions } from './options.js';

export interface EventDraft<T extends EventType = EventType> {
  type: T;
  streamId: string;
  payload: EventPayload<T>;
}

export interface EmitContext {
  actor: Actor | null;
  correlationId: string;
  /** The event that caused this one, when emitted by a consumer. */
  causationId?: string | null;
}

export const outboxChannel = (schema: string): string => `poleflow_outbox_${schema}`;

/** The `stream_sequences` key of what one subscriber receives of a stream. */
export const subscriberKey = (streamId: string, subscriber: string): string => `${streamId}>${subscriber}`;

/**
 * The envelope as one subscriber receives it: `sequence` numbers what that subscriber gets of the stream, so a
 * consumer routed only some of a stream's event types still sees 1, 2, 3… Rows written before per-subscriber
 * numbering carry no `sequences` and keep the stream's sequence.
 */
export function envelopeFor(stored: Envelope & { sequences?: Record<string, number> }, subscriber: string): Envelope {
  const { sequences, ...envelope } = stored;
  return { ...envelope, sequence: sequences?.[subscriber] ?? envelope.sequence };
}

/**
 * Writes events to the service's outbox inside the caller's transaction: the state change and its events
 * commit together or not at all (ARCHITECTURE.md §3.1). Handlers never call `queue.add`.
 * `pg_notify` inside the transaction is delivered only on commit, which wakes the relay right after it.
 */
@Injectable()
export class OutboxWriter {
  private readonly table: string;
  private readonly sequences: string;

  constructor(@Inject(MESSAGING_OPTIONS) private readonly opts: MessagingOptions) {
    this.table = `${ident(opts.schema)}.outbox`;
    this.sequences = `${ident(opts.schema)}.stream_sequences`;
  }

  async append(em: EntityManager, drafts: EventDraft[], ctx: EmitContext): Promise<Envelope[]> {
    if (!em.isInTransaction()) throw new Error('OutboxWriter.append must run inside the transaction of the state change');
    const out: Envelope[] = [];
    for (const d of drafts) {
      const def = EVENT_SCHEMAS[d.type];
      // Validate at the source: nothing malformed ever leaves a service.
      const payload = def.payload.parse(d.payload);
      const envelope: Envelope = {
        id: uuidv7(),
        type: d.type,
        version: def.version,
        occurredAt: new Date().toISOString(),
        source: this.opts.service,
        streamId: d.streamId,
        sequence: 0, // assigned below, in the same statement that stores the row
        actor: ctx.actor,
        correlationId: ctx.correlationId,
        causationId: ctx.causationId ?? null,
        payload,
      };
      // One round trip: the next sequence of the stream and, for each subscriber, the next sequence of what that
      // subscriber receives of the stream (a consumer routed only some of a stream's types must see no gap); the
      // outbox row (with both patched into the stored envelope) and, for the last event, the NOTIFY that wakes
      // the relay once the transaction commits. Keys are locked in one order, so concurrent writers cannot deadlock.
      // A subscriber's counter starts at 1 on its first event of the stream, whatever came before it.
      const notify = d === drafts[drafts.length - 1];
      const keys = [d.streamId, ...subscribersOf(d.type).map((sub) => subscriberKey(d.streamId, sub))];
      const [{ sequence }] = await em.execute<{ sequence: string }[]>(
        `with seq as (
           insert into ${this.sequences} (stream_id, last_sequence) select k, 1 from jsonb_array_elements_text(?::jsonb) as k
           on conflict (stream_id) do update set last_sequence = ${this.sequences}.last_sequence + 1
           returning stream_id, last_sequence)
         , ins as (
           insert into ${this.table} (id, type, stream_id, sequence, envelope, created_at)
           select ?, ?, ?, s.last_sequence,
             jsonb_set(jsonb_set(?::jsonb, '{sequence}', to_jsonb(s.last_sequence)), '{sequences}',
               coalesce((select jsonb_object_agg(split_part(x.stream_id, '>', 2), x.last_sequence) from seq x where x.stream_id <> ?), '{}'::jsonb)),
             now()
           from seq s where s.stream_id = ?
           returning sequence)
         select ins.sequence${notify ? ', pg_notify(?, \'\')' : ''} from ins`,
        [JSON.stringify(keys), envelope.id, envelope.type, envelope.streamId, JSON.stringify(envelope), d.streamId, d.streamId, ...(notify ? [outboxChannel(this.opts.schema)] : [])],
      );
      envelope.sequence = Number(sequence);
      out.push(envelope);
    }
    // Inside an HTTP request, the answer's Poleflow-Consistency token names these events (libs/http consistency.ts).
    recordConsistency(out.filter((e) => subscribersOf(e.type).length).map((e) => ({ id: e.id, type: e.type })));
    return out;
  }
}
