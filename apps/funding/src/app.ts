import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { configureServiceApp, migrate } from '@poleflow/http';
import { seedDemoCalls } from './calls/demo-calls.js';
import type { FundingConfig } from './config.js';
import { FundingModule } from './funding.module.js';

/** The funding app, configured, migrated and seeded, not yet listening: main.ts serves it alone, the all-in-one process beside the others. */
export async function createFundingApp(cfg: FundingConfig): Promise<INestApplication> {
  const app = await NestFactory.create(FundingModule.forRoot(cfg), { bufferLogs: true });
  configureServiceApp(app, { service: 'funding', description: 'Funding calls with explainable eligibility rules, applications, GBER aid ceilings, funding decisions', gatewayAddresses: cfg.GATEWAY_ADDRESSES });
  await migrate(app);
  if (cfg.SEED_DEMO) new Logger('Seed').log({ calls: await seedDemoCalls(app) }, 'demo calls ready');
  return app;
}
