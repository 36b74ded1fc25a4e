import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { v7 as uuidv7 } from 'uuid';
import { EVENT_SCHEMAS, type Actor, type Envelope, type EventPayload, type EventType } from '@poleflow/contracts';
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
      // One round trip: next sequence of the stream, the outbox row (with that sequence patched into the stored
      // envelope) and, for the last event, the NOTIFY that wakes the relay once the transaction commits.
      const notify = d === drafts[drafts.length - 1];
      const [{ sequence }] = await em.execute<{ sequence: string }[]>(
        `with seq as (
           insert into ${this.sequences} (stream_id, last_sequence) values (?, 1)
           on conflict (stream_id) do update set last_sequence = ${this.sequences}.last_sequence + 1
           returning last_sequence)
         , ins as (
           insert into ${this.table} (id, type, stream_id, sequence, envelope, created_at)
           select ?, ?, ?, seq.last_sequence, jsonb_set(?::jsonb, '{sequence}', to_jsonb(seq.last_sequence)), now() from seq
           returning sequence)
         select ins.sequence${notify ? ', pg_notify(?, \'\')' : ''} from ins`,
        [d.streamId, envelope.id, envelope.type, envelope.streamId, JSON.stringify(envelope), ...(notify ? [outboxChannel(this.opts.schema)] : [])],
      );
      envelope.sequence = Number(sequence);
      out.push(envelope);
    }
    return out;
  }
}
