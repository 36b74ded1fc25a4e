import type { Provider } from '@nestjs/common';
import type { TrackerConfig } from '../config.js';
import { FeedFanout } from './feed-fanout.subscriber.js';
import { FeedController } from './feed.controller.js';
import { FeedService } from './feed.service.js';
import { WebhookDeliveriesService } from './webhook-deliveries.service.js';
import { WebhookDeliveryWorker } from './webhook-delivery.worker.js';
import { WebhookQueue } from './webhook-queue.js';
import { WebhookUrlPolicy } from './webhook-url.policy.js';
import { WEBHOOK_SETTINGS, webhookSettings } from './webhook.settings.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksService } from './webhooks.service.js';

/** Notifications and integrations: signed webhooks for funders and poles, and the ordered event feed. */
export const integrationsProviders = (cfg: TrackerConfig): Provider[] => [
  { provide: WEBHOOK_SETTINGS, useValue: webhookSettings(cfg) },
  WebhookQueue, WebhookUrlPolicy, FeedFanout, WebhookDeliveryWorker, WebhooksService, WebhookDeliveriesService, FeedService,
];

export const INTEGRATIONS_CONTROLLERS = [WebhooksController, FeedController];
