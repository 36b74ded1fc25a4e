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
  /** NODE_ENV=production: a Redis that keeps nothing on disk is worth a warning at start. */
  production?: boolean;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export const DEFAULT_ATTEMPTS = 10;
export const DEFAULT_BACKOFF_MS = 250;
