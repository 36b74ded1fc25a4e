import { AsyncLocalStorage } from 'node:async_hooks';
import { CallHandler, ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Request, Response } from 'express';
import { Observable, tap } from 'rxjs';
import { subscribersOf, type ServiceName } from '@poleflow/contracts';
import { ident } from '@poleflow/persistence';
import { ServiceUnavailable } from './problem.js';

/**
 * Read-your-writes across services (ARCHITECTURE.md §7). A write answers `Poleflow-Consistency`: an opaque token
 * naming the events its transaction put in the outbox. The client sends the last token it received on its next
 * requests; a service first waits until its inbox holds every event of the token routed to it (bounded), so a
 * request right after a write elsewhere never sees the world before that write.
 */
export const CONSISTENCY_HEADER = 'Poleflow-Consistency';

export interface ConsistencyMark {
  id: string;
  type: string;
}

/** A token names at most this many events (the most recent ones): enough for a chain of writes, never unbounded. */
export const CONSISTENCY_MAX_EVENTS = 32;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TYPE = /^[a-z_]+(\.[a-z_]+)+$/;

export function encodeConsistency(marks: ConsistencyMark[]): string {
  return Buffer.from(marks.map((m) => `${m.type} ${m.id}`).join('\n')).toString('base64url');
}

/** Decodes a token; anything malformed is dropped (a bad token must never block a request). */
export function decodeConsistency(token: string | undefined): ConsistencyMark[] {
  if (!token || token.length > 8192) return [];
  const out: ConsistencyMark[] = [];
  for (const line of Buffer.from(token, 'base64url').toString('utf8').split('\n')) {
    const [type, id] = line.split(' ');
    if (type && id && TYPE.test(type) && UUID.test(id)) out.push({ type, id });
  }
  return out.slice(-CONSISTENCY_MAX_EVENTS);
}

/** The union of two token contents, without duplicates, keeping the most recent (uuid v7 sort by time). */
export function mergeConsistency(a: ConsistencyMark[], b: ConsistencyMark[]): ConsistencyMark[] {
  const byId = new Map([...a, ...b].map((m) => [m.id, m]));
  return [...byId.values()].sort((x, y) => x.id.localeCompare(y.id)).slice(-CONSISTENCY_MAX_EVENTS);
}

/** What the request being served has written to the outbox (filled by `OutboxWriter.append`). */
const scope = new AsyncLocalStorage<ConsistencyMark[]>();

export function recordConsistency(marks: ConsistencyMark[]): void {
  scope.getStore()?.push(...marks);
}

export const CONSISTENCY_OPTIONS = Symbol('CONSISTENCY_OPTIONS');
export interface ConsistencyOptions {
  service: ServiceName;
  schema: string;
  /** How long a request may wait for the events of its token before 503 CONSISTENCY_TIMEOUT. */
  waitMs: number;
}

const POLL_MS = [10, 20, 40, 80, 100];
/** Event ids a process remembers as settled (applied or dead-lettered) before it starts over. */
const SETTLED_CACHE_MAX = 50_000;

/**
 * Global interceptor: waits for the token's events routed to this service, runs the handler in a scope that
 * collects the events it writes, and answers the merged token on success (also stored with an idempotent reply).
 */
@Injectable()
export class ConsistencyInterceptor implements NestInterceptor {
  private readonly inbox: string;
  private readonly settled = new Set<string>();
  private readonly deadLetters: string;
  constructor(private readonly orm: MikroORM, @Inject(CONSISTENCY_OPTIONS) private readonly opts: ConsistencyOptions) {
    this.inbox = `${ident(opts.schema)}.inbox`;
    this.deadLetters = `${ident(opts.schema)}.dead_letters`;
  }

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<Request>();
    const res = ctx.switchToHttp().getResponse<Response>();
    const given = decodeConsistency(req.header(CONSISTENCY_HEADER));
    const mine = given.filter((m) => subscribersOf(m.type).includes(this.opts.service)).map((m) => m.id);
    const written: ConsistencyMark[] = [];
    return new Observable((subscriber) => {
      let inner: { unsubscribe(): void } | undefined;
      this.awaitApplied(mine).then(
        () => {
          inner = scope.run(written, () => next.handle().pipe(tap(() => {
            if (written.length && !res.headersSent) res.setHeader(CONSISTENCY_HEADER, encodeConsistency(mergeConsistency(given, written)));
          })).subscribe(subscriber));
        },
        (err: unknown) => subscriber.error(err),
      );
      return () => inner?.unsubscribe();
    });
  }

  /** Resolves once the inbox holds every id, or throws 503 CONSISTENCY_TIMEOUT after `waitMs`. */
  async awaitApplied(all: string[]): Promise<void> {
    // A client sends the same token on every request: ids already seen settled are not asked for again.
    const ids = all.filter((id) => !this.settled.has(id));
    if (!ids.length) return;
    const deadline = Date.now() + this.opts.waitMs;
    const em = this.orm.em.fork();
    for (let i = 0; ; i++) {
      // A dead-lettered event counts as settled: it will not be applied before an admin redrives it, and waiting
      // for it would refuse every request of the client until then.
      const [row] = await em.execute<{ n: number }[]>(
        `select count(*)::int as n from (
           select event_id from ${this.inbox} where consumer = ? and event_id = any(?::uuid[])
           union select event_id from ${this.deadLetters} where consumer = ? and event_id = any(?::uuid[])) settled`,
        [this.opts.service, `{${ids.join(',')}}`, this.opts.service, `{${ids.join(',')}}`],
      );
      if (row.n >= ids.length) {
        if (this.settled.size > SETTLED_CACHE_MAX) this.settled.clear();
        for (const id of ids) this.settled.add(id);
        return;
      }
      const pause = POLL_MS[Math.min(i, POLL_MS.length - 1)];
      if (Date.now() + pause > deadline) break;
      await new Promise((r) => setTimeout(r, pause));
    }
    throw new ServiceUnavailable('CONSISTENCY_TIMEOUT', `the ${this.opts.service} service has not yet applied your previous changes; retry shortly with the same ${CONSISTENCY_HEADER} header`, 1);
  }
}
