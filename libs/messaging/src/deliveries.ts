import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { subscribersOf, type Envelope } from '@poleflow/contracts';
import { ident } from '@poleflow/persistence';
import { inboxJobOptions } from './job-options.js';
import { MESSAGING_OPTIONS, type MessagingOptions } from './options.js';
import { envelopeFor } from './outbox.js';
import { inboxQueueFor } from './partitions.js';
import { QueueRegistry } from './queues.js';
import { withTimeout } from './timeout.js';

const BATCH = 500;

/**
 * A delivery is done when its consumer has applied it, not when Redis accepted the job (ARCHITECTURE.md §7,
 * "deliveries confirmed by their jobs"). The relay marks a row `published_at` when Redis took its jobs; this
 * check, run by the relay after each pass, looks at published rows not yet confirmed, one pipelined read of
 * their jobs per subscriber queue:
 *
 * - every subscriber's job finished (completed: the consumer committed its inbox transaction; or failed for
 *   good: the consumer wrote its dead letter) → `confirmed_at`;
 * - some job is gone from Redis (Redis restarted without its data, was flushed, or evicted it) → that job is
 *   published again with the same id; the consumer's inbox drops it if it had in fact been applied;
 * - otherwise (waiting, active, delayed for a retry) → nothing, it is still on its way.
 *
 * No service reads another's tables: the producer asks Redis about its own jobs. Completed jobs are kept long
 * enough (job-options.ts) for the check to see them; one removed before that is published again, harmlessly.
 */
@Injectable()
export class DeliveryConfirmer {
  private readonly logger = new Logger(DeliveryConfirmer.name);
  private readonly table: string;

  constructor(
    private readonly orm: MikroORM,
    private readonly queues: QueueRegistry,
    @Inject(MESSAGING_OPTIONS) private readonly opts: MessagingOptions,
  ) {
    this.table = `${ident(opts.schema)}.outbox`;
  }

  /** One pass over the oldest unconfirmed rows published more than `graceMs` ago. Resolves with what it did. */
  async check(graceMs = this.opts.pollMs): Promise<{ confirmed: number; republished: number }> {
    return this.orm.em.fork().transactional(async (em) => {
      const rows = await em.execute<{ id: string; envelope: Envelope }[]>(
        `select id, envelope from ${this.table}
          where published_at is not null and confirmed_at is null and published_at < now() - make_interval(secs => ?)
          order by published_at limit ? for update skip locked`,
        [graceMs / 1000, BATCH],
      );
      if (!rows.length) return { confirmed: 0, republished: 0 };
      const missing = new Map<string, Envelope[]>();
      const unfinished = new Set<string>();
      const byQueue = new Map<string, { id: string; envelope: Envelope; sub: ReturnType<typeof subscribersOf>[number] }[]>();
      for (const r of rows) {
        for (const sub of subscribersOf(r.envelope.type)) {
          const q = inboxQueueFor(sub, r.envelope.streamId, this.opts.partitions);
          byQueue.set(q, [...(byQueue.get(q) ?? []), { id: r.id, envelope: r.envelope, sub }]);
        }
      }
      for (const [queue, list] of byQueue) {
        const states = await this.queues.jobStates(queue, list.map((x) => x.envelope.id));
        list.forEach((x, i) => {
          if (states[i] === 'finished') return;
          unfinished.add(x.id);
          if (states[i] === 'missing') missing.set(queue, [...(missing.get(queue) ?? []), envelopeFor(x.envelope, x.sub)]);
        });
      }
      for (const [queue, envelopes] of missing) {
        await withTimeout(this.queues.get(queue).addBulk(envelopes.map((e) => ({ name: e.type, data: e, opts: inboxJobOptions(this.opts, e.id) }))), 5000, 'redis addBulk');
      }
      const republishedIds = new Set([...missing.values()].flat().map((e) => e.id));
      const confirmed = rows.filter((r) => !unfinished.has(r.id)).map((r) => r.id);
      if (confirmed.length) {
        await em.execute(`update ${this.table} set confirmed_at = now() where id = any(?::uuid[])`, [`{${confirmed.join(',')}}`]);
      }
      if (republishedIds.size) {
        await em.execute(
          `update ${this.table} set published_at = now(), publish_attempts = publish_attempts + 1, last_error = 'job missing from Redis; published again' where id = any(?::uuid[])`,
          [`{${[...republishedIds].join(',')}}`],
        );
        this.logger.warn({ republished: republishedIds.size }, 'jobs missing from Redis before their consumers applied them; published again');
      }
      return { confirmed: confirmed.length, republished: republishedIds.size };
    });
  }

  /** Published rows whose consumers have not all finished, and the age of the oldest, for /metrics. */
  async lag(): Promise<{ unconfirmed: number; oldestSeconds: number }> {
    const [row] = await this.orm.em.fork().execute<{ n: string; age: number | null }[]>(
      `select count(*) as n, extract(epoch from now() - min(published_at))::float8 as age from ${this.table} where published_at is not null and confirmed_at is null`,
    );
    return { unconfirmed: Number(row.n), oldestSeconds: row.age ?? 0 };
  }
}
