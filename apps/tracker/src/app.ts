import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { configureServiceApp, migrate } from '@poleflow/http';
import type { TrackerConfig } from './config.js';
import { TrackerModule } from './tracker.module.js';

/** The tracker app, configured and migrated, not yet listening: main.ts serves it alone, the all-in-one process beside the others. */
export async function createTrackerApp(cfg: TrackerConfig): Promise<INestApplication> {
  const app = await NestFactory.create(TrackerModule.forRoot(cfg), { bufferLogs: true });
  configureServiceApp(app, { service: 'tracker', description: 'Project timelines and stages, built from every event', gatewayAddresses: cfg.GATEWAY_ADDRESSES });
  await migrate(app);
  return app;
}
