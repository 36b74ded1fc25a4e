import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { configureServiceApp, migrate } from '@poleflow/http';
import type { MilestonesConfig } from './config.js';
import { MilestonesModule } from './milestones.module.js';

/** The milestones app, configured and migrated, not yet listening: main.ts serves it alone, the all-in-one process beside the others. */
export async function createMilestonesApp(cfg: MilestonesConfig): Promise<INestApplication> {
  const app = await NestFactory.create(MilestonesModule.forRoot(cfg), { bufferLogs: true });
  configureServiceApp(app, { service: 'milestones', description: 'Milestone plans from funding decisions, progress reports, validations, tranche releases, overdue timers, market launch', gatewayAddresses: cfg.GATEWAY_ADDRESSES });
  await migrate(app);
  return app;
}
