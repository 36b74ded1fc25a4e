import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from '@poleflow/auth';
import { APP_CONFIG } from '@poleflow/config';
import { HttpConventionsModule } from '@poleflow/http';
import { MessagingModule } from '@poleflow/messaging';
import { ObservabilityModule } from '@poleflow/observability';
import { PersistenceModule } from '@poleflow/persistence';
import { AccountsService } from './accounts/accounts.service.js';
import { AuthController, MeController } from './accounts/auth.controller.js';
import { AuthService } from './accounts/auth.service.js';
import { LoginThrottleModule } from './accounts/login-throttle.js';
import { AdminAffiliationsController } from './affiliations/admin-affiliations.controller.js';
import { AffiliationsService } from './affiliations/affiliations.service.js';
import type { DirectoryConfig } from './config.js';
import { FundersController } from './funders/funders.controller.js';
import { FundersService } from './funders/funders.service.js';
import { DIRECTORY_SCHEMA, directoryOrmConfig } from './mikro-orm.config.js';
import { OrganisationsController } from './organisations/organisations.controller.js';
import { OrganisationsService } from './organisations/organisations.service.js';
import { PolesController } from './poles/poles.controller.js';
import { PolesSeeder } from './poles/poles.seeder.js';
import { PolesService } from './poles/poles.service.js';
import { DemoSeeder } from './seed/demo.seed.js';

/**
 * directory: accounts and credentials (it alone signs access tokens), organisations, the pole directory,
 * funders and affiliations. It emits `organisation.*`, `affiliation.changed` and `pole.published`, and
 * consumes nothing (no route in libs/contracts leads to it), so only the outbox relay runs in the worker role.
 */
@Module({})
export class DirectoryModule {
  static forRoot(cfg: DirectoryConfig): DynamicModule {
    return {
      module: DirectoryModule,
      imports: [
        ObservabilityModule.forRoot({ service: 'directory', level: cfg.LOG_LEVEL }),
        PersistenceModule.forRoot(directoryOrmConfig(cfg.DATABASE_URL, cfg.DB_POOL_MAX)),
        AuthModule.forRoot({ publicKey: cfg.JWT_PUBLIC_KEY, issuer: cfg.JWT_ISSUER }),
        HttpConventionsModule.forRoot({ schema: DIRECTORY_SCHEMA }),
        MessagingModule.forRoot({
          service: 'directory', schema: DIRECTORY_SCHEMA, redisUrl: cfg.REDIS_URL, prefix: cfg.BULLMQ_PREFIX,
          relay: cfg.ROLES.has('worker'), consume: false, concurrency: cfg.WORKER_CONCURRENCY, pollMs: cfg.OUTBOX_POLL_MS,
        }),
        LoginThrottleModule.forRoot({ redisUrl: cfg.REDIS_URL, prefix: cfg.BULLMQ_PREFIX, limit: cfg.LOGIN_RATE_LIMIT, windowSeconds: cfg.LOGIN_RATE_WINDOW_SECONDS }),
      ],
      controllers: [AuthController, MeController, OrganisationsController, PolesController, FundersController, AdminAffiliationsController],
      providers: [
        { provide: APP_CONFIG, useValue: cfg },
        AccountsService, AuthService, AffiliationsService, OrganisationsService, PolesService, PolesSeeder, FundersService, DemoSeeder,
      ],
    };
  }
}
