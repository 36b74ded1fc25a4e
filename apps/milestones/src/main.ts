import 'reflect-metadata';
import { serve } from '@poleflow/http';
import { createMilestonesApp } from './app.js';
import { loadMilestonesConfig } from './config.js';

const cfg = loadMilestonesConfig();
await serve(await createMilestonesApp(cfg), cfg.PORT, cfg.HOST);
