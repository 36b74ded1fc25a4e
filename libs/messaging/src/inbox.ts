import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { v7 as uuidv7 } from 'uuid';
import { DomainError } from '@poleflow/domain';
import { inboxQueueName, parseEnvelope, type Envelope, type EventPayload, type EventType } from '@poleflow/contracts';
import { ident } from '@poleflow/persistence';
import { SequenceGapError } from './errors.js';
import { DEFAULT_ATTEMPTS, MESSAGING_OPTIONS, workerRecoveryOptions, type MessagingOptions } from './options.js';
import { redisOptions } from './redis.js';
import { withTimeout } from './timeout.js';

export type EventHandler<T extends EventType = EventType> = (event: Envelope<EventPayload<T>>, em: EntityManager) => Promise<void>;

export type InboxOutcome = 'applied' | 'duplicate' | 'stale';

/** In-process waits before a sequence gap is handed back to BullMQ's backoff (75 ms in all). */
const GAP_PAUSES_MS = [5, 10, 20, 40];

/**
 * The service's idempotent consumer (ARCHITECTURE.md §3.3–3.5). For every job on `<service>.inbox`:
 *
 * 1. parse the envelope against the contracts registry — a bad schema or unknown type can never heal, so it
 *    fails at once (BullMQ `UnrecoverableError`) and lands in the dead-letter table;
 * 2. in ONE transaction: record `(consumer, eventId)` in the inbox (a duplicate stops here), lock the stream
 *    cursor of `(source, streamId)`, skip an old sequence, refuse a gap (retried with backoff until the
 *    earlier event is applied), run the handler (which may write its own outbox rows), advance the cursor;
 * 3. when the last attempt fails, or the failure is unrecoverable (including a `DomainError` from the handler),
 *    upsert the dead letter so an admin can see and redrive it.
 */
@Injectable()
export class InboxWorker {
  private readonly logger = new Logger(InboxWorker.name);
  private readonly handlers = new Map<string, EventHandler>();
  private worker?: Worker;
  private readonly s: string;
  readonly queueName: string;

  constructor(
    private readonly orm: MikroORM,
    @Inject(MESSAGING_OPTIONS) private readonly opts: MessagingOptions,
  ) {
    this.s = ident(opts.schema);
    this.queueName = inboxQueueName(opts.service);
  }

  on<T extends EventType>(type: T, handler: EventHandler<T>): void {
    if (this.handlers.has(type)) throw new Error(`${this.opts.service}: two handlers for ${type}`);
    this.handlers.set(type, handler as unknown as EventHandler);
  }

  handledTypes(): string[] {
    return [...this.handlers.keys()];
  }

  start(): void {
    if (this.worker) return;
    this.worker = new Worker(this.queueName, (job) => this.process(job), {
      connection: redisOptions(this.opts.redisUrl, { maxRetriesPerRequest: null }) as ConnectionOptions,
      prefix: this.opts.prefix,
      concurrency: this.opts.concurrency,
      autorun: false,
      ...workerRecoveryOptions(),
    });
    this.worker.on('error', (err) => this.logger.warn({ err: err.message, queue: this.queueName }, 'inbox worker error'));
    void this.worker.run().catch((err: Error) => this.logger.error({ err: err.message }, 'inbox worker stopped'));
  }

  async stop(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (!w) return;
    // Let running jobs finish (their transactions commit or roll back), but never hang on an unreachable Redis.
    await withTimeout(w.close(), 5000, 'inbox worker close').catch(async (err: Error) => {
      this.logger.warn({ err: err.message }, 'inbox worker did not close in time; disconnecting it');
      await withTimeout(w.disconnect(), 1000, 'inbox worker disconnect').catch(() => undefined);
    });
  }

