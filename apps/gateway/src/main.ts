import 'reflect-metadata';
import { keepIdleSockets } from '@poleflow/http';
import { createGatewayApp } from './app.js';
import { loadGatewayConfig } from './config.js';

const cfg = loadGatewayConfig();
const gateway = await createGatewayApp(cfg);
await gateway.listen(cfg.PORT, cfg.HOST);
keepIdleSockets(gateway.getHttpServer()); // behind a proxy that keeps connections, as the services behind it (libs/http)
