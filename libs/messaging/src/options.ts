import type { ServiceName } from '@poleflow/contracts';

export interface MessagingOptions {
  service: ServiceName;
  /** The service's PostgreSQL schema, where its outbox/inbox tables live. */
  schema: string;
  redisUrl: string;
  /** BullMQ key prefix: one per environment, one per test suite. */
  prefix: string;
  /** Run the outbox relay in this process. */
  relay: boolean;
  /** Run the inbox worker in this process. */
  consume: boolean;
  concurrency: number;
  pollMs: number;
  /** Job attempts before a retryable failure is dead-lettered, and the first backoff delay. */
  attempts?: number;
  backoffMs?: number;
  /** Inbox queues per consumer, each worked one job at a time (partitions.ts); 1 (default) = one queue worked with `concurrency`. Producers and consumers must agree. */
  partitions?: number;
  /**
   * Most events a partition's worker applies in one transaction when its queue holds more than one (inbox.ts
   * `processPartition`); 1 = one event per transaction. Partitioned inboxes only.
   */
  batch?: number;
  /** NODE_ENV=production: a Redis that keeps nothing on disk is worth a warning at start. */
  production?: boolean;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export const DEFAULT_ATTEMPTS = 10;
export const DEFAULT_BACKOFF_MS = 250;
export const DEFAULT_BATCH = 16;

/**
 * Worker settings for fast recovery from a killed consumer (ARCHITECTURE.md §7). BullMQ's defaults (30 s lock,
 * 30 s stall check) left a dead worker's jobs untouched for about a minute. A lock of 6 s is renewed every 3 s
 * while the handler runs, so a slow handler keeps it (only an event loop blocked for 6 s would lose it, and the
 * inbox makes the re-run harmless); a dead worker's lock expires within 6 s and the next stall check (every
 * 3 s, two passes) hands its jobs back: under 12 s. A job may stall 10 times (a consumer killed during the
 * recovery of another) before BullMQ fails it.
 */
export const WORKER_LOCK_MS = 6000;
export const WORKER_STALLED_INTERVAL_MS = 3000;
export const WORKER_MAX_STALLED = 10;

export const workerRecoveryOptions = () => ({
  lockDuration: WORKER_LOCK_MS,
  stalledInterval: WORKER_STALLED_INTERVAL_MS,
  maxStalledCount: WORKER_MAX_STALLED,
});
