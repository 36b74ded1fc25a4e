import { Inject, Injectable } from '@nestjs/common';
import { QueueRegistry, withTimeout } from '@poleflow/messaging';
import { EMAIL_SETTINGS, type EmailSettings } from './email.settings.js';
import { retriedJobOptions } from '../common/retried-job.js';

export const EMAIL_QUEUE = 'tracker.emails';
export const SEND_JOB = 'send';
export const DIGEST_JOB = 'digest';

/** What the queue needs of a row: its id and how many times an admin resent it. */
export interface EmailJobRef { id: string; resends: number }

/** The row's id, then `<id>.r<n>` after the n-th resend (BullMQ keeps the failed job under the first id). */
export const emailJobId = (r: EmailJobRef): string => (r.resends ? `${r.id}.r${r.resends}` : r.id);

/** Producer side of `tracker.emails`: one job per e-mail row and resend (enqueued twice = one job). */
@Injectable()
export class EmailQueue {
  constructor(private readonly queues: QueueRegistry, @Inject(EMAIL_SETTINGS) private readonly settings: EmailSettings) {}

  async enqueue(refs: readonly EmailJobRef[]): Promise<void> {
    if (!refs.length) return;
    await this.queues.ensureReady(2000);
    await withTimeout(this.queues.get(EMAIL_QUEUE).addBulk(refs.map((r) => ({
      name: SEND_JOB,
      data: { emailId: r.id },
      opts: retriedJobOptions(emailJobId(r), this.settings),
    }))), 5000, 'email enqueue');
  }

  /** The daily digest, a BullMQ job scheduler (idempotent: one schedule however many processes start). */
  async scheduleDigest(): Promise<void> {
    await this.queues.ensureReady(2000);
    await this.queues.get(EMAIL_QUEUE).upsertJobScheduler('daily-digest', { pattern: this.settings.digestCron }, { name: DIGEST_JOB, data: {} });
  }
}
