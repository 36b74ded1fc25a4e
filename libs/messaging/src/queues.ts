import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { MESSAGING_OPTIONS, type MessagingOptions } from './options.js';
import { redisOptions } from './redis.js';
import { withTimeout } from './timeout.js';

/**
 * Producer side of BullMQ: one Queue handle per target queue over one shared connection.
 * The connection fails fast (no offline queue) so that a Redis outage surfaces as an error in the relay,
 * which then leaves its rows unpublished and retries, instead of piling commands up in memory.
 */
@Injectable()
export class QueueRegistry implements OnApplicationShutdown {
  private readonly logger = new Logger(QueueRegistry.name);
  private readonly queues = new Map<string, Queue>();
  private connection?: Redis;

  constructor(@Inject(MESSAGING_OPTIONS) private readonly opts: MessagingOptions) {}

  get(name: string): Queue {
    let q = this.queues.get(name);
    if (!q) {
      this.connection ??= this.connect();
      q = new Queue(name, { connection: this.connection, prefix: this.opts.prefix });
      q.on('error', (err) => this.logger.warn({ err: err.message, queue: name }, 'queue error'));
      this.queues.set(name, q);
    }
    return q;
  }

  /** Waits briefly for the producer connection (start-up), then fails instead of waiting on a Redis that is down. */
  async ensureReady(waitMs = 1000): Promise<void> {
    this.connection ??= this.connect();
    const c = this.connection;
    if (c.status === 'ready') return;
    await withTimeout(new Promise((resolve) => c.once('ready', resolve)), waitMs, `redis connection (${c.status})`);
  }

  /** The producer connection itself, for reads BullMQ has no bulk call for (the delivery and timer checks). */
  async redis(): Promise<Redis> {
    await this.ensureReady();
    return this.connection!;
  }

  /**
   * For each job id of `queue`, whether Redis still holds it, and whether it finished (completed, or failed for
   * good): one pipelined round trip for the whole list.
   */
  async jobStates(queue: string, ids: string[]): Promise<('missing' | 'pending' | 'finished')[]> {
    if (!ids.length) return [];
    const q = this.get(queue);
    const pipe = (await this.redis()).pipeline();
    for (const id of ids) pipe.hmget(q.toKey(id), 'timestamp', 'finishedOn');
    const out = (await withTimeout(pipe.exec(), 5000, 'redis job states')) ?? [];
    return out.map(([err, v]) => {
      if (err) throw err;
      const [timestamp, finishedOn] = v as (string | null)[];
      return timestamp === null ? 'missing' : finishedOn !== null ? 'finished' : 'pending';
    });
  }

  /**
   * Whether Redis keeps its data on disk (AOF, or RDB snapshots): `CONFIG GET`, or `INFO persistence` where a
   * managed Redis forbids CONFIG. Null when it cannot tell.
   */
  async persistence(): Promise<{ aof: boolean; rdb: boolean } | null> {
    const r = await this.redis();
    try {
      const [, aof] = (await r.config('GET', 'appendonly')) as string[];
      const [, save] = (await r.config('GET', 'save')) as string[];
      return { aof: aof === 'yes', rdb: Boolean(save?.trim()) };
    } catch {
      const info = await r.info('persistence').catch(() => '');
      const aof = /aof_enabled:(\d)/.exec(info)?.[1];
      return aof === undefined ? null : { aof: aof === '1', rdb: false };
    }
  }

  names(): string[] {
    return [...this.queues.keys()];
  }

  async ping(): Promise<boolean> {
    this.connection ??= this.connect();
    await this.ensureReady();
    return (await withTimeout(this.connection.ping(), 1000, 'redis ping')) === 'PONG';
  }

  private connect(): Redis {
    const c = new Redis(redisOptions(this.opts.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false }));
    c.on('error', (err) => this.logger.debug?.(`redis: ${err.message}`));
    return c;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.queues.values()].map((q) => withTimeout(q.close(), 3000, 'queue close')));
    this.queues.clear();
    this.connection?.disconnect();
    this.connection = undefined;
  }
}
