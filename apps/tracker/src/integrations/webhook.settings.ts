import type { AllowedHost } from '@poleflow/domain';
import type { TrackerConfig } from '../config.js';

/** The webhook knobs of the tracker's configuration (config.ts documents each key). */
export interface WebhookSettings {
  allowedHosts: AllowedHost[];
  maxAttempts: number;
  backoffMs: number;
  pauseAfterFailures: number;
  timeoutMs: number;
  sweepMs: number;
  concurrency: number;
  /** This process delivers (the `worker` role); an `api`-only process only enqueues. */
  deliver: boolean;
}

export const WEBHOOK_SETTINGS = Symbol('WEBHOOK_SETTINGS');

export const webhookSettings = (cfg: TrackerConfig): WebhookSettings => ({
  allowedHosts: cfg.WEBHOOK_ALLOWED_HOSTS,
  maxAttempts: cfg.WEBHOOK_MAX_ATTEMPTS,
  backoffMs: cfg.WEBHOOK_BACKOFF_MS,
  pauseAfterFailures: cfg.WEBHOOK_PAUSE_AFTER_FAILURES,
  timeoutMs: cfg.WEBHOOK_TIMEOUT_MS,
  sweepMs: cfg.WEBHOOK_SWEEP_MS,
  concurrency: cfg.WEBHOOK_CONCURRENCY,
  deliver: cfg.ROLES.has('worker'),
});
