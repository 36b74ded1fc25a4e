import { Module, type DynamicModule } from '@nestjs/common';
import { servicePlatform } from '@poleflow/platform';
import { APP_CONFIG } from '@poleflow/config';
import { AccountsService } from './accounts/accounts.service.js';
import { AuthController, MeController } from './accounts/auth.controller.js';
import { AuthService } from './accounts/auth.service.js';
import { LoginThrottleModule } from './accounts/login-throttle.js';
import { AdminAffiliationsController } from './affiliations/admin-affiliations.controller.js';
import { AffiliationsService } from './affiliations/affiliations.service.js';
import type { DirectoryConfig } from './config.js';
import { FundersController } from './funders/funders.controller.js';
import { FundersSeeder } from './funders/funders.seeder.js';
import { FundersService } from './funders/funders.service.js';
import { DIRECTORY_SCHEMA, directoryOrmConfig } from './mikro-orm.config.js';
import { PublicOrganisationsController, PublicOrganisationsService } from './organisations/public-organisations.controller.js';
import { OrganisationsController } from './organisations/organisations.controller.js';
import { OrganisationsService } from './organisations/organisations.service.js';
import { PoleReviewersController } from './poles/pole-reviewers.controller.js';
import { PoleReviewersService } from './poles/pole-reviewers.service.js';
import { PolesController } from './poles/poles.controller.js';
import { PolesSeeder } from './poles/poles.seeder.js';
import { PolesService } from './poles/poles.service.js';
import { RepublishController } from './republish/republish.controller.js';
import { RepublishService } from './republish/republish.service.js';
import { DemoSeeder } from './seed/demo.seed.js';

/**
 * directory: accounts and credentials (it alone signs access tokens), organisations, the pole directory,
 * funders and affiliations. It emits `organisation.*`, `affiliation.changed`, `pole.published` and
 * `funder.published`, and consumes nothing (no route in libs/contracts leads to it), so only the outbox relay
 * runs in the worker role.
 */
@Module({})
export class DirectoryModule {
  static forRoot(cfg: DirectoryConfig): DynamicModule {
    return {
      module: DirectoryModule,
      imports: [
        // Consumes nothing (no route in libs/contracts leads to it): the worker role runs only the outbox relay.
        ...servicePlatform({ service: 'directory', schema: DIRECTORY_SCHEMA, cfg, orm: directoryOrmConfig(cfg.DATABASE_URL, cfg.DB_POOL_MAX), consumes: false }),
        LoginThrottleModule.forRoot({ redisUrl: cfg.REDIS_URL, prefix: cfg.BULLMQ_PREFIX, limit: cfg.LOGIN_RATE_LIMIT, windowSeconds: cfg.LOGIN_RATE_WINDOW_SECONDS }),
      ],
      controllers: [
        AuthController, MeController, PublicOrganisationsController, OrganisationsController, PolesController, PoleReviewersController, FundersController,
        AdminAffiliationsController, RepublishController,
      ],
      providers: [
        PublicOrganisationsService,
        { provide: APP_CONFIG, useValue: cfg },
        AccountsService, AuthService, AffiliationsService, OrganisationsService, PolesService, PolesSeeder, PoleReviewersService, FundersService,
        FundersSeeder, RepublishService, DemoSeeder,
      ],
    };
  }
}
