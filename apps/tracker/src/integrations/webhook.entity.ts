import { OptionalProps } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';

export const WEBHOOK_OWNER_KINDS = ['funder', 'pole'] as const;
export type WebhookOwnerKind = (typeof WEBHOOK_OWNER_KINDS)[number];

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * A funder's or a pole's webhook: the events it wants, about the projects its owner may see (a funder: the
 * projects that applied to its calls; a pole: the projects that target it), POSTed signed to `url`.
 */
@Entity({ tableName: 'webhook_subscriptions' })
@Index({ properties: ['ownerKind', 'ownerId'] })
export class WebhookSubscription {
  [OptionalProps]?: 'version' | 'consecutiveFailures';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) ownerKind!: WebhookOwnerKind;
  @Property({ type: 'uuid' }) ownerId!: string;
  @Property({ type: 'text' }) url!: string;
  /** Wire event types (`label.granted`…). */
  @Property({ type: 'json' }) eventTypes!: string[];
  @Property({ type: 'text' }) description!: string;
  /** The HMAC key, shown once at creation or rotation (32 random bytes, base64url). */
  @Property({ type: 'text' }) secret!: string;
  /** The secret before the last rotation, still signing alongside the new one until it expires. */
  @Property({ type: 'text', nullable: true }) previousSecret!: string | null;
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) previousSecretExpiresAt!: Date | null;
  /** Switched by the owner; an inactive subscription gets no new deliveries. */
  @Property({ type: 'boolean' }) active!: boolean;
  /** Set when deliveries kept failing; pending deliveries wait until the owner resumes it. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) pausedAt!: Date | null;
  @Property({ type: 'text', nullable: true }) pauseReason!: string | null;
  /** Deliveries that failed for good since the last successful one. */
  @Property({ type: 'integer', default: 0 }) consecutiveFailures!: number;
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) lastSuccessAt!: Date | null;
  @Property({ type: 'uuid' }) createdBy!: string;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) updatedAt!: Date;
  @Property({ type: 'integer', version: true }) version!: number;
}

/**
 * One event to deliver to one subscription, created in the inbox transaction that applied the event (unique per
 * subscription and event: a redelivered event adds nothing). `run` numbers the times it was (re)started — by a
 * redelivery or a resume — and is part of its BullMQ job id, so a re-enqueue of the same run is one job.
 */
@Entity({ tableName: 'webhook_deliveries' })
@Unique({ properties: ['subscriptionId', 'eventId'] })
@Index({ properties: ['subscriptionId', 'createdAt'] })
@Index({ name: 'webhook_deliveries_pending_idx', properties: ['queuedAt'], where: `"status" = 'pending'` })
export class WebhookDelivery {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) subscriptionId!: string;
  @Property({ type: 'uuid' }) eventId!: string;
  @Property({ type: 'text' }) eventType!: string;
  @Property({ type: 'uuid' }) projectId!: string;
  @Property({ type: 'text' }) status!: DeliveryStatus;
  @Property({ type: 'integer', default: 0 }) run!: number;
  /** HTTP attempts made, all runs together. */
  @Property({ type: 'integer', default: 0 }) attempts!: number;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) createdAt!: Date;
  /** When the current run was created or restarted (the sweeper leaves younger rows to the after-commit enqueue). */
  @Property({ type: 'datetime', columnType: 'timestamptz' }) queuedAt!: Date;
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) lastAttemptAt!: Date | null;
  @Property({ type: 'integer', nullable: true }) lastStatusCode!: number | null;
  @Property({ type: 'text', nullable: true }) lastError!: string | null;
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) deliveredAt!: Date | null;
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) failedAt!: Date | null;
}

/** The log: one row per HTTP attempt. */
@Entity({ tableName: 'webhook_delivery_attempts' })
@Index({ properties: ['deliveryId', 'attemptedAt'] })
export class WebhookDeliveryAttempt {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) deliveryId!: string;
  @Property({ type: 'uuid' }) subscriptionId!: string;
  /** 1, 2, … over all the runs of the delivery. */
  @Property({ type: 'integer' }) attempt!: number;
  @Property({ type: 'integer' }) run!: number;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) attemptedAt!: Date;
  @Property({ type: 'boolean' }) ok!: boolean;
  @Property({ type: 'integer', nullable: true }) statusCode!: number | null;
  @Property({ type: 'integer' }) durationMs!: number;
  @Property({ type: 'text', nullable: true }) error!: string | null;
}

export const WEBHOOK_ENTITIES = [WebhookSubscription, WebhookDelivery, WebhookDeliveryAttempt];
