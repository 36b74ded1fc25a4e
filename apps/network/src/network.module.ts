import { Module, type DynamicModule } from '@nestjs/common';
import { servicePlatform } from '@poleflow/platform';
import { NETWORK_CONFIG, type NetworkConfig } from './config.js';
import { NetworkDashboardController, NetworkDashboardService } from './dashboard/dashboard.js';
import { NetworkDemoSeed } from './memberships/demo.seed.js';
import { MembershipTimers } from './memberships/membership.timers.js';
import { MembershipsController, PoleMembersController } from './memberships/memberships.controller.js';
import { MembershipsService } from './memberships/memberships.service.js';
import { networkOrmConfig } from './mikro-orm.config.js';
import { MATCHMAKING_CONTROLLERS } from './matchmaking/matchmaking.controller.js';
import { MatchmakingDemoSeed } from './matchmaking/demo.seed.js';
import { MatchmakingService } from './matchmaking/matchmaking.service.js';
import { ProjectsConsumer } from './matchmaking/projects.consumer.js';
import { ReferenceConsumer } from './reference/reference.consumer.js';
import { NETWORK_SCHEMA } from './schema.js';
import { SupportController } from './support/support.controller.js';
import { SupportService } from './support/support.service.js';
import { SupportTimers } from './support/support.timers.js';

/**
 * network: a pole as a network of members (ARCHITECTURE.md §2): memberships and their fees, the member directory,
 * member support; organisation profiles, "partner wanted" requests, matchmaking and contacts. Keeps a read copy
 * of the poles and organisations directory publishes.
 */
@Module({})
export class NetworkModule {
  static forRoot(cfg: NetworkConfig): DynamicModule {
    return {
      module: NetworkModule,
      imports: [...servicePlatform({ service: 'network', schema: NETWORK_SCHEMA, cfg, orm: networkOrmConfig(cfg.DATABASE_URL, cfg.DB_POOL_MAX) })],
      controllers: [
        // network-a: memberships, member directory, support
        MembershipsController, PoleMembersController, SupportController, NetworkDashboardController,
        // network-b: profiles, partner requests, matches, contacts
        ...MATCHMAKING_CONTROLLERS,
      ],
      providers: [
        { provide: NETWORK_CONFIG, useValue: cfg }, ReferenceConsumer,
        // network-a
        MembershipsService, MembershipTimers, SupportService, SupportTimers, NetworkDashboardService, NetworkDemoSeed,
        // network-b: matchmaking
        MatchmakingService, ProjectsConsumer, MatchmakingDemoSeed,
      ],
    };
  }
}
