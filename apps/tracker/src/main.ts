import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { configureServiceApp, migrate, serve } from '@poleflow/http';
import { loadTrackerConfig } from './config.js';
import { TrackerModule } from './tracker.module.js';

const cfg = loadTrackerConfig();
const app = await NestFactory.create(TrackerModule.forRoot(cfg), { bufferLogs: true });
configureServiceApp(app, { service: 'tracker', description: 'Project timelines and stages, built from every event' });
await migrate(app);
await serve(app, cfg.PORT, cfg.HOST);
