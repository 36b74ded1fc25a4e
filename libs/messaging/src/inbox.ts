import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { v7 as uuidv7 } from 'uuid';
import { DomainError } from '@poleflow/domain';
import { inboxQueueName, parseEnvelope, type Envelope, type EventPayload, type EventType } from '@poleflow/contracts';
import { ident } from '@poleflow/persistence';
import { SequenceGapError } from './errors.js';
import { DEFAULT_ATTEMPTS, MESSAGING_OPTIONS, workerRecoveryOptions, type MessagingOptions } from './options.js';
import { inboxQueues } from './partitions.js';
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
  private workers: Worker[] = [];
  private readonly s: string;
  /** Partition 0, the historical `<service>.inbox`. */
  readonly queueName: string;
  /** Every inbox queue of the service (one per partition). */
  readonly queueNames: string[];

  constructor(
    private readonly orm: MikroORM,
    @Inject(MESSAGING_OPTIONS) private readonly opts: MessagingOptions,
  ) {
    this.s = ident(opts.schema);
    this.queueName = inboxQueueName(opts.service);
    this.queueNames = inboxQueues(opts.service, opts.partitions);
  }

  on<T extends EventType>(type: T, handler: EventHandler<T>): void {
    if (this.handlers.has(type)) throw new Error(`${this.opts.service}: two handlers for ${type}`);
    this.handlers.set(type, handler as unknown as EventHandler);
  }

  handledTypes(): string[] {
    return [...this.handlers.keys()];
  }

  /**
   * One worker per partition, one job at a time each (in-order delivery without retries); without partitions, one
   * worker running `concurrency` jobs at once (order then comes from the cursor and gap retries alone).
   */
  start(): void {
    if (this.workers.length) return;
    const partitioned = this.queueNames.length > 1;
    this.workers = this.queueNames.map((name) => {
      const w = new Worker(name, (job) => this.process(job), {
        connection: redisOptions(this.opts.redisUrl, { maxRetriesPerRequest: null }) as ConnectionOptions,
        prefix: this.opts.prefix,
        concurrency: partitioned ? 1 : this.opts.concurrency,
        autorun: false,
        ...workerRecoveryOptions(),
      });
      w.on('error', (err) => this.logger.warn({ err: err.message, queue: name }, 'inbox worker error'));
      w.on('failed', (job, err) => void this.onFailed(job, err));
      void w.run().catch((err: Error) => this.logger.error({ err: err.message, queue: name }, 'inbox worker stopped'));
      return w;
    });
  }

  async stop(): Promise<void> {
    const ws = this.workers;
    this.workers = [];
    // Let running jobs finish (their transactions commit or roll back), but never hang on an unreachable Redis.
    await Promise.all(ws.map((w) => withTimeout(w.close(), 5000, 'inbox worker close').catch(async (err: Error) => {
      this.logger.warn({ err: err.message, queue: w.name }, 'inbox worker did not close in time; disconnecting it');
      await withTimeout(w.disconnect(), 1000, 'inbox worker disconnect').catch(() => undefined);
    })));
  }

  /**
   * A job BullMQ failed without running it: stalled more than `maxStalledCount` times (its worker died twice
   * while running it), or started too many times. `process` never saw that failure, so it is dead-lettered here,
   * like any other final failure, for an admin to see and redrive. Failures `process` threw are already recorded.
   */
  async onFailed(job: Pick<Job, 'data' | 'attemptsMade'> & { queueName?: string } | undefined, err: Error): Promise<void> {
    if (!job || !/stalled more than allowable limit|started more than allowable limit/.test(err.message)) return;
    const raw = (job.data ?? {}) as Partial<Envelope>;
    this.logger.error({ queue: this.queueName, eventType: raw.type, eventId: raw.id, err: err.message }, 'event dead-lettered: its job stalled too often');
    await this.deadLetter(job, 'STALLED', err.message).catch((e: Error) => this.logger.error({ err: e.message, eventId: raw.id }, 'could not record the dead letter of a stalled job'));
  }

  /** Processes one job. Public so tests can drive it directly with crafted jobs. */
  async process(job: Pick<Job, 'id' | 'data' | 'attemptsMade' | 'opts' | 'name'> & { queueName?: string }): Promise<InboxOutcome> {
    const parsed = parseEnvelope(job.data);
    const raw = (job.data ?? {}) as Partial<Envelope>;
    const log = { queue: job.queueName ?? this.queueName, eventType: raw.type, eventId: raw.id, correlationId: raw.correlationId, jobId: job.id };
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
    // Partitioned, a stream's predecessor is never running beside it: a gap is a lost or failed predecessor, and
    // waiting here would only hold up the partition.
    if (this.queueNames.length > 1) return this.apply(event, handler);
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

  private async deadLetter(job: Pick<Job, 'data' | 'attemptsMade'> & { queueName?: string }, code: string, message: string): Promise<void> {
    const raw = (job.data ?? {}) as Partial<Envelope>;
    const eventId = typeof raw.id === 'string' && /^[0-9a-f-]{36}$/i.test(raw.id) ? raw.id : uuidv7();
    await this.orm.em.fork().execute(
      `insert into ${this.s}.dead_letters (id, consumer, queue, event_id, event_type, envelope, error_code, error, attempts, failed_at, redrive_count)
       values (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, now(), 0)
       on conflict (consumer, event_id) do update set error_code = excluded.error_code, error = excluded.error,
         attempts = ${this.s}.dead_letters.attempts + excluded.attempts, failed_at = now(), resolved_at = null`,
      [uuidv7(), this.opts.service, job.queueName ?? this.queueName, eventId, String(raw.type ?? 'unknown'), JSON.stringify(job.data ?? null), code, message.slice(0, 2000), job.attemptsMade + 1],
    );
  }

  private async resolveDeadLetter(eventId: string): Promise<void> {
    await this.orm.em.fork().execute(
      `update ${this.s}.dead_letters set resolved_at = now() where consumer = ? and event_id = ? and resolved_at is null`,
      [this.opts.service, eventId],
    );
  }
}
