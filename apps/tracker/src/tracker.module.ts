import { Module, type DynamicModule } from '@nestjs/common';
import { pem } from '@poleflow/config';
import { AuthModule } from '@poleflow/auth';
import { HttpConventionsModule } from '@poleflow/http';
import { MessagingModule } from '@poleflow/messaging';
import { ObservabilityModule } from '@poleflow/observability';
import { PersistenceModule } from '@poleflow/persistence';
import type { TrackerConfig } from './config.js';
import { TRACKER_SCHEMA, trackerOrmConfig } from './mikro-orm.config.js';
import { TimelineConsumer } from './timeline/timeline.consumer.js';
import { TimelineController } from './timeline/timeline.controller.js';

/** tracker: the read side — per-project timeline and stage, built from every event. */
@Module({})
export class TrackerModule {
  static forRoot(cfg: TrackerConfig): DynamicModule {
    return {
      module: TrackerModule,
      imports: [
        ObservabilityModule.forRoot({ service: 'tracker', level: cfg.LOG_LEVEL }),
        PersistenceModule.forRoot(trackerOrmConfig(cfg.DATABASE_URL, cfg.DB_POOL_MAX)),
        AuthModule.forRoot({ publicKey: pem(cfg.JWT_PUBLIC_KEY), issuer: cfg.JWT_ISSUER }),
        HttpConventionsModule.forRoot({ schema: TRACKER_SCHEMA }),
        MessagingModule.forRoot({
          service: 'tracker', schema: TRACKER_SCHEMA, redisUrl: cfg.REDIS_URL, prefix: cfg.BULLMQ_PREFIX,
          relay: cfg.ROLES.has('worker'), consume: cfg.ROLES.has('worker'), concurrency: cfg.WORKER_CONCURRENCY, pollMs: cfg.OUTBOX_POLL_MS,
        }),
      ],
      controllers: [TimelineController],
      providers: [TimelineConsumer],
    };
  }
}
