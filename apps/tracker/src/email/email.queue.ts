import { Inject, Injectable } from '@nestjs/common';
import { QueueRegistry, withTimeout } from '@poleflow/messaging';
import { EMAIL_SETTINGS, type EmailSettings } from './email.settings.js';

export const EMAIL_QUEUE = 'tracker.emails';
export const SEND_JOB = 'send';
export const DIGEST_JOB = 'digest';

/** Producer side of `tracker.emails`: one job per e-mail row, job id = the row's id (enqueued twice = one job). */
@Injectable()
export class EmailQueue {
  constructor(private readonly queues: QueueRegistry, @Inject(EMAIL_SETTINGS) private readonly settings: EmailSettings) {}

  async enqueue(emailIds: readonly string[]): Promise<void> {
    if (!emailIds.length) return;
    await this.queues.ensureReady(2000);
    await withTimeout(this.queues.get(EMAIL_QUEUE).addBulk(emailIds.map((emailId) => ({
      name: SEND_JOB,
      data: { emailId },
      opts: {
        jobId: emailId,
        attempts: this.settings.maxAttempts,
        backoff: { type: 'exponential', delay: this.settings.backoffMs },
        removeOnComplete: { count: 1000, age: 24 * 3600 },
        removeOnFail: { count: 5000, age: 14 * 24 * 3600 },
      },
    }))), 5000, 'email enqueue');
  }

  /** The daily digest, a BullMQ job scheduler (idempotent: one schedule however many processes start). */
  async scheduleDigest(): Promise<void> {
    await this.queues.ensureReady(2000);
    await this.queues.get(EMAIL_QUEUE).upsertJobScheduler('daily-digest', { pattern: this.settings.digestCron }, { name: DIGEST_JOB, data: {} });
  }
}
