import { Inject, Injectable } from '@nestjs/common';
import { QueueRegistry, withTimeout } from '@poleflow/messaging';
import { WEBHOOK_SETTINGS, type WebhookSettings } from './webhook.settings.js';
import { retriedJobOptions } from '../common/retried-job.js';

export const WEBHOOK_QUEUE = 'tracker.webhooks';
export const DELIVER_JOB = 'deliver';

/** What a delivery job carries: the row and the run it was enqueued for (a later run makes it stale). */
export interface DeliveryJobData {
  deliveryId: string;
  run: number;
}

/**
 * The job id is the delivery id (run 0), then `<id>.<run>` for a redelivery or a resume: enqueuing the same run
 * twice — after commit, then by the sweeper — is one job. (BullMQ refuses ':' in custom ids.)
 */
export const deliveryJobId = (d: DeliveryJobData): string => (d.run === 0 ? d.deliveryId : `${d.deliveryId}.${d.run}`);

/** Producer side of `tracker.webhooks`: retries with exponential backoff are BullMQ's (WEBHOOK_MAX_ATTEMPTS, WEBHOOK_BACKOFF_MS). */
@Injectable()
export class WebhookQueue {
  constructor(
    private readonly queues: QueueRegistry,
    @Inject(WEBHOOK_SETTINGS) private readonly settings: WebhookSettings,
  ) {}

  async enqueue(deliveries: readonly DeliveryJobData[]): Promise<void> {
    if (!deliveries.length) return;
    await this.queues.ensureReady(2000);
    await withTimeout(this.queues.get(WEBHOOK_QUEUE).addBulk(deliveries.map((d) => ({
      name: DELIVER_JOB,
      data: { deliveryId: d.deliveryId, run: d.run } satisfies DeliveryJobData,
      opts: retriedJobOptions(deliveryJobId(d), this.settings),
    }))), 5000, 'webhook enqueue');
  }
}
