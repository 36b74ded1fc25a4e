import { Inject, Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Agent, type ClientRequest } from 'node:http';
import type { Socket } from 'node:net';
import { createProxyMiddleware, type RequestHandler } from 'http-proxy-middleware';
import { Counter } from 'prom-client';
import { APP_CONFIG } from '@poleflow/config';
import { KEEP_ALIVE_TIMEOUT_MS } from '@poleflow/http';
import { Metrics } from '@poleflow/observability';
import type { GatewayConfig } from './config.js';
import { correlationOf, sendProblem } from './problems.js';
import { matchRoute, type UpstreamName } from './routes.js';
import { Upstreams } from './upstreams.js';

type ProxiedRequest = Request & { upstream?: UpstreamName; upstreamTimedOut?: boolean };

/** Forwarding headers a client might send; replaced by what the gateway knows (decision 25). */
const CLIENT_FORWARDING = ['forwarded', 'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port', 'x-real-ip'];

/**
 * The client's address and scheme as the gateway saw them: the socket's peer (or, with TRUSTED_PROXIES, the
 * right-most address not in that list: Express's `req.ip`), never a value the client chose.
 */
export function setForwarded(proxyReq: ClientRequest, req: Request): void {
  for (const h of CLIENT_FORWARDING) proxyReq.removeHeader(h);
  if (req.ip) proxyReq.setHeader('x-forwarded-for', req.ip);
  proxyReq.setHeader('x-forwarded-proto', req.protocol);
  if (req.headers.host) proxyReq.setHeader('x-forwarded-host', req.headers.host);
}

/**
 * The connections to the services, kept alive and reused, and closed by the gateway after half the time a service
 * keeps an idle one (libs/http keepIdleSockets): the proxy library's own agent never closes an idle socket, so the
 * service closed it, and a request written on it at that instant failed with ECONNRESET (503 to the client).
 */
export const upstreamAgent = new Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64, timeout: KEEP_ALIVE_TIMEOUT_MS / 2 });

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/**
 * The reverse proxy: a request whose path matches ROUTES is streamed to its service untouched (the gateway has
 * no body parser), path and query kept, `x-correlation-id` set; everything else goes on to the gateway's own
 * routes (which answer 404 problem+json for an unknown path). An upstream that cannot be reached answers
 * 503 UPSTREAM_UNAVAILABLE, one that does not answer within PROXY_TIMEOUT_MS 504 UPSTREAM_TIMEOUT: never a hang.
 *
 * It is Nest middleware of the root module, so it runs after the global middleware (pino-http, which
 * assigns the correlation id and logs the request, and the HTTP metrics).
 */
@Injectable()
export class ProxyMiddleware implements NestMiddleware {
  private readonly logger = new Logger('Proxy');
  private readonly proxy: RequestHandler<ProxiedRequest, Response>;
  private readonly answers: Counter<'service' | 'status'>;
  private readonly timeoutMs: number;

  constructor(upstreams: Upstreams, metrics: Metrics, @Inject(APP_CONFIG) cfg: GatewayConfig) {
    this.timeoutMs = cfg.PROXY_TIMEOUT_MS;
    const name = 'poleflow_gateway_upstream_responses_total';
    this.answers = (metrics.registry.getSingleMetric(name) as Counter<'service' | 'status'> | undefined)
      ?? new Counter({ name, help: 'Proxied requests by upstream service and answer status', labelNames: ['service', 'status'], registers: [metrics.registry] });
    this.proxy = createProxyMiddleware<ProxiedRequest, Response>({
      router: (req) => upstreams.url(req.upstream!),
      changeOrigin: true,
      agent: upstreamAgent,
      // No `xfwd`: it appends to the client's X-Forwarded-For, which lets a client choose the address the services
      // see (and walk around the sign-in throttle). The gateway sets the forwarded headers itself (below).
      proxyTimeout: cfg.PROXY_TIMEOUT_MS,
      on: {
        proxyReq: (proxyReq: ClientRequest, req) => {
          setForwarded(proxyReq, req);
          proxyReq.once('timeout', () => { req.upstreamTimedOut = true; });
        },
        proxyRes: (proxyRes, req) => {
          this.answers.inc({ service: req.upstream, status: String(proxyRes.statusCode) });
        },
        error: (err, req, res) => this.fail(err as Error & { code?: string }, req, res),
      },
    });
  }

  use(req: ProxiedRequest, res: Response, next: NextFunction): void {
    const url = req.originalUrl ?? req.url;
    const route = matchRoute(url.split('?')[0]);
    if (!route) return next();
    const service = route.service;
    req.upstream = service;
    res.locals.route = `${route.prefix}/*`; // the metrics label: the route's template, never the raw path
    req.url = url; // whatever mount path Nest used, the upstream gets the full original path
    req.headers['x-correlation-id'] = correlationOf(req, res);
    void this.proxy(req, res, (err?: unknown) => (err ? this.fail(err as Error, req, res) : next()));
  }

  private fail(err: Error & { code?: string }, req: ProxiedRequest, res: Response | Socket): void {
    if (!('setHeader' in res)) {
      res.destroy();
      return;
    }
    const service = req.upstream ?? 'unknown';
    const timedOut = req.upstreamTimedOut === true;
    const status = timedOut ? 504 : UNREACHABLE.has(err.code ?? '') ? 503 : 502;
    this.answers.inc({ service, status: String(status) });
    const why = timedOut ? `no answer within ${this.timeoutMs} ms` : (err.code ?? err.message);
    this.logger.warn({ service, code: timedOut ? 'TIMEOUT' : err.code, err: err.message, correlationId: req.id }, `upstream ${service} failed: ${why}`);
    if (status === 503) res.setHeader('retry-after', '5');
    if (timedOut) {
      sendProblem(req, res, 504, 'UPSTREAM_TIMEOUT', `the ${service} service did not answer within the time limit`, { title: 'Gateway Timeout' });
    } else {
      sendProblem(req, res, status, 'UPSTREAM_UNAVAILABLE', `the ${service} service is not reachable right now; try again shortly`);
    }
  }
}
