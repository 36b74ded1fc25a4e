import { Module, type DynamicModule } from '@nestjs/common';
import { servicePlatform } from '@poleflow/platform';
import { CaseCommandService } from './cases/case-commands.service.js';
import { CaseIntakeConsumer } from './cases/case-intake.consumer.js';
import { CaseIntakeService } from './cases/case-intake.service.js';
import { CaseQueryService } from './cases/case-queries.service.js';
import { CasesController } from './cases/cases.controller.js';
import { LABELLING_CONFIG, type LabellingConfig } from './config.js';
import { LabelService } from './labels/label.service.js';
import { LabelsController } from './labels/labels.controller.js';
import { MembershipConsumer } from './membership/membership.consumer.js';
import { labellingOrmConfig } from './mikro-orm.config.js';
import { ReferenceConsumer } from './reference/reference.consumer.js';
import { AssignmentService } from './reviews/assignment.service.js';
import { AssignmentsController } from './reviews/assignments.controller.js';
import { ReviewTimers } from './reviews/review-timers.js';
import { ReviewService } from './reviews/review.service.js';
import { LABELLING_SCHEMA } from './schema.js';
import { SettingsController } from './settings/settings.controller.js';
import { SettingsService } from './settings/settings.service.js';

/**
 * labelling: each pole targeted by a submitted project reviews it in a case — admissibility, reviewers without
 * conflicts of interest, rubric reviews, committee decision — and grants verifiable labels (ARCHITECTURE.md §2).
 */
@Module({})
export class LabellingModule {
  static forRoot(cfg: LabellingConfig): DynamicModule {
    return {
      module: LabellingModule,
      imports: [
        ...servicePlatform({ service: 'labelling', schema: LABELLING_SCHEMA, cfg, orm: labellingOrmConfig(cfg.DATABASE_URL, cfg.DB_POOL_MAX) }),
      ],
      controllers: [CasesController, AssignmentsController, LabelsController, SettingsController],
      providers: [
        { provide: LABELLING_CONFIG, useValue: cfg },
        ReferenceConsumer, CaseIntakeConsumer, CaseIntakeService, CaseQueryService, CaseCommandService,
        AssignmentService, ReviewService, ReviewTimers, LabelService, SettingsService,
        // network's pole memberships: the lead-partner membership admissibility check
        MembershipConsumer,
      ],
    };
  }
}
