import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { configureServiceApp, migrate } from '@poleflow/http';
import type { SubmissionConfig } from './config.js';
import { SubmissionModule } from './submission.module.js';

/** The submission app, configured and migrated, not yet listening: main.ts serves it alone, the all-in-one process beside the others. */
export async function createSubmissionApp(cfg: SubmissionConfig): Promise<INestApplication> {
  const app = await NestFactory.create(SubmissionModule.forRoot(cfg), { bufferLogs: true });
  configureServiceApp(app, { service: 'submission', description: 'Projects, consortia and budgets; submission to poles', gatewayAddresses: cfg.GATEWAY_ADDRESSES });
  await migrate(app);
  return app;
}
