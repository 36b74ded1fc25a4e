import { Module, type DynamicModule } from '@nestjs/common';
import { servicePlatform } from '@poleflow/platform';
import { MILESTONES_CONFIG, type MilestonesConfig } from './config.js';
import { EvidenceController } from './evidence/evidence.controller.js';
import { EvidenceService } from './evidence/evidence.service.js';
import { ImpactController } from './impact/impact.controller.js';
import { ImpactService } from './impact/impact.service.js';
import { milestonesOrmConfig } from './mikro-orm.config.js';
import { MilestonesController } from './plans/milestones.controller.js';
import { MilestonesService } from './plans/milestones.service.js';
import { PlansConsumer } from './plans/plans.consumer.js';
import { MILESTONES_SCHEMA } from './schema.js';

/**
 * milestones: the plan of each funding decision, progress reports, the funder's validations releasing the
 * tranches, durable due-date timers, and the market launch that ends the journey (ARCHITECTURE.md §2).
 */
@Module({})
export class MilestonesModule {
  static forRoot(cfg: MilestonesConfig): DynamicModule {
    return {
      module: MilestonesModule,
      imports: [...servicePlatform({ service: 'milestones', schema: MILESTONES_SCHEMA, cfg, orm: milestonesOrmConfig(cfg.DATABASE_URL, cfg.DB_POOL_MAX) })],
      controllers: [MilestonesController, EvidenceController, ImpactController],
      providers: [{ provide: MILESTONES_CONFIG, useValue: cfg }, PlansConsumer, MilestonesService, EvidenceService, ImpactService],
    };
  }
}
