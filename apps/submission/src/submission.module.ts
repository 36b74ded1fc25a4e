import { Module, type DynamicModule } from '@nestjs/common';
import { pem } from '@poleflow/config';
import { AuthModule } from '@poleflow/auth';
import { HttpConventionsModule } from '@poleflow/http';
import { MessagingModule } from '@poleflow/messaging';
import { ObservabilityModule } from '@poleflow/observability';
import { PersistenceModule } from '@poleflow/persistence';
import type { SubmissionConfig } from './config.js';
import { SUBMISSION_SCHEMA, submissionOrmConfig } from './mikro-orm.config.js';
import { ProjectCommandService } from './projects/project-commands.service.js';
import { ProjectLifecycleController } from './projects/project-lifecycle.controller.js';
import { ProjectLifecycleService } from './projects/project-lifecycle.service.js';
import { ProjectPartnersController } from './projects/project-partners.controller.js';
import { ProjectQueryService } from './projects/project-queries.service.js';
import { ProjectsController } from './projects/projects.controller.js';
import { ReferenceConsumer } from './reference/reference.consumer.js';

/** submission: consortia write their projects and submit them to poles; owns the project lifecycle. */
@Module({})
export class SubmissionModule {
  static forRoot(cfg: SubmissionConfig): DynamicModule {
    return {
      module: SubmissionModule,
      imports: [
        ObservabilityModule.forRoot({ service: 'submission', level: cfg.LOG_LEVEL }),
        PersistenceModule.forRoot(submissionOrmConfig(cfg.DATABASE_URL, cfg.DB_POOL_MAX)),
        AuthModule.forRoot({ publicKey: pem(cfg.JWT_PUBLIC_KEY), issuer: cfg.JWT_ISSUER }),
        HttpConventionsModule.forRoot({ schema: SUBMISSION_SCHEMA }),
        MessagingModule.forRoot({
          service: 'submission', schema: SUBMISSION_SCHEMA, redisUrl: cfg.REDIS_URL, prefix: cfg.BULLMQ_PREFIX,
          relay: cfg.ROLES.has('worker'), consume: cfg.ROLES.has('worker'), concurrency: cfg.WORKER_CONCURRENCY, pollMs: cfg.OUTBOX_POLL_MS,
        }),
      ],
      controllers: [ProjectsController, ProjectPartnersController, ProjectLifecycleController],
      providers: [ReferenceConsumer, ProjectCommandService, ProjectLifecycleService, ProjectQueryService],
    };
  }
}
