import type { TrackerConfig } from '../config.js';

/** The e-mail knobs of the tracker's configuration (config.ts documents each key). */
export interface EmailSettings {
  smtpUrl: string;
  from: string;
  webBaseUrl: string;
  maxAttempts: number;
  backoffMs: number;
  sweepMs: number;
  digestCron: string;
  /** This process sends (the `worker` role); an `api`-only process only enqueues. */
  send: boolean;
}

export const EMAIL_SETTINGS = Symbol('EMAIL_SETTINGS');

export const emailSettings = (cfg: TrackerConfig): EmailSettings => ({
  smtpUrl: cfg.SMTP_URL, from: cfg.MAIL_FROM, webBaseUrl: cfg.WEB_BASE_URL, maxAttempts: cfg.EMAIL_MAX_ATTEMPTS,
  backoffMs: cfg.EMAIL_BACKOFF_MS, sweepMs: cfg.EMAIL_SWEEP_MS, digestCron: cfg.EMAIL_DIGEST_CRON, send: cfg.ROLES.has('worker'),
});
