import 'reflect-metadata';
import { serve } from '@poleflow/http';
import { createDirectoryApp } from './app.js';
import { loadDirectoryConfig } from './config.js';

const cfg = loadDirectoryConfig();
await serve(await createDirectoryApp(cfg), cfg.PORT, cfg.HOST);
