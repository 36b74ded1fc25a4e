import 'reflect-metadata';
import { serve } from '@poleflow/http';
import { createNetworkApp } from './app.js';
import { loadNetworkConfig } from './config.js';

const cfg = loadNetworkConfig();
await serve(await createNetworkApp(cfg), cfg.PORT, cfg.HOST);
