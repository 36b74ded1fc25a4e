import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { APP_CONFIG } from '@poleflow/config';
import type { DirectoryConfig } from '../config.js';

export const REFRESH_COOKIE = 'poleflow_refresh';
/** Sent only to the auth endpoints: no other route, service or script of the origin ever sees it. */
export const REFRESH_COOKIE_PATH = '/api/v1/auth';

/**
 * The web application's refresh token: `HttpOnly` (no script reads it), `SameSite=Strict` (no other site's
 * page sends it), scoped to the auth path, `Secure` when the request came over HTTPS (as the gateway says in
 * X-Forwarded-Proto, which directory trusts from the gateway only) or COOKIE_SECURE is set.
 */
@Injectable()
export class RefreshCookie {
  constructor(@Inject(APP_CONFIG) private readonly cfg: DirectoryConfig) {}

  private attributes(req: Request): string {
    return `Path=${REFRESH_COOKIE_PATH}; HttpOnly; SameSite=Strict${this.cfg.COOKIE_SECURE || req.secure ? '; Secure' : ''}`;
  }

  set(req: Request, res: Response, token: string, expiresAt: Date): void {
    const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
    res.append('set-cookie', `${REFRESH_COOKIE}=${token}; Max-Age=${maxAge}; ${this.attributes(req)}`);
  }

  clear(req: Request, res: Response): void {
    res.append('set-cookie', `${REFRESH_COOKIE}=; Max-Age=0; ${this.attributes(req)}`);
  }

  read(req: Request): string | undefined {
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0 && part.slice(0, eq).trim() === REFRESH_COOKIE) return part.slice(eq + 1).trim() || undefined;
    }
    return undefined;
  }
}
