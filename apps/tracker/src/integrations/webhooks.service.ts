import { Injectable, Logger } from '@nestjs/common';
import { LockMode, MikroORM, type EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { isAdmin, type Principal } from '@poleflow/auth';
import { DomainError } from '@poleflow/domain';
import { assertIfMatch, decodeTimeCursor, pageOf } from '@poleflow/http';
import { ident } from '@poleflow/persistence';
import { TRACKER_SCHEMA } from '../mikro-orm.config.js';
import { canManageWebhooks, managedOwners, type WebhookOwner } from './integrations.access.js';
import { WebhookQueue, type DeliveryJobData } from './webhook-queue.js';
import { WebhookUrlPolicy } from './webhook-url.policy.js';
import type { CreateWebhookDto, RotateSecretDto, UpdateWebhookDto, WebhookListQuery, WebhookPage, WebhookResumed, WebhookView, WebhookWithSecret } from './webhook.dto.js';
import { WebhookSubscription } from './webhook.entity.js';

/** Subscriptions one owner may hold: each one costs a lookup per applied event. */
export const MAX_SUBSCRIPTIONS_PER_OWNER = 50;
export const DEFAULT_SECRET_GRACE_SECONDS = 86_400;

export const newSecret = (): string => randomBytes(32).toString('base64url');

export const webhookNotFound = (id: string): DomainError => new DomainError('WEBHOOK_NOT_FOUND', `no webhook subscription ${id}`, 404);

export function webhookView(s: WebhookSubscription): WebhookView {
  return {
    id: s.id, ownerKind: s.ownerKind, ownerId: s.ownerId, url: s.url, eventTypes: s.eventTypes, description: s.description, active: s.active,
    state: !s.active ? 'inactive' : s.pausedAt ? 'paused' : 'active',
    pausedAt: s.pausedAt?.toISOString() ?? null, pauseReason: s.pauseReason, consecutiveFailures: s.consecutiveFailures,
    lastSuccessAt: s.lastSuccessAt?.toISOString() ?? null,
    previousSecretExpiresAt: s.previousSecret && s.previousSecretExpiresAt && s.previousSecretExpiresAt > new Date() ? s.previousSecretExpiresAt.toISOString() : null,
    createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString(), version: s.version,
  };
}

/**
 * Webhook subscriptions of funders and poles: created by an officer of the funder or a manager of the pole, seen
 * and changed only by them (and admins) — anyone else gets 404. Every URL goes through WebhookUrlPolicy.
 */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger(WebhooksService.name);
  private readonly s = ident(TRACKER_SCHEMA);

  constructor(private readonly orm: MikroORM, private readonly policy: WebhookUrlPolicy, private readonly queue: WebhookQueue) {}

  async create(dto: CreateWebhookDto, p: Principal): Promise<WebhookWithSecret> {
    const owner = ownerOf(dto, p);
    if (!canManageWebhooks(p, owner)) {
      throw new DomainError('WEBHOOK_OWNER_FORBIDDEN', `only an officer of the funder or a manager of the pole may subscribe for ${owner.kind} ${owner.id}`, 403);
    }
    const url = await this.policy.assertAllowed(dto.url);
    return this.orm.em.fork().transactional(async (em) => {
      // One subscription at a time per owner past this point, so the cap holds under concurrent creations.
      await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`webhooks:${owner.kind}:${owner.id}`]);
      const count = await em.count(WebhookSubscription, { ownerKind: owner.kind, ownerId: owner.id });
      if (count >= MAX_SUBSCRIPTIONS_PER_OWNER) {
        throw new DomainError('WEBHOOK_LIMIT_REACHED', `${owner.kind} ${owner.id} already has ${MAX_SUBSCRIPTIONS_PER_OWNER} webhook subscriptions`, 409);
      }
      const now = new Date();
      const sub = em.create(WebhookSubscription, {
        id: uuidv7(), ownerKind: owner.kind, ownerId: owner.id, url, eventTypes: [...dto.eventTypes], description: dto.description?.trim() ?? '',
        secret: newSecret(), previousSecret: null, previousSecretExpiresAt: null, active: true, pausedAt: null, pauseReason: null, lastSuccessAt: null,
        createdBy: p.userId, createdAt: now, updatedAt: now,
      });
      await em.flush();
      return { ...webhookView(sub), secret: sub.secret };
    });
  }

  async list(q: WebhookListQuery, p: Principal): Promise<WebhookPage> {
    const em = this.orm.em.fork();
    const limit = q.limit ?? 20;
    const and: FilterQuery<WebhookSubscription>[] = [];
    if (!isAdmin(p)) {
      const owners = managedOwners(p);
      if (!owners.length) return { items: [], nextCursor: null };
      and.push({ $or: owners.map((o) => ({ ownerKind: o.kind, ownerId: o.id })) });
    }
    if (q.ownerKind) and.push({ ownerKind: q.ownerKind });
    if (q.ownerId) and.push({ ownerId: q.ownerId });
    const after = decodeTimeCursor(q.cursor);
    if (after) and.push({ $or: [{ createdAt: { $gt: after.at } }, { createdAt: after.at, id: { $gt: after.id } }] });
    const rows = await em.find(WebhookSubscription, and.length ? { $and: and } : {}, { orderBy: { createdAt: 'asc', id: 'asc' }, limit: limit + 1 });
    return pageOf(rows, limit, webhookView, (r) => [r.createdAt.toISOString(), r.id]);
  }

  async get(id: string, p: Principal): Promise<WebhookView> {
    return webhookView(await this.managed(this.orm.em.fork(), id, p));
  }

  async update(id: string, ifMatch: string | undefined, dto: UpdateWebhookDto, p: Principal): Promise<WebhookView> {
    const url = dto.url === undefined ? undefined : await this.policy.assertAllowed(dto.url);
    const { view, restarted } = await this.orm.em.fork().transactional(async (em) => {
      const sub = await this.managed(em, id, p, true);
      assertIfMatch(ifMatch, sub.version);
      const reactivated = dto.active === true && !sub.active;
      if (url !== undefined) sub.url = url;
      if (dto.eventTypes) sub.eventTypes = [...dto.eventTypes];
      if (dto.description !== undefined) sub.description = dto.description.trim();
      if (dto.active !== undefined) sub.active = dto.active;
      sub.updatedAt = new Date();
      await em.flush();
      // Switched back on: what waited while it was off is sent now (unless it is paused).
      const restarted = reactivated && !sub.pausedAt ? await this.restart(em, sub.id, 'pending') : [];
      return { view: webhookView(sub), restarted };
    });
    await this.enqueue(restarted);
    return view;
  }

  async remove(id: string, ifMatch: string | undefined, p: Principal): Promise<void> {
    await this.orm.em.fork().transactional(async (em) => {
      const sub = await this.managed(em, id, p, true);
      if (ifMatch) assertIfMatch(ifMatch, sub.version);
      // The subscription first, then its deliveries: the lock order of every writer. Jobs still queued find nothing.
      await em.execute(`delete from ${this.s}.webhook_subscriptions where id = ?`, [id]);
      await em.execute(`delete from ${this.s}.webhook_delivery_attempts where subscription_id = ?`, [id]);
      await em.execute(`delete from ${this.s}.webhook_deliveries where subscription_id = ?`, [id]);
    });
  }

  async rotateSecret(id: string, dto: RotateSecretDto, p: Principal): Promise<WebhookWithSecret> {
    return this.orm.em.fork().transactional(async (em) => {
      const sub = await this.managed(em, id, p, true);
      const grace = dto.graceSeconds ?? DEFAULT_SECRET_GRACE_SECONDS;
      const now = new Date();
      sub.previousSecret = grace > 0 ? sub.secret : null;
      sub.previousSecretExpiresAt = grace > 0 ? new Date(now.getTime() + grace * 1000) : null;
      sub.secret = newSecret();
      sub.updatedAt = now;
      await em.flush();
      return { ...webhookView(sub), secret: sub.secret };
    });
  }

  /**
   * Clears a pause and restarts what it held back: the pending deliveries, and those that failed for good since
   * the last successful one (the run of failures that paused it). Also a manual "retry what failed lately".
   */
  async resume(id: string, p: Principal): Promise<WebhookResumed> {
    const { view, restarted } = await this.orm.em.fork().transactional(async (em) => {
      const sub = await this.managed(em, id, p, true);
      sub.pausedAt = null;
      sub.pauseReason = null;
      sub.consecutiveFailures = 0;
      sub.updatedAt = new Date();
      await em.flush();
      const restarted = sub.active ? await this.restart(em, sub.id, 'pending_and_failed_since_success') : [];
      return { view: webhookView(sub), restarted };
    });
    await this.enqueue(restarted);
    return { ...view, requeued: restarted.length };
  }

  /** The subscription if the caller manages it (404 otherwise), locked for the transaction when asked. */
  async managed(em: EntityManager, id: string, p: Principal, lock = false): Promise<WebhookSubscription> {
    const sub = await em.findOne(WebhookSubscription, id, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
    if (!sub || !canManageWebhooks(p, { kind: sub.ownerKind, id: sub.ownerId })) throw webhookNotFound(id);
    return sub;
  }

  /** Starts a new run of the subscription's deliveries (their earlier jobs become stale); the caller enqueues after commit. */
  private async restart(em: EntityManager, subscriptionId: string, which: 'pending' | 'pending_and_failed_since_success'): Promise<DeliveryJobData[]> {
    const failed = which === 'pending' ? 'false'
      : `(d.status = 'failed' and d.failed_at > coalesce((select last_success_at from ${this.s}.webhook_subscriptions where id = d.subscription_id), '-infinity'::timestamptz))`;
    const rows = await em.execute<{ id: string; run: number }[]>(
      `update ${this.s}.webhook_deliveries d set run = d.run + 1, status = 'pending', queued_at = now(), failed_at = null
        where d.subscription_id = ? and (d.status = 'pending' or ${failed}) returning d.id, d.run`,
      [subscriptionId],
    );
    return rows.map((r) => ({ deliveryId: r.id, run: r.run }));
  }

  private async enqueue(jobs: DeliveryJobData[]): Promise<void> {
    await this.queue.enqueue(jobs).catch((err: Error) =>
      this.logger.warn({ err: err.message, deliveries: jobs.length }, 'restarted deliveries not enqueued; the sweeper will'));
  }
}

/** The owner named in the request, or the only one the caller manages. */
function ownerOf(dto: Pick<CreateWebhookDto, 'ownerKind' | 'ownerId'>, p: Principal): WebhookOwner {
  if (dto.ownerKind && dto.ownerId) return { kind: dto.ownerKind, id: dto.ownerId };
  if (dto.ownerKind || dto.ownerId) throw new DomainError('WEBHOOK_OWNER_REQUIRED', 'give both ownerKind and ownerId, or neither', 422);
  const owners = managedOwners(p);
  if (owners.length === 1) return owners[0];
  if (!owners.length && !isAdmin(p)) {
    throw new DomainError('WEBHOOK_OWNER_FORBIDDEN', 'only an officer of a funder or a manager of a pole may subscribe to webhooks', 403);
  }
  throw new DomainError('WEBHOOK_OWNER_REQUIRED', 'say which funder or pole the subscription is for, with ownerKind and ownerId', 422);
}
