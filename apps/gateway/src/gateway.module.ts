import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AuthModule } from '@poleflow/auth';
import { APP_CONFIG, pem } from '@poleflow/config';
import { ProblemFilter, validationPipe } from '@poleflow/http';
import { redisOptions } from '@poleflow/messaging';
import { ObservabilityModule } from '@poleflow/observability';
import type { GatewayConfig } from './config.js';
import { DeadLettersController } from './dead-letters.controller.js';
import { DeadLetterFanout } from './dead-letters.fanout.js';
import { DocsMerger } from './openapi.js';
import { ProxyMiddleware } from './proxy.middleware.js';
import { QueueDashboard } from './queues.dashboard.js';
import { UpstreamHealth } from './upstream.health.js';
import { Upstreams } from './upstreams.js';

/**
 * gateway: the single public HTTP entry. No database and no messaging: a reverse proxy by path prefix
 * (routes.ts), the dead letters of all services, one OpenAPI document, the queue dashboard.
 */
@Module({})
export class GatewayModule implements NestModule {
  static forRoot(cfg: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        ObservabilityModule.forRoot({ service: 'gateway', level: cfg.LOG_LEVEL }),
        AuthModule.forRoot({ publicKey: pem(cfg.JWT_PUBLIC_KEY), issuer: cfg.JWT_ISSUER, redis: redisOptions(cfg.REDIS_URL), prefix: cfg.BULLMQ_PREFIX }),
      ],
      controllers: [DeadLettersController],
      providers: [
        { provide: APP_CONFIG, useValue: cfg },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_PIPE, useFactory: validationPipe },
        Upstreams, UpstreamHealth, DeadLetterFanout, DocsMerger, QueueDashboard,
      ],
    };
  }

  /** Root-module middleware runs after the global modules' (pino-http, metrics), before any controller. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ProxyMiddleware).forRoutes('*path');
  }
}
