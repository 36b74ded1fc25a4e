import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureServiceApp, migrate, serve } from '@poleflow/http';
import { loadDirectoryConfig } from './config.js';
import { DirectoryModule } from './directory.module.js';
import { seedDemo } from './seed/demo.seed.js';
import { seedReference } from './seed/reference.seed.js';

const cfg = loadDirectoryConfig();
const app = await NestFactory.create<NestExpressApplication>(DirectoryModule.forRoot(cfg), { bufferLogs: true });
configureServiceApp(app, { service: 'directory', description: 'Accounts and tokens, organisations, the pole directory, funders, affiliations' });
await migrate(app);
await seedReference(app);
if (cfg.SEED_DEMO) {
  const demo = await seedDemo(app);
  new Logger('Seed').log({ accounts: demo.map((a) => `${a.email} (${a.roles.join(', ') || 'no role'})`) }, 'demo data ready');
}
await serve(app, cfg.PORT, cfg.HOST);
