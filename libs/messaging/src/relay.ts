import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { subscribersOf, type Envelope } from '@poleflow/contracts';
import { ident } from '@poleflow/persistence';
import { DeliveryConfirmer } from './deliveries.js';
import { inboxJobOptions } from './job-options.js';
import { MESSAGING_OPTIONS, type MessagingOptions } from './options.js';
import { envelopeFor, outboxChannel } from './outbox.js';
import { inboxQueueFor } from './partitions.js';
import { QueueRegistry } from './queues.js';
import { withTimeout } from './timeout.js';

const BATCH = 200;

/**
 * Publishes committed outbox rows to the inbox queue of each subscriber (ARCHITECTURE.md §3.2).
 *
 * - Claims rows with `FOR UPDATE SKIP LOCKED`, so several relays (processes) can run at once without
 *   publishing a row twice in the normal case; when a relay dies after `addBulk` but before its commit, the row
 *   is published again, and `jobId = event id` plus the consumer inbox make that harmless.
 * - Woken by LISTEN/NOTIFY right after commit; a slow poll is the safety net (missed notification, LISTEN
 *   connection down, Redis was down).
 * - If Redis is down, the transaction rolls back and the rows stay unpublished until a later pass succeeds.
 * - Published is not delivered: each poll also runs the DeliveryConfirmer, which confirms rows whose jobs have
 *   finished and publishes again those whose jobs Redis lost (deliveries.ts).
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly table: string;
  private listener?: pg.Client;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private confirming?: Promise<unknown>;
  private again = false;
  private stopped = true;
  private consecutiveFailures = 0;

  constructor(
    private readonly orm: MikroORM,
    private readonly queues: QueueRegistry,
    @Inject(MESSAGING_OPTIONS) private readonly opts: MessagingOptions,
    private readonly confirmer: DeliveryConfirmer,
  ) {
    this.table = `${ident(opts.schema)}.outbox`;
  }

  /** Confirms finished deliveries and publishes again the lost ones; one pass at a time, never throws. */
  private confirm(): void {
    if (this.confirming || this.stopped) return;
    this.confirming = this.confirmer.check()
      .catch((err: Error) => this.logger.debug?.(`delivery check failed (retried next poll): ${err.message}`))
      .finally(() => { this.confirming = undefined; });
  }

  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    await this.listen();
    this.schedulePoll();
    this.kick();
  }

  /** Runs a drain now, or right after the one in progress. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again && !this.stopped) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Publishes until the outbox is empty (or an error stops this pass). Resolves with the number published. */
  async drain(): Promise<number> {
    let total = 0;
    try {
      for (;;) {
        const n = await this.publishBatch();
        total += n;
        if (n < BATCH) break;
      }
      this.consecutiveFailures = 0;
    } catch (err) {
      this.consecutiveFailures++;
      const message = err instanceof Error ? err.message : String(err);
      if (this.consecutiveFailures === 1 || this.consecutiveFailures % 30 === 0) {
        this.logger.warn({ err: message, failures: this.consecutiveFailures }, 'outbox relay could not publish; rows stay unpublished and will be retried');
      }
      await this.recordFailure(message).catch(() => undefined);
    }
    return total;
  }

  private async publishBatch(): Promise<number> {
    return this.orm.em.fork().transactional(async (em) => {
      // One round trip claims and marks the batch (rows locked until commit, SKIP LOCKED for other relays); if
      // Redis refuses below, the transaction rolls back and the rows are unpublished again.
      const rows = (await em.execute<{ id: string; envelope: Envelope; at: number }[]>(
        `update ${this.table} o set published_at = now(), publish_attempts = o.publish_attempts + 1, last_error = null
           from (select id from ${this.table} where published_at is null order by created_at, id limit ? for update skip locked) c
          where o.id = c.id returning o.id, o.envelope, extract(epoch from o.created_at)::float8 as at`,
        [BATCH],
      )).sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      if (!rows.length) return 0;
      await this.queues.ensureReady();
      const byQueue = new Map<string, Envelope[]>();
      for (const { envelope } of rows) {
        for (const sub of subscribersOf(envelope.type)) {
          const q = inboxQueueFor(sub, envelope.streamId, this.opts.partitions);
          const e = envelopeFor(envelope, sub);
          const list = byQueue.get(q);
          if (list) list.push(e);
          else byQueue.set(q, [e]);
        }
      }
      // Every subscriber queue at once, over the one producer connection (pipelined). Bounded: if Redis stops
      // answering mid-call, roll back and retry later. A late success only adds jobs whose ids the next publish
      // reuses (BullMQ ignores a duplicate jobId; the inbox drops a duplicate event). Within a queue, addBulk keeps
      // the order of the rows, so a stream's events reach their partition in commit order.
      await withTimeout(Promise.all([...byQueue].map(([queue, envelopes]) =>
        this.queues.get(queue).addBulk(envelopes.map((e) => ({ name: e.type, data: e, opts: inboxJobOptions(this.opts, e.id) }))))), 5000, 'redis addBulk');
      return rows.length;
    });
  }

  private async recordFailure(message: string): Promise<void> {
    await this.orm.em.fork().execute(
      `update ${this.table} set publish_attempts = publish_attempts + 1, last_error = ? where id in (select id from ${this.table} where published_at is null order by created_at limit ?)`,
      [message.slice(0, 500), BATCH],
    );
  }

  private schedulePoll(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.kick();
      this.confirm();
      if (!this.listener) void this.listen();
      this.schedulePoll();
    }, this.opts.pollMs);
    this.timer.unref();
  }

  private async listen(): Promise<void> {
    const clientUrl = this.orm.config.get('clientUrl');
    const client = new pg.Client({ connectionString: clientUrl });
    client.on('notification', () => this.kick());
    client.on('error', (err) => {
      this.logger.warn({ err: err.message }, 'outbox LISTEN connection lost; falling back to polling until it is back');
      if (this.listener === client) this.listener = undefined;
      void client.end().catch(() => undefined);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${ident(outboxChannel(this.opts.schema))}`);
      this.listener = client;
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'outbox LISTEN failed; polling');
      await client.end().catch(() => undefined);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await this.confirming;
    const l = this.listener;
    this.listener = undefined;
    await l?.end().catch(() => undefined);
  }

  /** Unpublished rows and the age of the oldest one, for /metrics and readiness. */
  async lag(): Promise<{ unpublished: number; oldestSeconds: number }> {
    const [row] = await this.orm.em.fork().execute<{ n: string; age: number | null }[]>(
      `select count(*) as n, extract(epoch from now() - min(created_at))::float8 as age from ${this.table} where published_at is null`,
    );
    return { unpublished: Number(row.n), oldestSeconds: row.age ?? 0 };
  }
}
