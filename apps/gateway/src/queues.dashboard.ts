import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Queue } from 'bullmq';
import type { Express, NextFunction, Request, Response } from 'express';
import { Redis } from 'ioredis';
import { AccessTokens, isAdmin } from '@poleflow/auth';
import { APP_CONFIG } from '@poleflow/config';
import { SERVICES, inboxQueueName } from '@poleflow/contracts';
import type { GatewayConfig } from './config.js';
import { sendProblem } from './problems.js';

export const QUEUES_PATH = '/admin/queues';
const COOKIE = 'pf_queues_token';
const DISCOVER_EVERY_MS = 10_000;

function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/**
 * The BullMQ dashboard (bull-board) at /admin/queues, admin only. It shows the inbox queue of every service
 * (`<service>.inbox`, from libs/contracts) and any other queue found under the BULLMQ_PREFIX, over one Redis
 * connection that fails fast. Read-only unless QUEUE_DASHBOARD_READONLY=false: replays go through the
 * dead-letter API, which keeps the inbox's exactly-once bookkeeping.
 *
 * A browser cannot send a bearer header, so `?token=<admin JWT>` is accepted once: it is moved into an HttpOnly
 * cookie scoped to /admin/queues and the browser is redirected to the same URL without it. The page's later
 * asset and API calls carry the cookie.
 *
 * It is mounted on the Express instance before Nest's own middleware, so pino-http never logs a URL that
 * carries a token.
 */
@Injectable()
export class QueueDashboard implements OnApplicationShutdown {
  private readonly logger = new Logger('QueueDashboard');
  private readonly queues = new Map<string, Queue>();
  private redis?: Redis;
  private board?: ReturnType<typeof createBullBoard>;
  private discoveredAt = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly cfg: GatewayConfig,
    private readonly tokens: AccessTokens,
  ) {}

  mount(app: NestExpressApplication): void {
    this.redis = new Redis(this.cfg.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: true, lazyConnect: true });
    this.redis.on('error', (err) => this.logger.debug?.(`redis: ${err.message}`));
    const serverAdapter = new ExpressAdapter().setBasePath(QUEUES_PATH);
    this.board = createBullBoard({
      queues: SERVICES.map((s) => this.adapter(inboxQueueName(s))),
      serverAdapter,
      options: { uiConfig: { boardTitle: 'poleflow queues' } },
    });
    app.use(QUEUES_PATH, (req: Request, res: Response, next: NextFunction) => void this.authorize(req, res, next), (req: Request, _res: Response, next: NextFunction) => {
      if (req.method === 'GET' && (req.path === '/' || req.path === '/api/queues')) void this.discover().finally(next);
      else next();
    }, (serverAdapter.getRouter() as Express).disable('x-powered-by'));
  }

  names(): string[] {
    return [...this.queues.keys()];
  }

  private adapter(name: string): BullMQAdapter {
    const queue = new Queue(name, { connection: this.redis!, prefix: this.cfg.BULLMQ_PREFIX });
    queue.on('error', (err) => this.logger.debug?.(`queue ${name}: ${err.message}`));
    this.queues.set(name, queue);
    return new BullMQAdapter(queue, { readOnlyMode: this.cfg.QUEUE_DASHBOARD_READONLY, allowRetries: !this.cfg.QUEUE_DASHBOARD_READONLY });
  }

  /** Adds the queues that exist under the prefix but are not inboxes (timers…), at most every few seconds. */
  async discover(): Promise<void> {
    if (!this.redis || !this.board || Date.now() - this.discoveredAt < DISCOVER_EVERY_MS) return;
    this.discoveredAt = Date.now();
    try {
      const prefix = `${this.cfg.BULLMQ_PREFIX}:`;
      let cursor = '0';
      do {
        const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${prefix}*:meta`, 'COUNT', 500);
        cursor = next;
        for (const key of keys) {
          const name = key.slice(prefix.length, -':meta'.length);
          if (name && !name.includes(':') && !this.queues.has(name)) this.board.addQueue(this.adapter(name));
        }
      } while (cursor !== '0');
    } catch (err) {
      this.logger.warn(`queue discovery failed: ${(err as Error).message}`);
    }
  }

  private async authorize(req: Request, res: Response, next: NextFunction): Promise<void> {
    const header = req.headers.authorization;
    const fromQuery = typeof req.query.token === 'string' ? req.query.token : undefined;
    const fromCookie = cookieOf(req, COOKIE);
    const token = header?.startsWith('Bearer ') ? header.slice(7) : (fromQuery ?? fromCookie);
    if (!token) return sendProblem(req, res, 401, 'UNAUTHENTICATED', 'the queue dashboard needs an admin token (Authorization: Bearer, or ?token= once)');
    let verified: Awaited<ReturnType<AccessTokens['verify']>>;
    try {
      // An admin page: like every `@Roles` route, an admin token needs the account's published standing (libs/auth).
      verified = await this.tokens.verify(token, { strict: isAdmin });
    } catch {
      if (fromCookie && token === fromCookie) res.setHeader('set-cookie', `${COOKIE}=; Path=${QUEUES_PATH}; HttpOnly; SameSite=Lax; Max-Age=0`);
      return sendProblem(req, res, 401, 'INVALID_TOKEN', 'the access token is invalid, expired or revoked');
    }
    if (!isAdmin(verified.principal)) return sendProblem(req, res, 403, 'FORBIDDEN', 'the queue dashboard is for admins only');
    if (token === fromQuery && !header) {
      const maxAge = verified.expiresAt ? Math.max(0, verified.expiresAt - Math.floor(Date.now() / 1000)) : 3600;
      const secure = req.secure || req.headers['x-forwarded-proto'] === 'https' ? '; Secure' : '';
      res.setHeader('set-cookie', `${COOKIE}=${encodeURIComponent(token)}; Path=${QUEUES_PATH}; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure}`);
      const url = new URL(req.originalUrl, 'http://gateway');
      url.searchParams.delete('token');
      res.redirect(303, `${url.pathname}${url.search}`);
      return;
    }
    next();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
    this.redis?.disconnect();
  }
}
