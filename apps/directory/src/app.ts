import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { configureServiceApp, migrate } from '@poleflow/http';
import type { DirectoryConfig } from './config.js';
import { DirectoryModule } from './directory.module.js';
import { seedDemo } from './seed/demo.seed.js';
import { seedReference } from './seed/reference.seed.js';

/**
 * The directory app, configured, migrated and seeded (reference data, and the demo accounts when SEED_DEMO), not
 * yet listening: main.ts serves it alone, the all-in-one process beside the others.
 */
export async function createDirectoryApp(cfg: DirectoryConfig): Promise<INestApplication> {
  const app = await NestFactory.create(DirectoryModule.forRoot(cfg), { bufferLogs: true });
  configureServiceApp(app, { service: 'directory', description: 'Accounts and tokens, organisations, the pole directory, funders, affiliations', gatewayAddresses: cfg.GATEWAY_ADDRESSES });
  await migrate(app);
  await seedReference(app);
  if (cfg.SEED_DEMO) {
    const demo = await seedDemo(app);
    new Logger('Seed').log({ accounts: demo.map((a) => `${a.email} (${a.roles.join(', ') || 'no role'})`) }, 'demo data ready');
  }
  return app;
}
