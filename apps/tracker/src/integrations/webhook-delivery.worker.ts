import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Job } from 'bullmq';
import { v7 as uuidv7 } from 'uuid';
import { signatureHeader } from '@poleflow/domain';
import { MESSAGING_OPTIONS, type MessagingOptions } from '@poleflow/messaging';
import { ident } from '@poleflow/persistence';
import { SweptWorker, sweepByKeyset } from '../common/swept-worker.js';
import { TRACKER_SCHEMA } from '../mikro-orm.config.js';
import { postWebhook, type WebhookResponse } from './webhook-sender.js';
import { WebhookQueue, WEBHOOK_QUEUE, type DeliveryJobData } from './webhook-queue.js';
import { WebhookUrlPolicy } from './webhook-url.policy.js';
import { WEBHOOK_SETTINGS, type WebhookSettings } from './webhook.settings.js';

export type DeliveryOutcome = 'delivered' | 'failed' | 'retry' | 'waiting' | 'stale' | 'missing';

/** The sweeper leaves rows younger than this to the after-commit enqueue. */
export const SWEEP_GRACE_MS = 5000;
const SWEEP_BATCH = 500;

interface DeliveryRow {
  id: string; subscription_id: string; event_id: string; event_type: string; run: number; status: string;
  url: string; secret: string; previous_secret: string | null; previous_secret_expires_at: Date | null; active: boolean; paused_at: Date | null;
  envelope: Record<string, unknown>;
}

const isSuccess = (r: WebhookResponse): boolean => r.statusCode !== null && r.statusCode >= 200 && r.statusCode < 300;

/**
 * Delivers `tracker.webhooks` jobs (one per delivery run): POSTs the event envelope, signed, to the subscription's
 * URL; 2xx is delivered, anything else is retried by BullMQ with exponential backoff. Every attempt is logged.
 * A delivery whose attempts are exhausted is failed; WEBHOOK_PAUSE_AFTER_FAILURES failed deliveries in a row
 * pause the subscription, and its pending deliveries wait (their jobs end without an attempt) until the owner
 * resumes it. A sweeper (at start, then every WEBHOOK_SWEEP_MS) enqueues the pending deliveries of running
 * subscriptions, so a crash between the inbox commit and the enqueue loses nothing.
 *
 * At least once: a worker that dies after the receiver answered but before the row is updated sends again;
 * receivers deduplicate on `Poleflow-Event-Id`.
 */
