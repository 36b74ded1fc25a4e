import { Module, type DynamicModule } from '@nestjs/common';
import { servicePlatform } from '@poleflow/platform';
import type { SubmissionConfig } from './config.js';
import { LabellingOutcomeService } from './labelling/labelling-outcome.service.js';
import { LabellingConsumer } from './labelling/labelling.consumer.js';
import { SUBMISSION_SCHEMA, submissionOrmConfig } from './mikro-orm.config.js';
import { ProjectCommandService } from './projects/project-commands.service.js';
import { ProjectLifecycleController } from './projects/project-lifecycle.controller.js';
import { ProjectLifecycleService } from './projects/project-lifecycle.service.js';
import { InvitationsController, ProjectInvitationsController } from './invitations/invitations.controller.js';
import { InvitationsService } from './invitations/invitations.service.js';
import { FundingConsumer } from './projects/funding.consumer.js';
import { PartnerShareService } from './projects/partner-share.service.js';
import { ProjectDisseminationController, ProjectPartnersController } from './projects/project-partners.controller.js';
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
        ...servicePlatform({ service: 'submission', schema: SUBMISSION_SCHEMA, cfg, orm: submissionOrmConfig(cfg.DATABASE_URL, cfg.DB_POOL_MAX) }),
      ],
      controllers: [
        ProjectsController, ProjectPartnersController, ProjectDisseminationController, ProjectLifecycleController, ProjectInvitationsController, InvitationsController,
      ],
      providers: [
        ReferenceConsumer, LabellingConsumer, FundingConsumer, LabellingOutcomeService, ProjectCommandService, PartnerShareService, ProjectLifecycleService,
        ProjectQueryService, InvitationsService,
      ],
    };
  }
}
