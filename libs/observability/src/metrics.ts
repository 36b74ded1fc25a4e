import { Controller, Get, Header, Inject, Injectable, NotFoundException, Req, type NestMiddleware } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { Public } from '@poleflow/auth';

/**
 * One prom-client registry per app instance (not the global one), so several apps can live in one process
 * (tests) without metric-name clashes. Other modules add gauges with `gauge(name, help, collect)`.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly httpErrors: Counter<'status'>;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'poleflow_' });
    this.httpDuration = new Histogram({
      name: 'poleflow_http_request_duration_seconds', help: 'HTTP request latency', labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers: [this.registry],
    });
    this.httpErrors = new Counter({ name: 'poleflow_http_errors_total', help: 'HTTP answers >= 500', labelNames: ['status'], registers: [this.registry] });
  }

  setService(service: string): void {
    this.registry.setDefaultLabels({ service });
  }

  gauge<L extends string>(name: string, help: string, labelNames: L[], collect: (g: Gauge<L>) => Promise<void>): void {
    new Gauge<L>({ name, help, labelNames, registers: [this.registry], async collect() { await collect(this); } });
  }
}

/** The label of every request that matched no route: raw paths never become labels (ids, unbounded). */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The route template a request matched (`/api/v1/projects/:id`), never its raw path: the template a middleware
 * that answered itself put in `res.locals.route` (the gateway's proxy puts its route prefix), else the Express
 * route of the handler, else `unmatched`. A wildcard route (`{/*splat}`: Nest's middleware for every path) is
 * no handler: unmatched.
 */
export function routeLabel(req: Request, res: Response): string {
  const local = (res.locals as { route?: unknown } | undefined)?.route;
  if (typeof local === 'string') return local;
  const route = (req as Request & { route?: { path?: unknown } }).route?.path;
  return typeof route === 'string' && !route.includes('*') ? route : UNMATCHED_ROUTE;
}

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: Metrics) {}
  use(req: Request, res: Response, next: NextFunction): void {
    const end = this.metrics.httpDuration.startTimer();
    res.on('finish', () => {
      end({ method: KNOWN_METHODS.has(req.method) ? req.method : 'OTHER', route: routeLabel(req, res), status: String(res.statusCode) });
      if (res.statusCode >= 500) this.metrics.httpErrors.inc({ status: String(res.statusCode) });
    });
    next();
  }
}

export const METRICS_TOKEN = Symbol('METRICS_TOKEN');

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** True when METRICS_TOKEN is set and the request carries it as `Authorization: Bearer <token>` (constant time). */
export function hasMetricsToken(req: Pick<Request, 'headers'>, token: string | undefined): boolean {
  const h = req.headers.authorization;
  if (!token || typeof h !== 'string' || !h.startsWith('Bearer ')) return false;
  return timingSafeEqual(digest(h.slice(7).trim()), digest(token));
}

/** Prometheus scrape: only with `Authorization: Bearer $METRICS_TOKEN`; 404 without it (or when no token is set). */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics, @Inject(METRICS_TOKEN) private readonly token: string | undefined) {}

  @Public()
  @Get()
  @Header('content-type', 'text/plain; version=0.0.4')
  async scrape(@Req() req: Request): Promise<string> {
    if (!hasMetricsToken(req, this.token)) throw new NotFoundException();
    return this.metrics.registry.metrics();
  }
}
