import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { configureServiceApp, migrate, serve } from '@poleflow/http';
import { seedDemoCalls } from './calls/demo-calls.js';
import { loadFundingConfig } from './config.js';
import { FundingModule } from './funding.module.js';

const cfg = loadFundingConfig();
const app = await NestFactory.create(FundingModule.forRoot(cfg), { bufferLogs: true });
configureServiceApp(app, { service: 'funding', description: 'Funding calls with explainable eligibility rules, applications, GBER aid ceilings, funding decisions' });
await migrate(app);
if (cfg.SEED_DEMO) new Logger('Seed').log({ calls: await seedDemoCalls(app) }, 'demo calls ready');
await serve(app, cfg.PORT, cfg.HOST);
