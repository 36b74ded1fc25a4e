import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import { OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Request, Response } from 'express';
import { DomainError } from '@poleflow/domain';
import { languageOf, localiseProblem } from './problem-i18n.js';

export interface FieldError {
  path: string;
  message: string;
}

/** RFC 9457 problem details, plus our stable `code` and, for validation failures, the failing fields. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  correlationId?: string;
  errors?: FieldError[];
  /** Structured facts about a domain refusal (e.g. the partner and the ceiling of AID_ABOVE_CEILING). */
  details?: Record<string, unknown>;
  checks?: unknown;
  /** Sent as the `Retry-After` header of a 503 (not part of the body). */
  retryAfterSeconds?: number;
}

/** Thrown by the validation pipe; carries field-level errors. */
export class ValidationProblem extends HttpException {
  /** `constraints[i]`: the class-validator constraint of `errors[i]` (isString, isIn…), for the French messages. */
  constructor(readonly errors: FieldError[], readonly constraints: (string | undefined)[] = []) {
    super({ code: 'VALIDATION_FAILED', message: 'the request is invalid', errors }, HttpStatus.BAD_REQUEST);
  }
}

/**
 * A temporary refusal: 503 problem+json with `Retry-After` (seconds). The client may repeat the same request
 * (with the same Idempotency-Key) once that delay has passed.
 */
export class ServiceUnavailable extends HttpException {
  constructor(readonly code: string, message: string, readonly retryAfterSeconds = 1) {
    super({ code, message }, HttpStatus.SERVICE_UNAVAILABLE);
  }
}

const DB_UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND',
  // PostgreSQL: connection exceptions (08xxx), admin/crash shutdown, cannot connect now, too many connections.
  '08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03', '53300',
]);
const DB_UNAVAILABLE_MESSAGES = /connection terminated|timeout exceeded when trying to connect|connection error|not queryable|terminating connection|database system is (starting up|shutting down|in recovery)|cannot use a pool after calling end|connect ECONNREFUSED/i;

/** True when the error says the database cannot be reached right now (restart, network), not that the request is wrong. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && DB_UNAVAILABLE_CODES.has(e.code)) return true;
    if (typeof e.message === 'string' && DB_UNAVAILABLE_MESSAGES.test(e.message)) return true;
  }
  return false;
}

/** Seconds a client should wait before repeating a request that got this 503. */
const DATABASE_RETRY_AFTER_S = 2;

const DEFAULT_CODES: Record<number, string> = {
  400: 'BAD_REQUEST', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT', 412: 'STALE_VERSION', 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE', 422: 'UNPROCESSABLE',
  428: 'PRECONDITION_REQUIRED', 429: 'RATE_LIMITED', 502: 'BAD_GATEWAY', 503: 'UNAVAILABLE',
};

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict',
  412: 'Precondition Failed', 413: 'Content Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Content',
  428: 'Precondition Required', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable',
};

export function problem(status: number, code: string, detail: string, extra: Partial<Problem> = {}): Problem {
  return { type: `https://poleflow.fr/problems/${code.toLowerCase().replace(/_/g, '-')}`, title: TITLES[status] ?? 'Error', status, detail, code, ...extra };
}

/** Maps any error to a problem (pure, unit-tested). Unknown errors become a 500 that leaks nothing. */
export function toProblem(err: unknown): Problem {
  if (err instanceof DomainError) {
    // Field errors keep their own member; other details (the partner and ceiling of AID_ABOVE_CEILING, the
    // conflicts of CONFLICT_OF_INTEREST…) travel as the `details` extension member (RFC 9457 §3.2).
    const { errors, ...rest } = (err.details ?? {}) as { errors?: FieldError[] } & Record<string, unknown>;
    return problem(err.status, err.code, err.message, { ...(errors ? { errors } : {}), ...(Object.keys(rest).length ? { details: rest } : {}) });
  }
  if (err instanceof ServiceUnavailable) return problem(503, err.code, err.message, { retryAfterSeconds: err.retryAfterSeconds });
  if (err instanceof ValidationProblem) return problem(400, 'VALIDATION_FAILED', 'the request is invalid', { errors: err.errors });
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const body = err.getResponse();
    const b = (typeof body === 'object' && body ? body : { message: body }) as { code?: string; message?: string | string[]; errors?: FieldError[]; details?: Record<string, { status: string }> };
    if (b.details && status === 503) {
      // A failed readiness check (terminus): say which dependencies are down.
      const down = Object.entries(b.details).filter(([, v]) => v.status !== 'up').map(([k]) => k);
      return { ...problem(503, 'NOT_READY', `not ready: ${down.join(', ')}`), checks: b.details } as Problem;
    }
    const detail = Array.isArray(b.message) ? b.message.join('; ') : (b.message ?? err.message);
    return problem(status, b.code ?? DEFAULT_CODES[status] ?? 'ERROR', detail, b.errors ? { errors: b.errors } : {});
  }
  if (err instanceof OptimisticLockError) return problem(412, 'STALE_VERSION', 'the resource was changed by someone else; read it again');
  if (err instanceof UniqueConstraintViolationException) return problem(409, 'CONFLICT', 'a resource with the same unique value already exists');
  // The transaction that lost its connection rolled back (unless the connection died after its COMMIT was sent,
  // which is why a write should be retried with the same Idempotency-Key).
  if (isDatabaseUnavailable(err)) {
    return problem(503, 'DATABASE_UNAVAILABLE', 'the database cannot be reached right now; retry shortly (a write with the same Idempotency-Key)', { retryAfterSeconds: DATABASE_RETRY_AFTER_S });
  }
  // body-parser errors (malformed JSON, too large) carry a status and an `expose` flag.
  const e = err as { status?: number; statusCode?: number; type?: string; expose?: boolean; message?: string };
  const status = e?.status ?? e?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500 && e.expose !== false) {
    if (e.type === 'entity.parse.failed') return problem(400, 'MALFORMED_JSON', 'the body is not valid JSON');
    return problem(status, DEFAULT_CODES[status] ?? 'BAD_REQUEST', e.message ?? 'bad request');
  }
  return problem(500, 'INTERNAL', 'an unexpected error occurred; quote the correlation id when reporting it');
}

/** The one global filter: every error leaves as application/problem+json. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(err: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw err;
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request & { id?: string }>();
    const lang = languageOf(req.headers['accept-language']);
    const p = localiseProblem(toProblem(err), lang, err);
    p.instance = req.originalUrl ?? req.url;
    p.correlationId = typeof req.id === 'string' ? req.id : undefined;
    if (p.status === 503) this.logger.warn({ code: p.code, err: (err as Error)?.message, correlationId: p.correlationId }, p.detail);
    else if (p.status >= 500) this.logger.error({ err, correlationId: p.correlationId }, (err as Error)?.stack ?? String(err));
    if (res.headersSent) return;
    const { retryAfterSeconds, ...body } = p;
    if (p.status === 503) res.setHeader('retry-after', String(retryAfterSeconds ?? 1));
    res.status(p.status).type('application/problem+json').setHeader('Content-Language', lang);
    res.vary('Accept-Language').send(JSON.stringify(body));
  }
}
