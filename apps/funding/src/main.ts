import 'reflect-metadata';
import { serve } from '@poleflow/http';
import { createFundingApp } from './app.js';
import { loadFundingConfig } from './config.js';

const cfg = loadFundingConfig();
await serve(await createFundingApp(cfg), cfg.PORT, cfg.HOST);
