import { Controller, Get, Header, Injectable, type NestMiddleware } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
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

@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: Metrics) {}
  use(req: Request, res: Response, next: NextFunction): void {
    const end = this.metrics.httpDuration.startTimer();
    res.on('finish', () => {
      const route = (req as Request & { route?: { path?: string } }).route?.path ?? 'unmatched';
      end({ method: req.method, route: `${req.baseUrl ?? ''}${route}`, status: String(res.statusCode) });
      if (res.statusCode >= 500) this.metrics.httpErrors.inc({ status: String(res.statusCode) });
    });
    next();
  }
}

@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Public()
  @Get()
  @Header('content-type', 'text/plain; version=0.0.4')
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
