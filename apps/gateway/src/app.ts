import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureGatewayApp } from './bootstrap.js';
import type { GatewayConfig } from './config.js';
import { GatewayModule } from './gateway.module.js';

/** The gateway, configured, not yet listening: main.ts serves it alone, the all-in-one process in front of the others. */
export async function createGatewayApp(cfg: GatewayConfig): Promise<INestApplication> {
  // No body parser: the proxy streams request bodies to the services as they come.
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule.forRoot(cfg), { bufferLogs: true, bodyParser: false });
  configureGatewayApp(app);
  return app;
}
