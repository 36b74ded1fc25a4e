import { Injectable, Logger } from '@nestjs/common';
import { MikroORM, type FilterQuery } from '@mikro-orm/postgresql';
import type { Principal } from '@poleflow/auth';
import { DomainError } from '@poleflow/domain';
import { decodeTimeCursor, pageOf } from '@poleflow/http';
import { WebhookQueue } from './webhook-queue.js';
import type { DeliveryListQuery, DeliveryPage, DeliveryView } from './webhook.dto.js';
import { WebhookDelivery, WebhookDeliveryAttempt } from './webhook.entity.js';
import { WebhooksService } from './webhooks.service.js';

function deliveryView(d: WebhookDelivery, attempts: WebhookDeliveryAttempt[]): DeliveryView {
  return {
    id: d.id, eventId: d.eventId, eventType: d.eventType, projectId: d.projectId, status: d.status, attemptCount: d.attempts,
    createdAt: d.createdAt.toISOString(), deliveredAt: d.deliveredAt?.toISOString() ?? null, failedAt: d.failedAt?.toISOString() ?? null,
    attempts: attempts.map((a) => ({
      attempt: a.attempt, run: a.run, at: a.attemptedAt.toISOString(), ok: a.ok, statusCode: a.statusCode, durationMs: a.durationMs, error: a.error,
    })),
  };
}

/** A subscription's deliveries and their attempt log, and redelivery — for the subscription's managers only. */
@Injectable()
export class WebhookDeliveriesService {
  private readonly logger = new Logger(WebhookDeliveriesService.name);

  constructor(private readonly orm: MikroORM, private readonly webhooks: WebhooksService, private readonly queue: WebhookQueue) {}

  async list(id: string, q: DeliveryListQuery, p: Principal): Promise<DeliveryPage> {
    const em = this.orm.em.fork();
    await this.webhooks.managed(em, id, p);
    const limit = q.limit ?? 20;
    const and: FilterQuery<WebhookDelivery>[] = [{ subscriptionId: id }];
    if (q.status) and.push({ status: q.status });
    const after = decodeTimeCursor(q.cursor);
    if (after) and.push({ $or: [{ createdAt: { $lt: after.at } }, { createdAt: after.at, id: { $lt: after.id } }] });
    const rows = await em.find(WebhookDelivery, { $and: and }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: limit + 1 });
    const shown = rows.slice(0, limit).map((r) => r.id);
    const attempts = shown.length
      ? await em.find(WebhookDeliveryAttempt, { deliveryId: { $in: shown } }, { orderBy: { attempt: 'asc', attemptedAt: 'asc' } })
      : [];
    return pageOf(rows, limit, (r) => deliveryView(r, attempts.filter((a) => a.deliveryId === r.id)), (r) => [r.createdAt.toISOString(), r.id]);
  }

  /** Sends a delivery again, whatever its status, as a new run with fresh attempts. */
  async redeliver(id: string, deliveryId: string, p: Principal): Promise<DeliveryView> {
    const { view, run } = await this.orm.em.fork().transactional(async (em) => {
      const sub = await this.webhooks.managed(em, id, p, true);
      if (!sub.active) throw new DomainError('WEBHOOK_INACTIVE', 'the subscription is switched off: activate it first', 409);
      if (sub.pausedAt) throw new DomainError('WEBHOOK_PAUSED', 'the subscription is paused: resume it, which also restarts what is pending', 409);
      const d = await em.findOne(WebhookDelivery, { id: deliveryId, subscriptionId: id });
      if (!d) throw new DomainError('DELIVERY_NOT_FOUND', `no delivery ${deliveryId} for this subscription`, 404);
      em.assign(d, { run: d.run + 1, status: 'pending', queuedAt: new Date(), deliveredAt: null, failedAt: null });
      await em.flush();
      const attempts = await em.find(WebhookDeliveryAttempt, { deliveryId }, { orderBy: { attempt: 'asc' } });
      return { view: deliveryView(d, attempts), run: d.run };
    });
    await this.queue.enqueue([{ deliveryId, run }]).catch((err: Error) =>
      this.logger.warn({ err: err.message, deliveryId }, 'redelivery not enqueued; the sweeper will'));
    return view;
  }
}