@Injectable()
export class WebhookDeliveryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookDeliveryWorker.name);
  private readonly s = ident(TRACKER_SCHEMA);
  private readonly runner: SweptWorker;

  constructor(
    private readonly orm: MikroORM,
    private readonly queue: WebhookQueue,
    private readonly policy: WebhookUrlPolicy,
    @Inject(WEBHOOK_SETTINGS) private readonly settings: WebhookSettings,
    @Inject(MESSAGING_OPTIONS) messaging: MessagingOptions,
  ) {
    this.runner = new SweptWorker({
      queue: WEBHOOK_QUEUE, label: 'webhook', concurrency: settings.concurrency, sweepMs: settings.sweepMs,
      process: (job: Job<DeliveryJobData>) => this.process(job), sweep: () => this.sweep(), logger: this.logger, messaging,
    });
  }

  onApplicationBootstrap(): void {
    if (this.settings.deliver) this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    this.runner.start();
  }

  stop(): Promise<void> {
    return this.runner.stop();
  }

  /**
   * Enqueues the pending deliveries of active, unpaused subscriptions whose run started more than `graceMs` ago.
   * Runs that already have a job (waiting, active, or delayed for a retry) are left alone: same job id.
   */
  async sweep(graceMs = SWEEP_GRACE_MS): Promise<number> {
    return sweepByKeyset<{ id: string; run: number; queued_at: Date }>((after) => this.orm.em.fork().execute(
      `select d.id, d.run, d.queued_at from ${this.s}.webhook_deliveries d
         join ${this.s}.webhook_subscriptions s on s.id = d.subscription_id
        where d.status = 'pending' and d.queued_at < now() - (? * interval '1 millisecond') and s.active and s.paused_at is null
          ${after ? 'and (d.queued_at, d.id) > (?, ?)' : ''}
        order by d.queued_at, d.id limit ?`,
      [graceMs, ...(after ? [after.queued_at, after.id] : []), SWEEP_BATCH],
    ), (rows) => this.queue.enqueue(rows.map((r) => ({ deliveryId: r.id, run: r.run }))), SWEEP_BATCH);
  }

  /** Runs one delivery job. Public so tests can drive it directly. */
  async process(job: Pick<Job<DeliveryJobData>, 'data' | 'attemptsMade' | 'opts' | 'id'>): Promise<DeliveryOutcome> {
    const { deliveryId, run } = job.data;
    const [row] = await this.orm.em.fork().execute<DeliveryRow[]>(
      `select d.id, d.subscription_id, d.event_id, d.event_type, d.run, d.status, s.url, s.secret, s.previous_secret, s.previous_secret_expires_at,
              s.active, s.paused_at, f.envelope
         from ${this.s}.webhook_deliveries d
         join ${this.s}.webhook_subscriptions s on s.id = d.subscription_id
         join ${this.s}.feed_entries f on f.event_id = d.event_id
        where d.id = ?`,
      [deliveryId],
    );
    if (!row) return 'missing';
    if (row.run !== run || row.status !== 'pending') return 'stale';
    // Paused or switched off: the row stays pending; a resume (or re-activation) starts a new run.
    if (!row.active || row.paused_at) return 'waiting';
    const log = { queue: WEBHOOK_QUEUE, deliveryId, subscriptionId: row.subscription_id, eventId: row.event_id, eventType: row.event_type, attempt: job.attemptsMade + 1 };

    const body = JSON.stringify(row.envelope);
    const timestamp = Math.floor(Date.now() / 1000);
    const secrets = [row.secret, ...(row.previous_secret && row.previous_secret_expires_at && new Date(row.previous_secret_expires_at) > new Date() ? [row.previous_secret] : [])];
    const target = this.policy.target(row.url);
    const attemptedAt = new Date();
    const response: WebhookResponse = target.ok
      ? await postWebhook({
        url: target.url, body, timeoutMs: this.settings.timeoutMs, lookup: target.lookup,
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Poleflow-Webhooks/1',
          'Poleflow-Event-Id': row.event_id,
          'Poleflow-Event-Type': row.event_type,
          'Poleflow-Delivery-Id': row.id,
          'Poleflow-Timestamp': String(timestamp),
          'Poleflow-Signature': signatureHeader(secrets, timestamp, body),
        },
      })
      : { statusCode: null, error: `WEBHOOK_URL_FORBIDDEN: ${target.reason}`, durationMs: 0 };
    const ok = isSuccess(response);
    const final = !ok && job.attemptsMade + 1 >= (job.opts.attempts ?? this.settings.maxAttempts);
    const outcome = await this.record(row, run, attemptedAt, response, ok, final);
    if (ok) {
      this.logger.debug?.({ ...log, status: response.statusCode, ms: response.durationMs }, 'webhook delivered');
      return 'delivered';
    }
    this.logger.warn({ ...log, status: response.statusCode, err: response.error, final }, final ? 'webhook delivery failed for good' : 'webhook attempt failed; will retry');
    if (outcome === 'paused') this.logger.warn({ subscriptionId: row.subscription_id }, 'webhook subscription paused after consecutive failed deliveries');
    // Thrown so BullMQ retries with backoff (or moves the last attempt to the failed set, visible on /admin/queues).
    throw new Error(response.error ?? `HTTP ${response.statusCode}`);
  }

  /**
   * Logs the attempt and moves the delivery on, in one transaction that locks the subscription first (the order
   * every writer of a subscription and its deliveries follows). Only the current run of a pending delivery changes
   * state: an attempt of a run superseded meanwhile is logged, nothing more.
   */
  private async record(row: DeliveryRow, run: number, at: Date, r: WebhookResponse, ok: boolean, final: boolean): Promise<'recorded' | 'paused'> {
    return this.orm.em.fork().transactional(async (em) => {
      await em.execute(`select id from ${this.s}.webhook_subscriptions where id = ? for update`, [row.subscription_id]);
      const [d] = await em.execute<{ run: number; status: string; attempts: number }[]>(
        `select run, status, attempts from ${this.s}.webhook_deliveries where id = ? for update`, [row.id]);
      if (!d) return 'recorded';
      const current = d.run === run && d.status === 'pending';
      const status = !current ? d.status : ok ? 'delivered' : final ? 'failed' : 'pending';
      const error = r.error?.slice(0, 1000) ?? null;
      await em.execute(
        `update ${this.s}.webhook_deliveries set attempts = attempts + 1, last_attempt_at = ?, last_status_code = ?, last_error = ?, status = ?,
                delivered_at = case when ? then ?::timestamptz else delivered_at end, failed_at = case when ? then ?::timestamptz else failed_at end
          where id = ?`,
        [at, r.statusCode, error, status, current && ok, at, current && final, at, row.id],
      );
      await em.execute(
        `insert into ${this.s}.webhook_delivery_attempts (id, delivery_id, subscription_id, attempt, run, attempted_at, ok, status_code, duration_ms, error)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [uuidv7(), row.id, row.subscription_id, d.attempts + 1, run, at, ok, r.statusCode, r.durationMs, error],
      );
      if (ok) {
        await em.execute(`update ${this.s}.webhook_subscriptions set consecutive_failures = 0, last_success_at = ? where id = ?`, [at, row.subscription_id]);
        return 'recorded';
      }
      if (!(current && final)) return 'recorded';
      const [sub] = await em.execute<{ paused: boolean }[]>(
        `update ${this.s}.webhook_subscriptions
            set consecutive_failures = consecutive_failures + 1,
                paused_at = case when paused_at is null and consecutive_failures + 1 >= ? then ?::timestamptz else paused_at end,
                pause_reason = case when paused_at is null and consecutive_failures + 1 >= ? then ? else pause_reason end
          where id = ? returning paused_at = ?::timestamptz as paused`,
        [this.settings.pauseAfterFailures, at, this.settings.pauseAfterFailures,
          `paused after ${this.settings.pauseAfterFailures} consecutive failed deliveries; last error: ${error ?? 'unknown'}`, row.subscription_id, at],
      );
      return sub?.paused ? 'paused' : 'recorded';
    });
  }
}
