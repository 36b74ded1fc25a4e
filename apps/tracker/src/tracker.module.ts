import { Module, type DynamicModule } from '@nestjs/common';
import { servicePlatform } from '@poleflow/platform';
import type { TrackerConfig } from './config.js';
import { DashboardsController } from './dashboards/dashboards.controller.js';
import { DashboardsService } from './dashboards/dashboards.service.js';
import { EMAIL_CONTROLLERS, emailProviders } from './email/email.providers.js';
import { FundingConsumer } from './funding/funding.consumer.js';
import { INTEGRATIONS_CONTROLLERS, integrationsProviders } from './integrations/integrations.providers.js';
import { LabellingConsumer } from './labelling/labelling.consumer.js';
import { MilestonesConsumer } from './milestones/milestones.consumer.js';
import { TRACKER_SCHEMA, trackerOrmConfig } from './mikro-orm.config.js';
import { NotificationsConsumer } from './notifications/notifications.consumer.js';
import { NotificationsController } from './notifications/notifications.controller.js';
import { ConsortiumTimelineConsumer } from './timeline/consortium.consumer.js';
import { TimelineConsumer } from './timeline/timeline.consumer.js';
import { TimelineController } from './timeline/timeline.controller.js';

/** tracker: the read side — per-project timeline, stage, labelling cases, funding applications and milestones, dashboards, notifications (in-app and e-mail), feed and webhooks, built from every event. */
@Module({})
export class TrackerModule {
  static forRoot(cfg: TrackerConfig): DynamicModule {
    return {
      module: TrackerModule,
      imports: [
        ...servicePlatform({ service: 'tracker', schema: TRACKER_SCHEMA, cfg, orm: trackerOrmConfig(cfg.DATABASE_URL, cfg.DB_POOL_MAX) }),
      ],
      controllers: [TimelineController, DashboardsController, NotificationsController, ...INTEGRATIONS_CONTROLLERS, ...EMAIL_CONTROLLERS],
      providers: [DashboardsService, TimelineConsumer, ConsortiumTimelineConsumer, LabellingConsumer, FundingConsumer, MilestonesConsumer, NotificationsConsumer, ...integrationsProviders(cfg), ...emailProviders(cfg)],
    };
  }
}
