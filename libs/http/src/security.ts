import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

type Directives = Record<string, string[]>;

/**
 * The content security policy of everything the gateway serves to a browser: the React web application at `/`
 * (its own scripts only; inline styles for the component library; images from itself or data: URLs; API calls
 * to itself), and swagger UI at /docs (external init script, inline styles, data: images). No inline script,
 * no plugin, no framing.
 */
export const WEB_CSP: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** A JSON API answers no page: nothing may load from it. */
export const API_CSP: Directives = { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"], 'base-uri': ["'none'"], 'form-action': ["'none'"] };

const withExtra = (base: Directives, extra: Directives): Directives =>
  Object.fromEntries([...new Set([...Object.keys(base), ...Object.keys(extra)])].map((k) => [k, [...(base[k] ?? []), ...(extra[k] ?? [])]]));

export interface SecurityOptions {
  /** The policy for every path. */
  csp: Directives;
  /** Extra sources per path prefix (e.g. the queue dashboard's web fonts); the longest matching prefix wins. */
  relaxed?: Record<string, Directives>;
  /** Origins allowed to call cross-origin (CORS); empty: none (no CORS header is ever sent). */
  corsOrigins?: string[];
}

/**
 * Security headers (helmet: CSP, HSTS, nosniff, frame and referrer policies, no X-Powered-By) and CORS, closed
 * unless origins are configured. Applied first, so every answer carries them, proxied ones included.
 */
export function useSecurity(app: NestExpressApplication, o: SecurityOptions): void {
  app.disable('x-powered-by');
  const make = (directives: Directives) => helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    crossOriginEmbedderPolicy: false,
  });
  const strict = make(o.csp);
  const relaxed = Object.entries(o.relaxed ?? {}).sort(([a], [b]) => b.length - a.length).map(([prefix, extra]) => ({ prefix, mw: make(withExtra(o.csp, extra)) }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    const path = req.path;
    const r = relaxed.find((x) => path === x.prefix || path.startsWith(`${x.prefix}/`));
    (r?.mw ?? strict)(req, res, next);
  });
  if (o.corsOrigins?.length) {
    app.enableCors({
      origin: o.corsOrigins,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'if-match', 'if-none-match', 'idempotency-key', 'x-correlation-id', 'accept-language'],
      exposedHeaders: ['etag', 'location', 'x-correlation-id', 'retry-after', 'idempotent-replayed'],
      maxAge: 600,
    });
  }
}
