import { CallHandler, ExecutionContext, Inject, Injectable, Logger, type NestInterceptor, type OnModuleInit } from '@nestjs/common';
import type { EventSubscriber, TransactionEventArgs } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { DomainError } from '@poleflow/domain';
import { ident } from '@poleflow/persistence';
import type { Principal } from '@poleflow/auth';

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
/** A claimed key whose answer is still not stored after this long belongs to a request that died after its commit. */
const ANSWER_LOST_AFTER_S = 15;
const REPLAYED_HEADERS = ['location', 'etag', 'poleflow-consistency'];

/** The Idempotency-Key of the write request being served, and whether one of its transactions claimed it. */
interface Claim {
  scope: string;
  key: string;
  fingerprint: string;
  /** none: no transaction holds the key; claiming: inserted, its transaction not yet committed; claimed: committed with the write; taken: another request has it. */
  state: 'none' | 'claiming' | 'claimed' | 'taken';
}

const isSavepoint = (transaction: unknown): boolean => Boolean((transaction as { savepointName?: string } | undefined)?.savepointName);

type StoredKey = { fingerprint: string; state: string; status_code: number; body: unknown; headers: Record<string, string> | null; age_s: number };

/**
 * Claims the Idempotency-Key of the request being served in its first write transaction, as the last statement
 * before COMMIT (a MikroORM subscriber on the service's event manager; every transaction's fork has it). A key
 * another request holds makes the transaction roll back (`IDEMPOTENCY_IN_PROGRESS`; the interceptor then answers
 * with the first request's answer). Savepoints and transactions outside an idempotent write are left alone.
 */
@Injectable()
export class IdempotencyClaims implements EventSubscriber, OnModuleInit {
  private readonly als = new AsyncLocalStorage<Claim>();
  private readonly table: string;
  constructor(private readonly orm: MikroORM, @Inject(IDEMPOTENCY_SCHEMA) schema: string) {
    this.table = `${ident(schema)}.idempotency_keys`;
  }

  onModuleInit(): void {
    this.orm.em.getEventManager().registerSubscriber(this);
  }

  within<T>(claim: Claim, work: () => Promise<T>): Promise<T> {
    return this.als.run(claim, work);
  }

  async beforeTransactionCommit({ em, transaction }: TransactionEventArgs): Promise<void> {
    const claim = this.als.getStore();
    if (!claim || claim.state !== 'none' || isSavepoint(transaction)) return;
    claim.state = 'claiming';
    const inserted = await em.getConnection().execute<unknown[]>(
      `insert into ${this.table} (scope, key, fingerprint, state, created_at) values (?, ?, ?, 'pending', now()) on conflict do nothing returning key`,
      [claim.scope, claim.key, claim.fingerprint], 'all', transaction,
    );
    if (!inserted.length) {
      claim.state = 'taken';
      throw new DomainError('IDEMPOTENCY_IN_PROGRESS', 'a request with this Idempotency-Key is in progress', 409);
    }
  }

  afterTransactionCommit({ transaction }: TransactionEventArgs): void {
    const claim = this.als.getStore();
    if (claim?.state === 'claiming' && !isSavepoint(transaction)) claim.state = 'claimed';
  }

  afterTransactionRollback({ transaction }: TransactionEventArgs): void {
    const claim = this.als.getStore();
    if (claim?.state === 'claiming' && !isSavepoint(transaction)) claim.state = 'none';
  }
}

/**
 * `Idempotency-Key` on writes (ARCHITECTURE.md §4, decision 89): the first answer is stored per (caller, key) and
 * replayed for retries; the same key with another method, path or body is 422; a retry while the first request
 * is still running is 409.
 *
 * The key is claimed INSIDE the request's first write transaction, just before its COMMIT (IdempotencyClaims, a
 * MikroORM transaction subscriber): the business write and the claim commit together or not at all. So
 * - a request that fails or a process killed mid-request leaves no claim: the retry runs at once (it used to get
 *   409 for 60 s);
 * - a process killed after the commit leaves the claim: the retry is never applied a second time (it used to be
 *   taken over after 60 s and applied again). It gets 409 IDEMPOTENCY_ANSWER_LOST: read the resource.
 * - two requests with the same key at once: the second's claim waits for the first's commit, then finds the key
 *   taken and rolls its transaction back; it answers with the first one's answer (or 409 while it is stored).
 * A request that runs no transaction (nothing to make atomic) stores its answer after the fact, as before.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');
  private readonly table: string;
  constructor(private readonly orm: MikroORM, private readonly claims: IdempotencyClaims, @Inject(IDEMPOTENCY_SCHEMA) schema: string) {
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
    const stored = await this.read(em, scope, key);
    if (stored) return this.answer(stored, fingerprint, res);
    const claim: Claim = { scope, key, fingerprint, state: 'none' };
    let body: unknown;
    try {
      body = await this.claims.within(claim, () => lastValueFrom(next.handle(), { defaultValue: undefined }));
    } catch (err) {
      if (claim.state === 'taken') {
        // Another request with this key committed first: its answer, not this request's rolled-back attempt.
        const first = await this.read(em, scope, key);
        if (first) return this.answer(first, fingerprint, res);
      }
      throw err;
    }
    const headers = Object.fromEntries(REPLAYED_HEADERS.map((h) => [h, res.getHeader(h)]).filter(([, v]) => v !== undefined).map(([h, v]) => [h, String(v)]));
    const answer = [res.statusCode, JSON.stringify(body ?? null), JSON.stringify(headers)];
    // The write is done: its answer stands even if it cannot be stored for replays (the database went away right
    // after the commit); a retry then gets 409 IDEMPOTENCY_ANSWER_LOST, never a second write.
    await (claim.state === 'claimed'
      ? em.execute(`update ${this.table} set state = 'done', status_code = ?, body = ?::jsonb, headers = ?::jsonb where scope = ? and key = ?`, [...answer, scope, key])
      : em.execute(
        `insert into ${this.table} (scope, key, fingerprint, state, status_code, body, headers, created_at) values (?, ?, ?, 'done', ?, ?::jsonb, ?::jsonb, now())
         on conflict do nothing`, [scope, key, fingerprint, ...answer])
    ).catch((err: Error) => this.logger.warn({ err: err.message, key }, 'could not store the answer of an idempotent request'));
    return body;
  }

  private async read(em: EntityManager, scope: string, key: string): Promise<StoredKey | undefined> {
    const [row] = await em.execute<StoredKey[]>(
      `select fingerprint, state, status_code, body, headers, extract(epoch from now() - created_at)::float8 as age_s from ${this.table} where scope = ? and key = ?`,
      [scope, key],
    );
    return row;
  }

  private answer(row: StoredKey, fingerprint: string, res: Response): unknown {
    if (row.fingerprint !== fingerprint) throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used with another request', 422);
    if (row.state !== 'done') {
      if (row.age_s < ANSWER_LOST_AFTER_S) throw new DomainError('IDEMPOTENCY_IN_PROGRESS', 'a request with this Idempotency-Key is in progress', 409);
      throw new DomainError('IDEMPOTENCY_ANSWER_LOST', 'the request with this Idempotency-Key was applied, but its answer was lost: read the resource', 409);
    }
    for (const [h, v] of Object.entries(row.headers ?? {})) res.setHeader(h, v);
    res.setHeader('idempotent-replayed', 'true');
    res.status(row.status_code);
    return row.body;
  }
}
