import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { configureServiceApp, migrate } from '@poleflow/http';
import type { NetworkConfig } from './config.js';
import { NetworkModule } from './network.module.js';

/** The network app, configured and migrated, not yet listening: main.ts serves it alone, the all-in-one process beside the others. */
export async function createNetworkApp(cfg: NetworkConfig): Promise<INestApplication> {
  const app = await NestFactory.create(NetworkModule.forRoot(cfg), { bufferLogs: true });
  configureServiceApp(app, {
    service: 'network',
    description: 'Pole members and networking: memberships and fees, organisation profiles, partner wanted requests, matchmaking, contacts, member support',
    gatewayAddresses: cfg.GATEWAY_ADDRESSES,
  });
  await migrate(app);
  return app;
}
