import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureGatewayApp } from './bootstrap.js';
import { loadGatewayConfig } from './config.js';
import { GatewayModule } from './gateway.module.js';

const cfg = loadGatewayConfig();
// No body parser: the proxy streams request bodies to the services as they come.
const app = await NestFactory.create<NestExpressApplication>(GatewayModule.forRoot(cfg), { bufferLogs: true, bodyParser: false });
configureGatewayApp(app);
await app.listen(cfg.PORT, cfg.HOST);
