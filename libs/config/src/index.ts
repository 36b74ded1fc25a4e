import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * Every app parses its environment once, before Nest starts, against one schema; a bad configuration fails
 * with every bad key listed. `process.env` is read nowhere else (STYLE.md).
 */
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** A proxy address as Express's `trust proxy` takes it: `loopback`, `linklocal`, `uniquelocal`, an IP or a CIDR. */
function isProxyAddress(v: string): boolean {
  if (PROXY_NAMES.has(v)) return true;
  const [ip, bits, ...rest] = v.split('/');
  const family = isIP(ip);
  if (!family || rest.length) return false;
  return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}

/** A comma list of proxy addresses (see isProxyAddress); each entry is checked at start-up. */
export const proxyList = (fallback: string) => z.string().default(fallback)
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .refine((l) => l.every(isProxyAddress), { message: 'a comma list of IP addresses, CIDR ranges, loopback, linklocal or uniquelocal' });

export const commonEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Interface the HTTP server binds to (0.0.0.0 in containers). */
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.string().url().default('postgresql://postgres@127.0.0.1:5432/poleflow'),
  DB_POOL_MAX: z.coerce.number().int().positive().default(10),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379/0'),
  BULLMQ_PREFIX: z.string().min(1).default('poleflow'),
  /** Comma list of roles this process plays: `api` (HTTP) and/or `worker` (relay + inbox consumer). */
  ROLES: z.string().default('api,worker').transform((s) => new Set(s.split(',').map((r) => r.trim()).filter(Boolean))),
  WORKER_CONCURRENCY: z.coerce.number().int().positive().default(10),
  OUTBOX_POLL_MS: z.coerce.number().int().positive().default(2000),
  /** Inbox queues per consumer, each worked one job at a time; a stream always lands on the same one. Same value in every service. */
  INBOX_PARTITIONS: z.coerce.number().int().min(1).max(64).default(8),
  INBOX_BATCH: z.coerce.number().int().min(1).max(500).default(16),
  /** Longest wait of a request for the events named by its Poleflow-Consistency header before 503 CONSISTENCY_TIMEOUT. */
  CONSISTENCY_WAIT_MS: z.coerce.number().int().nonnegative().default(2000),
  JWT_PUBLIC_KEY: z.string().min(1, 'JWT_PUBLIC_KEY (PEM, ES256) is required'),
  JWT_ISSUER: z.string().default('poleflow-directory'),
  /**
   * Bearer token that `/metrics` and the detailed `/health/ready` ask for (`Authorization: Bearer …`). Unset:
   * `/metrics` answers 404 and `/health/ready` says only whether the app is ready.
   */
  METRICS_TOKEN: z.string().optional().transform((v) => v || undefined)
    .refine((v) => v === undefined || v.length >= 16, 'METRICS_TOKEN must be at least 16 characters'),
  /**
   * Services only: the gateway's addresses. X-Forwarded-For / -Proto are believed only from the immediate peer,
   * and only when it is one of these (the gateway sets them; a client's own are never believed).
   */
  GATEWAY_ADDRESSES: proxyList('loopback'),
});
export type CommonEnv = z.infer<typeof commonEnv>;

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid configuration:\n  - ${issues.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export function parseEnv<S extends z.ZodType>(schema: S, env: Record<string, string | undefined> = process.env): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  return parsed.data;
}

/** PEM keys travel in env vars with literal `\n`; accept both forms. */
export const pem = (v: string): string => v.replace(/\\n/g, '\n');

/** Injection token under which each app provides its parsed configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/** A boolean env flag: `true`/`1` are on; `false`, `0`, empty or absent are off. */
export const envFlag = () => z.enum(['true', 'false', '1', '0', '']).default('false').transform((v) => v === 'true' || v === '1');
