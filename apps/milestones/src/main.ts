import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { configureServiceApp, migrate, serve } from '@poleflow/http';
import { loadMilestonesConfig } from './config.js';
import { MilestonesModule } from './milestones.module.js';

const cfg = loadMilestonesConfig();
const app = await NestFactory.create(MilestonesModule.forRoot(cfg), { bufferLogs: true });
configureServiceApp(app, { service: 'milestones', description: 'Milestone plans from funding decisions, progress reports, validations, tranche releases, overdue timers, market launch' });
await migrate(app);
await serve(app, cfg.PORT, cfg.HOST);
