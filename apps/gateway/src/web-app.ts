import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger } from '@nestjs/common';

/** Paths the gateway itself or the services answer: never the web application's fallback. */
const RESERVED = /^\/(api|docs|docs-json|docs-yaml|admin\/queues|health|metrics)(\/|$)/;

/**
 * Serves the web application (apps/web/dist, built by `npm run build`) at `/`: its files as they are (hashed
 * assets cached a year, index.html never), and index.html for any other GET that asks for HTML, so that the
 * client-side routes (/projets/…, /poles?region=…, the admin's /admin/comptes…) load the app. The API, /docs, /admin/queues, /health and
 * /metrics keep priority. Without a built app nothing is mounted and `/` stays the JSON 404.
 */
export function mountWebApp(app: NestExpressApplication, dir: string): boolean {
  const root = resolve(dir);
  const index = join(root, 'index.html');
  if (!existsSync(index)) {
    new Logger('WebApp').warn(`no web application at ${root} (npm run build builds it): / answers 404`);
    return false;
  }
  const files = express.static(root, {
    index: false,
    setHeaders: (res, path) => res.setHeader('cache-control', path.includes(`${join(root, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (RESERVED.test(req.path)) return next();
    files(req, res, () => {
      if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.accepts('html')) return next();
      res.setHeader('cache-control', 'no-cache');
      res.sendFile(index);
    });
  });
  return true;
}
