import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { DomainError } from '@poleflow/domain';
import { ident } from '@poleflow/persistence';
import { DEFAULT_ATTEMPTS, DEFAULT_BACKOFF_MS, MESSAGING_OPTIONS, workerRecoveryOptions, type MessagingOptions } from './options.js';
import { QueueRegistry } from './queues.js';
import { redisOptions } from './redis.js';
import { withTimeout } from './timeout.js';

/** A timer's handler: runs in its own transaction and must re-check the state it acts on (ARCHITECTURE.md §3.6). */
export type TimerHandler = (data: Record<string, unknown>, em: EntityManager) => Promise<void>;

export const timerQueueName = (service: string): string => `${service}.timers`;

/** BullMQ refuses ':' in custom job ids. */
export const timerJobId = (kind: string, key: string): string => `${kind}.${key}`;

/**
 * Durable timers on BullMQ delayed jobs (`<service>.timers`): reviewer deadlines, milestone due dates.
 * A timer lives in Redis, not in a process, so it fires after any restart of the workers; its job id is
 * `<kind>.<key>`, so scheduling the same timer twice (a redelivered event) keeps one job. A handler re-checks
 * the state when it fires, so a timer on something already done does nothing — timers are never cancelled.
 *
 * Redis is not the record: each timer is also a row of the service's `timers` table (written in the caller's
 * transaction when it passes its `em`), marked fired in the transaction of its handler. Every few polls, and at
 * start, the timers not yet fired whose job Redis no longer holds (a Redis that restarted without its data, or
 * was flushed) are armed again (ARCHITECTURE.md §7, "timers recorded in PostgreSQL").
 *
 * Schedule timers from an inbox handler of an event the service emitted itself: the event is in the outbox of
 * the transaction that made the timer necessary, so the timer cannot be lost between a commit and a crash.
 * A handler that keeps failing stays in the queue's failed set, visible and retryable on /admin/queues.
 */
@Injectable()
export class Timers {
  private readonly logger = new Logger(Timers.name);
  private readonly handlers = new Map<string, TimerHandler>();
  private worker?: Worker;
  private rearmTimer?: NodeJS.Timeout;
  private rearming?: Promise<number>;
  private readonly table: string;
  readonly queueName: string;

  constructor(
    private readonly orm: MikroORM,
    private readonly queues: QueueRegistry,
    @Inject(MESSAGING_OPTIONS) private readonly opts: MessagingOptions,
  ) {
    this.queueName = timerQueueName(opts.service);
    this.table = `${ident(opts.schema)}.timers`;
  }

  on(kind: string, handler: TimerHandler): void {
    if (this.handlers.has(kind)) throw new Error(`${this.opts.service}: two timer handlers for ${kind}`);
    this.handlers.set(kind, handler);
  }

  /**
   * Arms `kind.key` to fire at `at` (at once if `at` is past). Idempotent per (kind, key): the first schedule
   * wins. Pass the inbox transaction's `em` so that the timer's record commits with the state that needs it.
   */
  async schedule(kind: string, key: string, at: Date, data: Record<string, unknown>, em?: EntityManager): Promise<void> {
    await (em ?? this.orm.em.fork()).execute(
      `insert into ${this.table} (kind, key, fire_at, data, created_at) values (?, ?, ?, ?::jsonb, now()) on conflict (kind, key) do nothing`,
      [kind, key, at, JSON.stringify(data)],
    );
    await this.arm(kind, key, at, data);
  }

  private async arm(kind: string, key: string, at: Date, data: Record<string, unknown>): Promise<void> {
    await this.queues.get(this.queueName).add(kind, data, {
      jobId: timerJobId(kind, key),
      delay: Math.max(0, at.getTime() - Date.now()),
      attempts: this.opts.attempts ?? DEFAULT_ATTEMPTS,
      backoff: { type: 'exponential', delay: this.opts.backoffMs ?? DEFAULT_BACKOFF_MS },
      removeOnComplete: { count: 1000, age: 7 * 24 * 3600 },
      removeOnFail: { count: 5000, age: 30 * 24 * 3600 },
    });
  }

