import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { configureServiceApp, migrate, serve } from '@poleflow/http';
import { loadLabellingConfig } from './config.js';
import { LabellingModule } from './labelling.module.js';

const cfg = loadLabellingConfig();
const app = await NestFactory.create(LabellingModule.forRoot(cfg), { bufferLogs: true });
configureServiceApp(app, { service: 'labelling', description: 'Pole labelling: cases, admissibility, reviewers, rubric reviews, committee decisions, verifiable labels' });
await migrate(app);
await serve(app, cfg.PORT, cfg.HOST);
