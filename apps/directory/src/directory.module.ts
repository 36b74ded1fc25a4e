import { Module, type DynamicModule } from '@nestjs/common';
import { servicePlatform } from '@poleflow/platform';
import { APP_CONFIG } from '@poleflow/config';
import { AccountsService } from './accounts/accounts.service.js';
import { AuthController, MeController } from './accounts/auth.controller.js';
import { AuthService } from './accounts/auth.service.js';
import { AdminAccountsController } from './accounts/admin-accounts.controller.js';
import { AdminAccountsService } from './accounts/admin-accounts.service.js';
import { LoginThrottle } from './accounts/login-throttle.js';
import { RefreshCookie } from './accounts/refresh-cookie.js';
import { StandingConsumer } from './accounts/standing.consumer.js';
import { StandingService } from './accounts/standing.service.js';
import { AuditController } from './audit/audit.controller.js';
import { AuditService } from './audit/audit.service.js';
import { RefreshTokens } from './sessions/refresh-tokens.service.js';
import { AdminAffiliationsController } from './affiliations/admin-affiliations.controller.js';
import { AffiliationsService } from './affiliations/affiliations.service.js';
import type { DirectoryConfig } from './config.js';
import { FundersController } from './funders/funders.controller.js';
import { FundersSeeder } from './funders/funders.seeder.js';
import { FundersService } from './funders/funders.service.js';
import { DIRECTORY_SCHEMA, directoryOrmConfig } from './mikro-orm.config.js';
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
 * funders and affiliations, sessions (refresh tokens) and the security audit trail. It emits `organisation.*`,
 * `affiliation.changed`, `pole.published`, `funder.published`, `account.*`, and consumes its own
 * `account.standing_changed` (projected into Redis for every service's guard) and the services'
 * `admin.dead_letter_redriven` (audited).
 */
@Module({})
export class DirectoryModule {
  static forRoot(cfg: DirectoryConfig): DynamicModule {
    return {
      module: DirectoryModule,
      imports: [
        ...servicePlatform({ service: 'directory', schema: DIRECTORY_SCHEMA, cfg, orm: directoryOrmConfig(cfg.DATABASE_URL, cfg.DB_POOL_MAX) }),
      ],
      controllers: [
        AuthController, MeController, OrganisationsController, PolesController, PoleReviewersController, FundersController,
        AdminAffiliationsController, RepublishController, AdminAccountsController, AuditController,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: cfg },
        AccountsService, AuthService, AffiliationsService, OrganisationsService, PolesService, PolesSeeder, PoleReviewersService, FundersService,
        FundersSeeder, RepublishService, DemoSeeder, LoginThrottle, RefreshCookie, RefreshTokens, StandingService, StandingConsumer,
        AdminAccountsService, AuditService,
      ],
    };
  }
}
