import 'reflect-metadata';
import { serve } from '@poleflow/http';
import { createLabellingApp } from './app.js';
import { loadLabellingConfig } from './config.js';

const cfg = loadLabellingConfig();
await serve(await createLabellingApp(cfg), cfg.PORT, cfg.HOST);
