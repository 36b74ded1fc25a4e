import 'reflect-metadata';
import { serve } from '@poleflow/http';
import { createTrackerApp } from './app.js';
import { loadTrackerConfig } from './config.js';

const cfg = loadTrackerConfig();
await serve(await createTrackerApp(cfg), cfg.PORT, cfg.HOST);
