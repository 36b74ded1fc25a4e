import { Module, type DynamicModule } from '@nestjs/common';
import { servicePlatform } from '@poleflow/platform';
import { ApplicationsController } from './applications/applications.controller.js';
import { ApplicationsService } from './applications/applications.service.js';
import { AssessmentService } from './applications/assessment.service.js';
import { CallsController } from './calls/calls.controller.js';
import { CallsService } from './calls/calls.service.js';
import { EligibilityPreviewService } from './calls/eligibility-preview.service.js';
import { FUNDING_CONFIG, type FundingConfig } from './config.js';
import { fundingOrmConfig } from './mikro-orm.config.js';
import { ReferenceConsumer } from './reference/reference.consumer.js';
import { FUNDING_SCHEMA } from './schema.js';

/**
 * funding: funders' calls with explainable eligibility rules, applications assessed against them and against
 * the GBER ceilings per partner, and funding decisions with tranche schedules (ARCHITECTURE.md §2).
 */
@Module({})
export class FundingModule {
  static forRoot(cfg: FundingConfig): DynamicModule {
    return {
      module: FundingModule,
      imports: [...servicePlatform({ service: 'funding', schema: FUNDING_SCHEMA, cfg, orm: fundingOrmConfig(cfg.DATABASE_URL, cfg.DB_POOL_MAX) })],
      controllers: [CallsController, ApplicationsController],
      providers: [{ provide: FUNDING_CONFIG, useValue: cfg }, ReferenceConsumer, AssessmentService, CallsService, ApplicationsService, EligibilityPreviewService],
    };
  }
}
