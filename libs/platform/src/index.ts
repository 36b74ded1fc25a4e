import type { DynamicModule } from '@nestjs/common';
import type { Options } from '@mikro-orm/postgresql';
import type { ServiceName } from '@poleflow/contracts';
import { AuthModule } from '@poleflow/auth';
import { pem, type CommonEnv } from '@poleflow/config';
import { HttpConventionsModule } from '@poleflow/http';
import { MessagingModule, redisOptions } from '@poleflow/messaging';
import { ObservabilityModule } from '@poleflow/observability';
import { PersistenceModule } from '@poleflow/persistence';

export interface ServicePlatformOptions {
  service: ServiceName;
  /** The service's PostgreSQL schema (tables, outbox, inbox, idempotency keys). */
  schema: string;
  cfg: Pick<CommonEnv, 'LOG_LEVEL' | 'METRICS_TOKEN' | 'JWT_PUBLIC_KEY' | 'JWT_ISSUER' | 'REDIS_URL' | 'BULLMQ_PREFIX' | 'ROLES' | 'WORKER_CONCURRENCY' | 'OUTBOX_POLL_MS' | 'CONSISTENCY_WAIT_MS'> & Partial<Pick<CommonEnv, 'NODE_ENV' | 'INBOX_PARTITIONS' | 'INBOX_BATCH'>>;
  orm: Options;
  /** False for a service that emits but consumes nothing (no inbox worker). */
  consumes?: boolean;
}

/**
 * What every data-owning service is made of, in one place: logs/metrics/health, its ORM schema, token
 * verification, the HTTP conventions and the event backbone. The `worker` role runs the outbox relay and the
 * inbox consumer; the `api` role serves HTTP (ARCHITECTURE.md §2).
 */
export function servicePlatform(o: ServicePlatformOptions): DynamicModule[] {
  const worker = o.cfg.ROLES.has('worker');
  return [
    ObservabilityModule.forRoot({ service: o.service, level: o.cfg.LOG_LEVEL, metricsToken: o.cfg.METRICS_TOKEN }),
    PersistenceModule.forRoot(o.orm),
    AuthModule.forRoot({ publicKey: pem(o.cfg.JWT_PUBLIC_KEY), issuer: o.cfg.JWT_ISSUER, redis: redisOptions(o.cfg.REDIS_URL), prefix: o.cfg.BULLMQ_PREFIX }),
    HttpConventionsModule.forRoot({ service: o.service, schema: o.schema, consistencyWaitMs: o.cfg.CONSISTENCY_WAIT_MS }),
    MessagingModule.forRoot({
      service: o.service, schema: o.schema, redisUrl: o.cfg.REDIS_URL, prefix: o.cfg.BULLMQ_PREFIX,
      relay: worker, consume: worker && (o.consumes ?? true), concurrency: o.cfg.WORKER_CONCURRENCY, pollMs: o.cfg.OUTBOX_POLL_MS,
      production: o.cfg.NODE_ENV === 'production', partitions: o.cfg.INBOX_PARTITIONS, batch: o.cfg.INBOX_BATCH,
    }),
  ];
}
