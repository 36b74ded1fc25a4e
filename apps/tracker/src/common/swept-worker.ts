import type { Logger } from '@nestjs/common';
import { Worker, type ConnectionOptions, type Job } from 'bullmq';
import { redisOptions, withTimeout, type MessagingOptions } from '@poleflow/messaging';

export interface SweptWorkerOptions {
  queue: string;
  /** What the logs call it ("webhook", "e-mail"). */
  label: string;
  concurrency: number;
  sweepMs: number;
  process: (job: Job) => Promise<unknown>;
  /** Re-enqueues the rows still pending (a crash between commit and enqueue, a Redis wipe); returns how many. */
  sweep: () => Promise<number>;
  logger: Logger;
  messaging: MessagingOptions;
}

/**
 * A BullMQ worker over rows kept in PostgreSQL (webhook deliveries, e-mails), with the sweeper that re-enqueues
 * what is pending every `sweepMs` (one pass at a time), and a bounded close.
 */
export class SweptWorker {
  private worker?: Worker;
  private sweeper?: NodeJS.Timeout;
  private sweeping?: Promise<number>;

  constructor(private readonly o: SweptWorkerOptions) {}

  get running(): boolean {
    return !!this.worker;
  }

  start(): void {
    if (this.worker) return;
    const { o } = this;
    this.worker = new Worker(o.queue, o.process, {
      connection: redisOptions(o.messaging.redisUrl, { maxRetriesPerRequest: null }) as ConnectionOptions,
      prefix: o.messaging.prefix, concurrency: o.concurrency, autorun: false,
    });
    this.worker.on('error', (err) => o.logger.warn({ err: err.message, queue: o.queue }, `${o.label} worker error`));
    void this.worker.run().catch((err: Error) => o.logger.error({ err: err.message }, `${o.label} worker stopped`));
    const sweep = () => {
      this.sweeping ??= o.sweep().catch((err: Error) => {
        o.logger.warn({ err: err.message }, `${o.label} sweep failed; next pass will retry`);
        return 0;
      }).finally(() => { this.sweeping = undefined; });
    };
    sweep();
    this.sweeper = setInterval(sweep, o.sweepMs);
    this.sweeper.unref();
  }

  async stop(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
    await this.sweeping;
    const w = this.worker;
    this.worker = undefined;
    if (!w) return;
    await withTimeout(w.close(), 12_000, `${this.o.label} worker close`).catch(async (err: Error) => {
      this.o.logger.warn({ err: err.message }, `${this.o.label} worker did not close in time; disconnecting it`);
      await withTimeout(w.disconnect(), 1000, `${this.o.label} worker disconnect`).catch(() => undefined);
    });
  }
}

/** Walks pending rows by keyset (`page(after)` returns up to `batch` rows after the last one), enqueuing each page. */
export async function sweepByKeyset<R>(page: (after: R | null) => Promise<R[]>, enqueue: (rows: R[]) => Promise<void>, batch: number): Promise<number> {
  let total = 0;
  let after: R | null = null;
  for (;;) {
    const rows = await page(after);
    await enqueue(rows);
    total += rows.length;
    if (rows.length < batch) return total;
    after = rows[rows.length - 1];
  }
}
