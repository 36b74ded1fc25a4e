import { Global, Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HealthController, Readiness } from './health.js';
import { HttpMetricsMiddleware, METRICS_TOKEN, Metrics, MetricsController } from './metrics.js';

export interface ObservabilityOptions {
  service: string;
  level: string;
  /** METRICS_TOKEN: `/metrics` and the details of `/health/ready` need it; unset, they are not served. */
  metricsToken?: string;
}

/** The correlation id comes from `x-correlation-id` (set by the gateway or the client) or is created here. */
export function correlationId(req: IncomingMessage, res: ServerResponse): string {
  const h = req.headers['x-correlation-id'];
  const id = typeof h === 'string' && /^[\w.:-]{1,100}$/.test(h) ? h : randomUUID();
  res.setHeader('x-correlation-id', id);
  return id;
}

@Global()
@Module({})
export class ObservabilityModule implements NestModule {
  static forRoot(opts: ObservabilityOptions): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [
        TerminusModule.forRoot({ logger: false }),
        LoggerModule.forRoot({
          pinoHttp: {
            level: opts.level,
            base: { service: opts.service },
            genReqId: correlationId,
            customAttributeKeys: { reqId: 'correlationId' },
            autoLogging: { ignore: (req) => /^\/(health|metrics)/.test(req.url ?? '') },
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            serializers: { req: (r: { id: string; method: string; url: string }) => ({ id: r.id, method: r.method, url: r.url }) },
          },
        }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: Metrics, useFactory: () => { const m = new Metrics(); m.setService(opts.service); return m; } },
        Readiness,
        { provide: METRICS_TOKEN, useValue: opts.metricsToken },
      ],
      exports: [Metrics, Readiness],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
  }
}
