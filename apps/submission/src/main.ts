import 'reflect-metadata';
import { serve } from '@poleflow/http';
import { createSubmissionApp } from './app.js';
import { loadSubmissionConfig } from './config.js';

const cfg = loadSubmissionConfig();
await serve(await createSubmissionApp(cfg), cfg.PORT, cfg.HOST);
