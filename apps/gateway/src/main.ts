import 'reflect-metadata';
import { createGatewayApp } from './app.js';
import { loadGatewayConfig } from './config.js';

const cfg = loadGatewayConfig();
await (await createGatewayApp(cfg)).listen(cfg.PORT, cfg.HOST);
