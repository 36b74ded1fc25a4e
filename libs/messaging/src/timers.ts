import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { DomainError } from '@poleflow/domain';
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
 * Schedule timers from an inbox handler of an event the service emitted itself: the event is in the outbox of
 * the transaction that made the timer necessary, so the timer cannot be lost between a commit and a crash.
 * A handler that keeps failing stays in the queue's failed set, visible and retryable on /admin/queues.
 */
@Injectable()
export class Timers {
  private readonly logger = new Logger(Timers.name);
  private readonly handlers = new Map<string, TimerHandler>();
  private worker?: Worker;
  readonly queueName: string;

  constructor(
    private readonly orm: MikroORM,
    private readonly queues: QueueRegistry,
    @Inject(MESSAGING_OPTIONS) private readonly opts: MessagingOptions,
  ) {
    this.queueName = timerQueueName(opts.service);
  }

  on(kind: string, handler: TimerHandler): void {
    if (this.handlers.has(kind)) throw new Error(`${this.opts.service}: two timer handlers for ${kind}`);
    this.handlers.set(kind, handler);
  }

  /** Arms `kind.key` to fire at `at` (at once if `at` is past). Idempotent per (kind, key). */
  async schedule(kind: string, key: string, at: Date, data: Record<string, unknown>): Promise<void> {
    await this.queues.get(this.queueName).add(kind, data, {
      jobId: timerJobId(kind, key),
      delay: Math.max(0, at.getTime() - Date.now()),
      attempts: this.opts.attempts ?? DEFAULT_ATTEMPTS,
      backoff: { type: 'exponential', delay: this.opts.backoffMs ?? DEFAULT_BACKOFF_MS },
      removeOnComplete: { count: 1000, age: 7 * 24 * 3600 },
      removeOnFail: { count: 5000, age: 30 * 24 * 3600 },
    });
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
  }

  async stop(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
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
      await this.orm.em.fork().transactional((em) => handler((job.data ?? {}) as Record<string, unknown>, em));
      this.logger.debug?.({ queue: this.queueName, timer: job.id }, 'timer fired');
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.logger.warn({ queue: this.queueName, timer: job.id, err: message }, 'timer failed');
      if (err instanceof DomainError) throw new UnrecoverableError(`${err.code}: ${message}`);
      throw err;
    }
  }
}
