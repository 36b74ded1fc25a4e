import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ChangeSetType, type EventSubscriber, type FlushEventArgs, type TransactionEventArgs, type UnitOfWork } from '@mikro-orm/core';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { v7 as uuidv7 } from 'uuid';
import { ident } from '@poleflow/persistence';
import { TRACKER_SCHEMA } from '../mikro-orm.config.js';
import { FeedEntry } from './feed.entity.js';
import { ownerSeesProject } from './integrations.access.js';
import { WebhookQueue, type DeliveryJobData } from './webhook-queue.js';

const newFeedEntries = (uow: UnitOfWork): FeedEntry[] =>
  uow.getChangeSets().filter((cs) => cs.type === ChangeSetType.CREATE && cs.entity instanceof FeedEntry).map((cs) => cs.entity as FeedEntry);

/**
 * Runs in the flush of every transaction that records feed entries (the inbox transaction of an applied event):
 *
 * - checks the feed row is written inside the inbox transaction (its `xid` orders the feed, see FeedService);
 * - after the insert, creates one pending delivery per active subscription that wants the event type and whose
 *   owner may see the project (unique per subscription and event), in the same transaction: nothing lost, nothing
 *   doubled;
 * - after commit, enqueues those deliveries (errors are only logged: the sweeper enqueues what is still pending).
 */
@Injectable()
export class FeedFanout implements EventSubscriber, OnModuleInit {
  private readonly logger = new Logger(FeedFanout.name);
  private readonly s = ident(TRACKER_SCHEMA);
  /** Deliveries created by a transaction, to enqueue once it commits (keyed by the transaction's EntityManager). */
  private readonly created = new WeakMap<object, DeliveryJobData[]>();

  constructor(private readonly orm: MikroORM, private readonly queue: WebhookQueue) {}

  onModuleInit(): void {
    // Registered on the global event manager; each transaction's fork gets a copy of the subscribers.
    this.orm.em.getEventManager().registerSubscriber(this);
  }

  onFlush({ em, uow }: FlushEventArgs): void {
    if (newFeedEntries(uow).length && !em.isInTransaction()) throw new Error('feed entries are recorded inside the inbox transaction');
  }

  async afterFlush({ em, uow }: FlushEventArgs): Promise<void> {
    const entries = newFeedEntries(uow);
    if (!entries.length) return;
    const deliveries: DeliveryJobData[] = [];
    for (const entry of entries) deliveries.push(...await this.fanOut(em as EntityManager, entry));
    if (deliveries.length) this.created.set(em, [...(this.created.get(em) ?? []), ...deliveries]);
  }

  afterTransactionCommit({ em, transaction }: TransactionEventArgs): void {
    if (transaction?.savepointName) return;
    const deliveries = this.created.get(em);
    if (!deliveries) return;
    this.created.delete(em);
    this.queue.enqueue(deliveries).catch((err: Error) =>
      this.logger.warn({ err: err.message, deliveries: deliveries.length }, 'webhook deliveries not enqueued after commit; the sweeper will'));
  }

  afterTransactionRollback({ em, transaction }: TransactionEventArgs): void {
    if (!transaction?.savepointName) this.created.delete(em);
  }

  private async fanOut(em: EntityManager, entry: FeedEntry): Promise<DeliveryJobData[]> {
    const subscriptions = await em.execute<{ id: string }[]>(
      `select s.id from ${this.s}.webhook_subscriptions s
        where s.active and s.event_types @> jsonb_build_array(?::text) and ${ownerSeesProject(this.s, 's', '?::uuid')}`,
      [entry.type, entry.projectId, entry.projectId],
    );
    if (!subscriptions.length) return [];
    const rows = subscriptions.map((s) => [uuidv7(), s.id, entry.eventId, entry.type, entry.projectId]);
    const inserted = await em.execute<{ id: string }[]>(
      `insert into ${this.s}.webhook_deliveries (id, subscription_id, event_id, event_type, project_id, status, run, attempts, created_at, queued_at)
       values ${rows.map(() => `(?, ?, ?, ?, ?, 'pending', 0, 0, now(), now())`).join(', ')}
       on conflict (subscription_id, event_id) do nothing returning id`,
      rows.flat(),
    );
    return inserted.map((r) => ({ deliveryId: r.id, run: 0 }));
  }
}
