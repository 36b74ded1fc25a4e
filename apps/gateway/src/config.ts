import { z } from 'zod';
import { commonEnv, parseEnv, proxyList } from '@poleflow/config';
import { UPSTREAMS, urlEnvKey, type UpstreamName } from './routes.js';

const upstreamUrls = Object.fromEntries(
  UPSTREAMS.map((u) => [urlEnvKey(u.name), z.string().url().default(`http://127.0.0.1:${u.port}`)]),
) as Record<`${Uppercase<UpstreamName>}_URL`, z.ZodDefault<z.ZodString>>;

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** The gateway owns no data: the database keys and worker roles of the other apps do not apply. */
export const gatewayEnv = commonEnv
  .omit({ DATABASE_URL: true, DB_POOL_MAX: true, ROLES: true, WORKER_CONCURRENCY: true, OUTBOX_POLL_MS: true, GATEWAY_ADDRESSES: true })
  .extend({
    PORT: z.coerce.number().int().positive().default(3000),
    /**
     * Proxies in front of the gateway (a load balancer, a TLS terminator) whose X-Forwarded-For it believes: the
     * client is the right-most address not in this list. Empty (the default): the client is the socket's peer and
     * any X-Forwarded-For a client sends is discarded.
     */
    TRUSTED_PROXIES: proxyList(''),
    /** Upstream base URLs, one per service: DIRECTORY_URL, SUBMISSION_URL, TRACKER_URL, … */
    ...upstreamUrls,
    /** A proxied request whose upstream sends no answer within this time ends as a 504 problem. */
    PROXY_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
    /** Time limit of the gateway's own calls to upstreams (dead letters, docs, liveness). */
    UPSTREAM_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
    /** How long the merged OpenAPI document is reused before the upstreams are asked again. */
    DOCS_CACHE_MS: z.coerce.number().int().nonnegative().default(30_000),
    /** The queue dashboard only shows jobs; `false` lets admins retry, promote and remove jobs from it. */
    QUEUE_DASHBOARD_READONLY: flag.default(true),
  });
export type GatewayConfig = z.infer<typeof gatewayEnv>;

export const loadGatewayConfig = (env: Record<string, string | undefined> = process.env): GatewayConfig => parseEnv(gatewayEnv, env);

/** Service name → base URL (no trailing slash), in the order of UPSTREAMS. */
export function upstreamsOf(cfg: GatewayConfig): Map<UpstreamName, string> {
  return new Map(UPSTREAMS.map((u) => [u.name, String(cfg[urlEnvKey(u.name) as keyof GatewayConfig]).replace(/\/+$/, '')]));
}
