import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { v7 as uuidv7 } from 'uuid';
import { DomainError } from '@poleflow/domain';
import { inboxQueueName, parseEnvelope, type Envelope, type EventPayload, type EventType } from '@poleflow/contracts';
import { Metrics } from '@poleflow/observability';
import { ident } from '@poleflow/persistence';
import { Counter } from 'prom-client';
import { SequenceGapError } from './errors.js';
import { DEFAULT_ATTEMPTS, DEFAULT_BATCH, MESSAGING_OPTIONS, WORKER_LOCK_MS, workerRecoveryOptions, type MessagingOptions } from './options.js';
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
  /**
   * Per consumer (the service), for the bench and dashboards: seconds spent applying events (transactions that
   * committed), seconds lost waiting for an earlier event of the same stream (attempts that met a sequence gap and
   * the in-process pauses after one; a partitioned inbox never runs two events of a stream at once in a process,
   * so the stream cursor's lock is not waited on there and is not measured), events by outcome, and committed
   * transactions (a batch counts once).
   */
  private readonly counters?: { apply: Counter<'consumer'>; wait: Counter<'consumer'>; events: Counter<'consumer' | 'outcome'>; transactions: Counter<'consumer' | 'kind'> };

  constructor(
    private readonly orm: MikroORM,
    @Inject(MESSAGING_OPTIONS) private readonly opts: MessagingOptions,
    @Optional() metrics?: Metrics,
  ) {
    this.s = ident(opts.schema);
    this.queueName = inboxQueueName(opts.service);
    this.queueNames = inboxQueues(opts.service, opts.partitions);
    if (metrics) {
      const registers = [metrics.registry];
      this.counters = {
        apply: new Counter({ name: 'poleflow_consumer_apply_seconds_total', help: 'seconds spent in inbox transactions that committed', labelNames: ['consumer'], registers }),
        wait: new Counter({ name: 'poleflow_consumer_wait_seconds_total', help: 'seconds spent waiting for an earlier event of the same stream (attempts that met a sequence gap, pauses after one)', labelNames: ['consumer'], registers }),
        events: new Counter({ name: 'poleflow_consumer_events_total', help: 'inbox events by outcome', labelNames: ['consumer', 'outcome'], registers }),
        transactions: new Counter({ name: 'poleflow_consumer_transactions_total', help: 'inbox transactions that committed (single event or batch)', labelNames: ['consumer', 'kind'], registers }),
      };
    }
  }

  private count(outcomes: InboxOutcome[], kind: 'single' | 'batch', applySeconds: number): void {
    const c = this.counters;
    if (!c) return;
    const consumer = this.opts.service;
    c.apply.inc({ consumer }, applySeconds);
    c.transactions.inc({ consumer, kind });
    for (const outcome of outcomes) c.events.inc({ consumer, outcome });
  }

  private waited(seconds: number): void {
    if (seconds > 0) this.counters?.wait.inc({ consumer: this.opts.service }, seconds);
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
      const w: Worker = new Worker(name, (job, token) => (partitioned ? this.processPartition(w, job, token) : this.process(job)), {
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
   * A partition's job, and the jobs queued behind it when the consumer is behind: up to `batch` events of the
   * partition applied in ONE transaction (one inbox insert, one stream-cursor statement, the handlers' effects,
   * one cursor update, one commit), in queue order, so per-stream order holds. An idle partition finds nothing
   * more and applies the job alone, as before. A batch that fails for any reason (a handler error, a sequence gap,
   * a deadlock with another process working the same partition) rolls back as a whole and its events are applied
   * again one by one, each in its own transaction with its own retries and dead letter, as if never batched.
   * The extra jobs are taken from BullMQ like the worker takes its own (`getNextJob`, locked under the worker's
   * token, locks renewed while the batch runs): a process killed mid-batch leaves them active, the stall check
   * hands them back after the lock expires, and the inbox drops those the committed batch had applied.
   */
  async processPartition(worker: { getNextJob(token: string, opts?: { block?: boolean }): Promise<Job | undefined> }, job: Job, token?: string): Promise<InboxOutcome> {
    const max = this.opts.batch ?? DEFAULT_BATCH;
    if (max <= 1 || !token) return this.process(job);
    const extras: Job[] = [];
    while (extras.length < max - 1) {
      const next = await worker.getNextJob(`${token}:${extras.length + 1}`, { block: false }).catch((err: Error) => {
        this.logger.debug?.({ err: err.message }, 'could not take more jobs for a batch');
        return undefined;
      });
      if (!next) break;
      extras.push(next);
    }
    if (!extras.length) return this.process(job);
    // Locks of the extra jobs, renewed like the worker renews the first one's.
    const renew = setInterval(() => {
      for (const x of extras) void x.extendLock(x.token!, WORKER_LOCK_MS).catch(() => undefined);
    }, WORKER_LOCK_MS / 2);
    try {
      return await this.runBatch(job, extras);
    } finally {
      clearInterval(renew);
    }
  }

  private async runBatch(first: Job, extras: Job[]): Promise<InboxOutcome> {
    const jobs = [first, ...extras];
    const events: { event: Envelope<never>; handler: EventHandler; redrive: boolean }[] = [];
    for (const j of jobs) {
      const parsed = parseEnvelope(j.data);
      const handler = parsed.ok ? this.handlers.get(parsed.envelope.type) : undefined;
      // A job BullMQ failed for stalling, a bad envelope or an unknown type: the one-by-one path knows what to do.
      if (!parsed.ok || !handler || j.deferredFailure) return this.oneByOne(first, extras);
      events.push({ event: parsed.envelope as Envelope<never>, handler, redrive: String(j.id).includes('-redrive-') });
    }
    // Within a stream, by sequence: jobs handed back by a stall check return to the queue in reverse order. Each
    // stream's events take the places its events had in the batch; other streams keep theirs.
    const byStream = new Map<string, typeof events>();
    for (const e of events) {
      const k = `${e.event.source}\u0000${e.event.streamId}`;
      byStream.set(k, [...(byStream.get(k) ?? []), e]);
    }
    for (const list of byStream.values()) list.sort((x, y) => x.event.sequence - y.event.sequence);
    const ordered = events.map((e) => byStream.get(`${e.event.source}\u0000${e.event.streamId}`)!.shift()!);
    let outcomes: InboxOutcome[];
    try {
      const byId = new Map((await this.applyBatch(ordered)).map((o, i) => [ordered[i], o]));
      outcomes = events.map((e) => byId.get(e)!);
    } catch (err) {
      this.logger.debug?.({ queue: first.queueName, events: jobs.length, err: err instanceof Error ? err.message : String(err) }, 'batch rolled back; applying its events one by one');
      return this.oneByOne(first, extras);
    }
    for (const e of events) if (e.redrive) await this.resolveDeadLetter(e.event.id).catch(() => undefined);
    await Promise.all(extras.map((x, i) => this.finish(x, outcomes[i + 1])));
    return outcomes[0];
  }

  /** The jobs of a batch applied one by one, in order: each extra one completed or failed (retry, dead letter) here, the first by the worker. */
  private async oneByOne(first: Job, extras: Job[]): Promise<InboxOutcome> {
    let firstOutcome: InboxOutcome | undefined;
    let firstError: unknown;
    try {
      firstOutcome = await this.process(first);
    } catch (err) {
      firstError = err;
    }
    for (const x of extras) {
      if (x.deferredFailure) {
        const err = new UnrecoverableError(x.deferredFailure);
        await this.onFailed(x, new Error(x.deferredFailure));
        await x.moveToFailed(err, x.token!, false).catch((e: Error) => this.logger.warn({ err: e.message, jobId: x.id }, 'could not fail a batched job'));
        continue;
      }
      try {
        await this.finish(x, await this.process(x));
      } catch (err) {
        await x.moveToFailed(err instanceof Error ? err : new Error(String(err)), x.token!, false)
          .catch((e: Error) => this.logger.warn({ err: e.message, jobId: x.id }, 'could not fail a batched job; its lock will expire and it will run again'));
      }
    }
    if (firstError !== undefined) throw firstError;
    return firstOutcome!;
  }

  /** Completes an extra job of a batch. A lost lock only means it runs again, and the inbox drops it. */
  private async finish(job: Job, outcome: InboxOutcome): Promise<void> {
    await job.moveToCompleted(outcome, job.token!, false)
      .catch((err: Error) => this.logger.warn({ err: err.message, jobId: job.id }, 'could not complete a batched job; its lock will expire and the inbox will drop the repeat'));
  }

  /**
   * Several events in one transaction. Duplicates and old sequences are skipped as one by one; a gap stops the
   * batch (it rolls back and the caller applies the events one by one, where the gap takes BullMQ's backoff).
   * Each handler's changes are flushed before the next handler runs, so a handler reads what the events before
   * it in the batch wrote, as it would after their commits.
   */
  private async applyBatch(items: { event: Envelope<never>; handler: EventHandler }[]): Promise<InboxOutcome[]> {
    const consumer = this.opts.service;
    const started = performance.now();
    const outcomes = await this.orm.em.fork().transactional(async (em) => {
      const streams = [...new Map(items.map(({ event: e }) => [`${e.source}\u0000${e.streamId}`, { source: e.source, stream_id: e.streamId }])).values()]
        .sort((a, b) => (a.source === b.source ? (a.stream_id < b.stream_id ? -1 : 1) : a.source < b.source ? -1 : 1));
      // One round trip: every event recorded in the inbox (nothing for a duplicate), every stream cursor taken
      // (created at 0 if new, locked until commit; in one order, so two batches cannot deadlock on cursors).
      const rows = await em.execute<{ kind: 'e' | 'c'; a: string; b: string | null; seq: string | null }[]>(
        `with ins as (
           insert into ${this.s}.inbox (consumer, event_id, type, processed_at)
           select ?, x.event_id, x.type, now() from jsonb_to_recordset(?::jsonb) as x(event_id uuid, type text)
           on conflict do nothing returning event_id)
         , cur as (
           insert into ${this.s}.stream_cursors (consumer, source, stream_id, last_sequence)
           select ?, y.source, y.stream_id, 0 from jsonb_to_recordset(?::jsonb) as y(n int, source text, stream_id text) order by y.n
           on conflict (consumer, source, stream_id) do update set last_sequence = ${this.s}.stream_cursors.last_sequence
           returning source, stream_id, last_sequence)
         select 'e' as kind, event_id::text as a, null as b, null::bigint as seq from ins
         union all select 'c', source, stream_id, last_sequence from cur`,
        [consumer, JSON.stringify(items.map(({ event: e }) => ({ event_id: e.id, type: e.type }))), consumer, JSON.stringify(streams.map((x, n) => ({ n, ...x })))],
      );
      const fresh = new Set(rows.filter((r) => r.kind === 'e').map((r) => r.a));
      const cursors = new Map(rows.filter((r) => r.kind === 'c').map((r) => [`${r.a}\u0000${r.b}`, Number(r.seq)]));
      const moved = new Map<string, { source: string; stream_id: string; seq: number }>();
      const out: InboxOutcome[] = [];
      for (const { event, handler } of items) {
        if (!fresh.delete(event.id)) { out.push('duplicate'); continue; }
        const key = `${event.source}\u0000${event.streamId}`;
        const last = cursors.get(key) ?? 0;
        if (event.sequence <= last) { out.push('stale'); continue; }
        if (event.sequence > last + 1) throw new SequenceGapError(event.streamId, last + 1, event.sequence);
        await handler(event, em);
        await em.flush();
        cursors.set(key, event.sequence);
        moved.set(key, { source: event.source, stream_id: event.streamId, seq: event.sequence });
        out.push('applied');
      }
      if (moved.size) {
        await em.execute(
          `update ${this.s}.stream_cursors c set last_sequence = v.seq
             from jsonb_to_recordset(?::jsonb) as v(source text, stream_id text, seq bigint)
            where c.consumer = ? and c.source = v.source and c.stream_id = v.stream_id`,
          [JSON.stringify([...moved.values()]), consumer],
        );
      }
      return out;
    });
    this.count(outcomes, 'batch', (performance.now() - started) / 1000);
    return outcomes;
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
    if (this.queueNames.length > 1) return this.timedApply(event, handler);
    for (const pauseMs of GAP_PAUSES_MS) {
      const t = performance.now();
      try {
        return await this.timedApply(event, handler);
      } catch (err) {
        if (!(err instanceof SequenceGapError)) throw err;
        await new Promise((r) => setTimeout(r, pauseMs));
        this.waited((performance.now() - t) / 1000);
      }
    }
    return this.timedApply(event, handler);
  }

  /** `apply`, counted: a committed transaction adds to the apply time, an attempt that met a gap to the wait time. */
  private async timedApply(event: Envelope<never>, handler: EventHandler): Promise<InboxOutcome> {
    const t = performance.now();
    try {
      const outcome = await this.apply(event, handler);
      this.count([outcome], 'single', (performance.now() - t) / 1000);
      return outcome;
    } catch (err) {
      if (err instanceof SequenceGapError) this.waited((performance.now() - t) / 1000);
      throw err;
    }
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
