import { z } from 'zod';
import { commonEnv, parseEnv } from '@poleflow/config';
import { parseAllowedHosts } from '@poleflow/domain';

export const trackerEnv = commonEnv.extend({
  PORT: z.coerce.number().int().positive().default(3006),
  /**
   * Comma list of host[:port] that webhooks may reach although they are not public https (e.g. `127.0.0.1:9999`
   * for tests and local integrations); a host without a port is allowed on any port. Empty: none.
   */
  WEBHOOK_ALLOWED_HOSTS: z.string().default('').transform((s, ctx) => {
    try {
      return parseAllowedHosts(s);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  }),
  /** HTTP attempts per delivery (BullMQ attempts), with exponential backoff from WEBHOOK_BACKOFF_MS. */
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(8),
  WEBHOOK_BACKOFF_MS: z.coerce.number().int().positive().default(30_000),
  /** Consecutive failed deliveries (each one's attempts exhausted) after which a subscription is paused. */
  WEBHOOK_PAUSE_AFTER_FAILURES: z.coerce.number().int().min(1).default(5),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** How often the sweeper re-enqueues pending deliveries (a crash between commit and enqueue loses nothing). */
  WEBHOOK_SWEEP_MS: z.coerce.number().int().positive().default(30_000),
  WEBHOOK_CONCURRENCY: z.coerce.number().int().positive().default(10),
  /** Where notification e-mails go out (`npm start`: the local maildev catcher; production: a real relay, smtp[s]://user:pass@host:port). */
  SMTP_URL: z.string().url().default('smtp://127.0.0.1:1025'),
  MAIL_FROM: z.string().default('poleflow <ne-pas-repondre@poleflow.local>'),
  /** The web application: every e-mail links to one of its pages (never to an API path). */
  WEB_BASE_URL: z.string().url().default('http://127.0.0.1:3000').transform((s) => s.replace(/\/+$/, '')),
  /** SMTP attempts per e-mail (BullMQ attempts), with exponential backoff from EMAIL_BACKOFF_MS; then `failed`. */
  EMAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(8),
  EMAIL_BACKOFF_MS: z.coerce.number().int().positive().default(30_000),
  /** How often pending e-mails are re-enqueued (after a crash between commit and enqueue, or a Redis wipe). */
  EMAIL_SWEEP_MS: z.coerce.number().int().positive().default(30_000),
  /** When the daily digest goes out (cron, server time zone). */
  EMAIL_DIGEST_CRON: z.string().default('0 7 * * *'),
});
export type TrackerConfig = z.infer<typeof trackerEnv>;

export const loadTrackerConfig = (env: Record<string, string | undefined> = process.env): TrackerConfig => parseEnv(trackerEnv, env);
