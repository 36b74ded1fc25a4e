import { CallHandler, ExecutionContext, Inject, Injectable, Logger, type NestInterceptor } from '@nestjs/common';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { MikroORM } from '@mikro-orm/postgresql';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { DomainError } from '@poleflow/domain';
import { ident } from '@poleflow/persistence';
import type { Principal } from '@poleflow/auth';
import { isDatabaseUnavailable } from './problem.js';

@Entity({ tableName: 'idempotency_keys' })
export class IdempotencyKey {
  @PrimaryKey({ type: 'text' }) scope!: string;
  @PrimaryKey({ type: 'text' }) key!: string;
  @Property({ type: 'text' }) fingerprint!: string;
  @Property({ type: 'text' }) state!: 'pending' | 'done';
  @Property({ type: 'integer', nullable: true }) statusCode?: number | null;
  @Property({ type: 'json', nullable: true }) body?: unknown;
  @Property({ type: 'json', nullable: true }) headers?: Record<string, string> | null;
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' }) createdAt!: Date;
}

export const IDEMPOTENCY_SCHEMA = Symbol('IDEMPOTENCY_SCHEMA');
/** A pending key older than this is taken to belong to a request that died, and may be taken over. */
const ABANDONED_AFTER_S = 60;
const REPLAYED_HEADERS = ['location', 'etag', 'poleflow-consistency'];

/** Retries a key release every second for half a minute (the database is coming back). */
function freeLater(free: () => Promise<unknown>, attempts = 30): void {
  setTimeout(() => { free().catch(() => { if (attempts > 1) freeLater(free, attempts - 1); }); }, 1000).unref();
}

/**
 * `Idempotency-Key` on writes (ARCHITECTURE.md §4): the first successful answer is stored per (caller, key)
 * and replayed for retries; the same key with another method, path or body is 422; a retry while the first
 * request is still running is 409. A failed request frees its key so it can be retried.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');
  private readonly table: string;
  constructor(private readonly orm: MikroORM, @Inject(IDEMPOTENCY_SCHEMA) schema: string) {
    this.table = `${ident(schema)}.idempotency_keys`;
  }

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<Request & { user?: Principal }>();
    const key = req.header('idempotency-key');
    if (!key || !['POST', 'PUT', 'PATCH', 'DELETE'].includes(req.method)) return next.handle();
    return from(this.run(ctx, next, req, key));
  }

  private async run(ctx: ExecutionContext, next: CallHandler, req: Request & { user?: Principal }, key: string): Promise<unknown> {
    if (key.length > 200) throw new DomainError('INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key is at most 200 characters', 400);
    const res = ctx.switchToHttp().getResponse<Response>();
    const scope = req.user?.userId ?? 'anonymous';
    const fingerprint = createHash('sha256').update(`${req.method} ${req.originalUrl}\n${JSON.stringify(req.body ?? null)}`).digest('hex');
    const em = this.orm.em.fork();
    const claimed = await em.execute<unknown[]>(
      `insert into ${this.table} (scope, key, fingerprint, state, created_at) values (?, ?, ?, 'pending', now())
       on conflict (scope, key) do update set fingerprint = excluded.fingerprint, created_at = now()
         where ${this.table}.state = 'pending' and ${this.table}.fingerprint = excluded.fingerprint
           and ${this.table}.created_at < now() - interval '${ABANDONED_AFTER_S} seconds'
       returning key`,
      [scope, key, fingerprint],
    );
    if (!claimed.length) {
      const [row] = await em.execute<{ fingerprint: string; state: string; status_code: number; body: unknown; headers: Record<string, string> | null }[]>(
        `select fingerprint, state, status_code, body, headers from ${this.table} where scope = ? and key = ?`,
        [scope, key],
      );
      if (!row) throw new DomainError('IDEMPOTENCY_IN_PROGRESS', 'a request with this Idempotency-Key is in progress', 409);
      if (row.fingerprint !== fingerprint) throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used with another request', 422);
      if (row.state !== 'done') throw new DomainError('IDEMPOTENCY_IN_PROGRESS', 'a request with this Idempotency-Key is in progress', 409);
      for (const [h, v] of Object.entries(row.headers ?? {})) res.setHeader(h, v);
      res.setHeader('idempotent-replayed', 'true');
      res.status(row.status_code);
      return row.body;
    }
    let body: unknown;
    try {
      body = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (err) {
      // Free the key for a retry. When the database itself was lost, the delete fails too: keep trying in the
      // background for a while, so a client retrying after the 503's Retry-After is not kept out for 60 s.
      const free = () => em.execute(`delete from ${this.table} where scope = ? and key = ? and state = 'pending'`, [scope, key]);
      await free().catch(() => { if (isDatabaseUnavailable(err)) freeLater(free); });
      throw err;
    }
    // The write is done: its answer stands even if it cannot be stored for replays (the database went away right
    // after the commit); the key then stays pending and is taken over after ABANDONED_AFTER_S.
    const headers = Object.fromEntries(REPLAYED_HEADERS.map((h) => [h, res.getHeader(h)]).filter(([, v]) => v !== undefined).map(([h, v]) => [h, String(v)]));
    await em.execute(`update ${this.table} set state = 'done', status_code = ?, body = ?::jsonb, headers = ?::jsonb where scope = ? and key = ?`, [
      res.statusCode, JSON.stringify(body ?? null), JSON.stringify(headers), scope, key,
    ]).catch((err: Error) => this.logger.warn({ err: err.message, key }, 'could not store the answer of an idempotent request; it stays pending'));
    return body;
  }
}