  /**
   * Arms again every timer not yet fired whose job Redis no longer holds. Resolves with the number re-armed.
   * One pass at a time; pages through the table in fire order.
   */
  rearm(): Promise<number> {
    this.rearming ??= this.rearmAll().finally(() => { this.rearming = undefined; });
    return this.rearming;
  }

  private async rearmAll(): Promise<number> {
    let armed = 0;
    let after: [Date, string, string] | null = null;
    for (let page = 0; page < 1000; page++) {
      const rows: { kind: string; key: string; fire_at: Date; data: Record<string, unknown> }[] = await this.orm.em.fork().execute(
        `select kind, key, fire_at, data from ${this.table} where fired_at is null ${after ? 'and (fire_at, kind, key) > (?, ?, ?)' : ''}
          order by fire_at, kind, key limit 500`,
        after ?? [],
      );
      if (!rows.length) break;
      const states = await this.queues.jobStates(this.queueName, rows.map((r) => timerJobId(r.kind, r.key)));
      for (const [i, r] of rows.entries()) {
        if (states[i] !== 'missing') continue;
        await this.arm(r.kind, r.key, new Date(r.fire_at), r.data);
        armed++;
      }
      const last = rows[rows.length - 1];
      after = [last.fire_at, last.kind, last.key];
      if (rows.length < 500) break;
    }
    if (armed) this.logger.warn({ queue: this.queueName, armed }, 'timers missing from Redis armed again from their records');
    return armed;
  }

  get running(): boolean {
    return this.worker !== undefined;
  }

  start(): void {
    if (this.worker || this.handlers.size === 0) return;
    this.worker = new Worker(this.queueName, (job) => this.fire(job), {
      connection: redisOptions(this.opts.redisUrl, { maxRetriesPerRequest: null }) as ConnectionOptions,
      prefix: this.opts.prefix,
      concurrency: Math.max(1, Math.min(this.opts.concurrency, 4)),
      autorun: false,
      ...workerRecoveryOptions(),
    });
    this.worker.on('error', (err) => this.logger.warn({ err: err.message, queue: this.queueName }, 'timer worker error'));
    void this.worker.run().catch((err: Error) => this.logger.error({ err: err.message }, 'timer worker stopped'));
    const every = Math.max(1000, this.opts.pollMs * 5);
    const tick = () => {
      void this.rearm().catch((err: Error) => this.logger.debug?.(`timers not re-armed yet: ${err.message}`));
      this.rearmTimer = setTimeout(tick, every);
      this.rearmTimer.unref();
    };
    tick();
  }

  async stop(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (this.rearmTimer) clearTimeout(this.rearmTimer);
    await this.rearming?.catch(() => undefined);
    if (!w) return;
    await withTimeout(w.close(), 5000, 'timer worker close').catch(async (err: Error) => {
      this.logger.warn({ err: err.message }, 'timer worker did not close in time; disconnecting it');
      await withTimeout(w.disconnect(), 1000, 'timer worker disconnect').catch(() => undefined);
    });
  }

  /** Runs one timer. Public so tests can fire one directly. */
  async fire(job: Pick<Job, 'id' | 'name' | 'data'>): Promise<void> {
    const handler = this.handlers.get(job.name);
    if (!handler) throw new UnrecoverableError(`no timer handler for ${job.name}`);
    try {
      const key = String(job.id ?? '').slice(job.name.length + 1);
      await this.orm.em.fork().transactional(async (em) => {
        await handler((job.data ?? {}) as Record<string, unknown>, em);
        await em.execute(`update ${this.table} set fired_at = now() where kind = ? and key = ? and fired_at is null`, [job.name, key]);
      });
      this.logger.debug?.({ queue: this.queueName, timer: job.id }, 'timer fired');
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.logger.warn({ queue: this.queueName, timer: job.id, err: message }, 'timer failed');
      if (err instanceof DomainError) throw new UnrecoverableError(`${err.code}: ${message}`);
      throw err;
    }
  }
}
