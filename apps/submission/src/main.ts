import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { configureServiceApp, migrate, serve } from '@poleflow/http';
import { loadSubmissionConfig } from './config.js';
import { SubmissionModule } from './submission.module.js';

const cfg = loadSubmissionConfig();
const app = await NestFactory.create(SubmissionModule.forRoot(cfg), { bufferLogs: true });
configureServiceApp(app, { service: 'submission', description: 'Projects, consortia and budgets; submission to poles' });
await migrate(app);
await serve(app, cfg.PORT, cfg.HOST);
