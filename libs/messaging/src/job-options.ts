import type { JobsOptions } from 'bullmq';
import { DEFAULT_ATTEMPTS, DEFAULT_BACKOFF_MS, type MessagingOptions } from './options.js';

/**
 * Retry policy of every inbox job: exponential backoff, bounded history in Redis (no unbounded growth). Completed
 * jobs are kept long enough for their producer to confirm them (deliveries.ts): one removed earlier is published
 * again and dropped by the inbox, which costs a little, never a duplicate effect.
 */
export function inboxJobOptions(opts: MessagingOptions, jobId: string): JobsOptions {
  return {
    jobId,
    attempts: opts.attempts ?? DEFAULT_ATTEMPTS,
    backoff: { type: 'exponential', delay: opts.backoffMs ?? DEFAULT_BACKOFF_MS },
    // 10 000 per consumer, split across its partitions (each partition is a queue of its own).
    removeOnComplete: { count: Math.ceil(10_000 / Math.max(1, opts.partitions ?? 1)), age: 24 * 3600 },
    removeOnFail: { count: 5000, age: 14 * 24 * 3600 },
  };
}
