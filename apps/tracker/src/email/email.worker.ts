import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Job } from 'bullmq';
import nodemailer, { type Transporter } from 'nodemailer';
import { MESSAGING_OPTIONS, type MessagingOptions } from '@poleflow/messaging';
import { ident } from '@poleflow/persistence';
import { SweptWorker, sweepByKeyset } from '../common/swept-worker.js';
import { TRACKER_SCHEMA } from '../mikro-orm.config.js';
import { EmailDigest } from './email.digest.js';
import { DIGEST_JOB, EMAIL_QUEUE, EmailQueue } from './email.queue.js';
import { EMAIL_SETTINGS, type EmailSettings } from './email.settings.js';

export type SendOutcome = 'sent' | 'stale' | 'missing';

/** The sweeper leaves rows younger than this to the after-commit enqueue. */
export const EMAIL_SWEEP_GRACE_MS = 5000;
const SWEEP_BATCH = 500;
/** E-mail jobs in flight at once, and so SMTP connections in the pool. */
const EMAIL_CONCURRENCY = 4;

interface EmailRow { id: string; key: string; status: string; to_address: string; language: string; subject: string; text_body: string; html_body: string }

/**
 * Consumes `tracker.emails`: sends one pending row over SMTP (nodemailer, SMTP_URL) and marks it `sent`; a failed
 * attempt is thrown so BullMQ retries with exponential backoff, and the last one marks the row `failed` (listed
 * by GET /api/v1/admin/emails?status=failed; the job stays in BullMQ's failed set). The sweeper re-enqueues the
 * pending rows a crash or a Redis wipe lost; the scheduled `digest` job groups the `daily` rows.
 */
@Injectable()
export class EmailWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(EmailWorker.name);
  private readonly s = ident(TRACKER_SCHEMA);
  private readonly runner: SweptWorker;
  private transport?: Transporter;

  constructor(
    private readonly orm: MikroORM,
    private readonly queue: EmailQueue,
    private readonly digest: EmailDigest,
    @Inject(EMAIL_SETTINGS) private readonly settings: EmailSettings,
    @Inject(MESSAGING_OPTIONS) messaging: MessagingOptions,
  ) {
    this.runner = new SweptWorker({
      queue: EMAIL_QUEUE, label: 'e-mail', concurrency: EMAIL_CONCURRENCY, sweepMs: settings.sweepMs, sweep: () => this.sweep(), logger: this.logger, messaging,
      process: (job: Job) => (job.name === DIGEST_JOB ? this.digest.run() : this.process(job as Job<{ emailId: string }>)),
    });
  }

  onApplicationBootstrap(): void {
    if (this.settings.send) this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (this.runner.running) return;
    this.runner.start();
    this.queue.scheduleDigest().catch((err: Error) => this.logger.warn({ err: err.message }, 'daily digest not scheduled; the next start will'));
  }

  async stop(): Promise<void> {
    await this.runner.stop();
    this.transport?.close();
    this.transport = undefined;
  }

  /** Enqueues the pending rows older than `graceMs` (a row that already has a job keeps it: same job id). */
  async sweep(graceMs = EMAIL_SWEEP_GRACE_MS): Promise<number> {
    return sweepByKeyset<{ id: string; resends: number; created_at: Date }>((after) => this.orm.em.fork().execute(
      `select id, resends, created_at from ${this.s}.emails where status = 'pending' and created_at < now() - (? * interval '1 millisecond')
         ${after ? 'and (created_at, id) > (?, ?)' : ''} order by created_at, id limit ?`,
      [graceMs, ...(after ? [after.created_at, after.id] : []), SWEEP_BATCH],
    ), (rows) => this.queue.enqueue(rows), SWEEP_BATCH);
  }

  /** Sends one e-mail job. Public so tests can drive it directly. */
  async process(job: Pick<Job<{ emailId: string }>, 'data' | 'attemptsMade' | 'opts'>): Promise<SendOutcome> {
    const { emailId } = job.data;
    const [row] = await this.orm.em.fork().execute<EmailRow[]>(
      `select id, key, status, to_address, language, subject, text_body, html_body from ${this.s}.emails where id = ?`, [emailId]);
    if (!row) return 'missing';
    if (row.status !== 'pending') return 'stale';
    try {
      // Pooled: up to one SMTP connection per concurrent job, kept open between e-mails (a connection, EHLO and QUIT per
      // e-mail cost the tracker more than the e-mail; `?pool=false` in SMTP_URL turns it off).
      this.transport ??= nodemailer.createTransport({ url: this.settings.smtpUrl, pool: true, maxConnections: EMAIL_CONCURRENCY });
      await this.transport.sendMail({
        from: this.settings.from, to: row.to_address, subject: row.subject, text: row.text_body, html: row.html_body,
        // The same Message-ID on a resend (sent, then the mark lost): receivers can tell it is the same e-mail.
        messageId: `<${row.key}@poleflow>`, headers: { 'Content-Language': row.language },
      });
    } catch (err) {
      const final = job.attemptsMade + 1 >= (job.opts.attempts ?? this.settings.maxAttempts);
      const error = (err as Error).message.slice(0, 1000);
      await this.orm.em.fork().execute(
        `update ${this.s}.emails set attempts = attempts + 1, last_error = ?, status = case when ? then 'failed' else status end,
                failed_at = case when ? then now() else failed_at end where id = ? and status = 'pending'`,
        [error, final, final, row.id]);
      this.logger.warn({ queue: EMAIL_QUEUE, emailId, attempt: job.attemptsMade + 1, err: error, final }, final ? 'e-mail failed for good' : 'e-mail attempt failed; will retry');
      throw err;
    }
    await this.orm.em.fork().execute(
      `update ${this.s}.emails set attempts = attempts + 1, last_error = null, status = 'sent', sent_at = now() where id = ? and status = 'pending'`, [row.id]);
    return 'sent';
  }
}
