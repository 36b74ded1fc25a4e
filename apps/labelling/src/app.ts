import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { configureServiceApp, migrate } from '@poleflow/http';
import type { LabellingConfig } from './config.js';
import { LabellingModule } from './labelling.module.js';

/** The labelling app, configured and migrated, not yet listening: main.ts serves it alone, the all-in-one process beside the others. */
export async function createLabellingApp(cfg: LabellingConfig): Promise<INestApplication> {
  const app = await NestFactory.create(LabellingModule.forRoot(cfg), { bufferLogs: true });
  configureServiceApp(app, { service: 'labelling', description: 'Pole labelling: cases, admissibility, reviewers, rubric reviews, committee decisions, verifiable labels', gatewayAddresses: cfg.GATEWAY_ADDRESSES });
  await migrate(app);
  return app;
}