  /** Processes one job. Public so tests can drive it directly with crafted jobs. */
  async process(job: Pick<Job, 'id' | 'data' | 'attemptsMade' | 'opts' | 'name'>): Promise<InboxOutcome> {
    const parsed = parseEnvelope(job.data);
    const raw = (job.data ?? {}) as Partial<Envelope>;
    const log = { queue: this.queueName, eventType: raw.type, eventId: raw.id, correlationId: raw.correlationId, jobId: job.id };
    if (!parsed.ok) {
      await this.deadLetter(job, parsed.code, parsed.message);
      throw new UnrecoverableError(`${parsed.code}: ${parsed.message}`);
    }
    const event = parsed.envelope;
    const handler = this.handlers.get(event.type);
    if (!handler) {
      await this.deadLetter(job, 'NO_HANDLER', `${this.opts.service} has no handler for ${event.type}`);
      throw new UnrecoverableError(`NO_HANDLER: ${event.type}`);
    }
    try {
      const outcome = await this.applyInOrder(event as Envelope<never>, handler);
      if (String(job.id).includes('-redrive-')) await this.resolveDeadLetter(event.id);
      this.logger.debug?.({ ...log, outcome }, 'event consumed');
      return outcome;
    } catch (err) {
      const unrecoverable = err instanceof DomainError;
      const final = unrecoverable || job.attemptsMade + 1 >= (job.opts.attempts ?? DEFAULT_ATTEMPTS);
      const code = err instanceof DomainError ? err.code : err instanceof SequenceGapError ? err.code : 'HANDLER_FAILED';
      const message = err instanceof Error ? err.message : String(err);
      if (final) {
        await this.deadLetter(job, code, message);
        this.logger.error({ ...log, code, err: message }, 'event dead-lettered');
      } else if (!(err instanceof SequenceGapError)) {
        this.logger.warn({ ...log, code, err: message, attempt: job.attemptsMade + 1 }, 'event failed; will retry');
      }
      if (unrecoverable) throw new UnrecoverableError(`${code}: ${message}`);
      throw err;
    }
  }

  /**
   * A gap usually means the previous event of the stream is being applied by another job of this worker right
   * now (the relay publishes a transaction's events together, and the worker runs jobs concurrently). A few
   * short in-process retries let it commit first, instead of a BullMQ backoff of 250 ms or more; a gap that
   * persists (a lost or dead-lettered predecessor) goes back to BullMQ's backoff.
   */
  private async applyInOrder(event: Envelope<never>, handler: EventHandler): Promise<InboxOutcome> {
    for (const pauseMs of GAP_PAUSES_MS) {
      try {
        return await this.apply(event, handler);
      } catch (err) {
        if (!(err instanceof SequenceGapError)) throw err;
        await new Promise((r) => setTimeout(r, pauseMs));
      }
    }
    return this.apply(event, handler);
  }

  private async apply(event: Envelope<never>, handler: EventHandler): Promise<InboxOutcome> {
    const consumer = this.opts.service;
    return this.orm.em.fork().transactional(async (em) => {
      // One round trip: record the event in the inbox (nothing when it is a duplicate) and take the stream
      // cursor, created at 0 if new and locked until commit either way (an upsert locks the row it touches).
      const [cursor] = await em.execute<{ fresh: number; last_sequence: string }[]>(
        `with ins as (
           insert into ${this.s}.inbox (consumer, event_id, type, processed_at) values (?, ?, ?, now()) on conflict do nothing returning 1)
         , cur as (
           insert into ${this.s}.stream_cursors (consumer, source, stream_id, last_sequence) values (?, ?, ?, 0)
           on conflict (consumer, source, stream_id) do update set last_sequence = ${this.s}.stream_cursors.last_sequence
           returning last_sequence)
         select (select count(*) from ins)::int as fresh, (select last_sequence from cur) as last_sequence`,
        [consumer, event.id, event.type, consumer, event.source, event.streamId],
      );
      if (!cursor.fresh) return 'duplicate';
      const last = Number(cursor.last_sequence);
      if (event.sequence <= last) return 'stale';
      if (event.sequence > last + 1) throw new SequenceGapError(event.streamId, last + 1, event.sequence);
      await handler(event, em);
      await em.flush();
      await em.execute(
        `update ${this.s}.stream_cursors set last_sequence = ? where consumer = ? and source = ? and stream_id = ?`,
        [event.sequence, consumer, event.source, event.streamId],
      );
      return 'applied';
    });
  }

  private async deadLetter(job: Pick<Job, 'data' | 'attemptsMade'>, code: string, message: string): Promise<void> {
    const raw = (job.data ?? {}) as Partial<Envelope>;
    const eventId = typeof raw.id === 'string' && /^[0-9a-f-]{36}$/i.test(raw.id) ? raw.id : uuidv7();
    await this.orm.em.fork().execute(
      `insert into ${this.s}.dead_letters (id, consumer, queue, event_id, event_type, envelope, error_code, error, attempts, failed_at, redrive_count)
       values (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, now(), 0)
       on conflict (consumer, event_id) do update set error_code = excluded.error_code, error = excluded.error,
         attempts = ${this.s}.dead_letters.attempts + excluded.attempts, failed_at = now(), resolved_at = null`,
      [uuidv7(), this.opts.service, this.queueName, eventId, String(raw.type ?? 'unknown'), JSON.stringify(job.data ?? null), code, message.slice(0, 2000), job.attemptsMade + 1],
    );
  }

  private async resolveDeadLetter(eventId: string): Promise<void> {
    await this.orm.em.fork().execute(
      `update ${this.s}.dead_letters set resolved_at = now() where consumer = ? and event_id = ? and resolved_at is null`,
      [this.opts.service, eventId],
    );
  }
}
