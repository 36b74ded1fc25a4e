import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { ValidationProblem, type FieldError } from './problem.js';

/** The request headers that handlers read as data (stored, compared, echoed): checked like the body. */
export const DATA_HEADERS = ['idempotency-key', 'if-match', 'if-none-match', 'accept', 'accept-language', 'x-correlation-id'] as const;

const MAX_ERRORS = 20;
/** JSON nested deeper than this is refused: class-transformer would recurse until the stack overflows (a 500). */
export const MAX_DEPTH = 32;

/** Why PostgreSQL (or UTF-8) cannot hold this string, or undefined when it can. */
export function unstorable(s: string): string | undefined {
  if (s.includes('\u0000')) return 'must not contain the NUL character (U+0000)';
  if (!s.isWellFormed()) return 'must not contain a lone UTF-16 surrogate';
  return undefined;
}

const child = (parent: string, key: string | number): string =>
  typeof key === 'number' ? `${parent}[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;

/**
 * Every string of a parsed value (object keys included) that PostgreSQL cannot store, with its path
 * (`body.members[0].name`, `query.q`), and any object or list nested deeper than MAX_DEPTH. Pure; bounded in
 * the number of errors reported.
 */
export function unstorableStrings(value: unknown, path: string, out: FieldError[] = [], depth = 0): FieldError[] {
  if (out.length >= MAX_ERRORS) return out;
  if (typeof value === 'string') {
    const why = unstorable(value);
    if (why) out.push({ path, message: `${path} ${why}` });
  } else if (value !== null && typeof value === 'object' && depth >= MAX_DEPTH) {
    out.push({ path, message: `${path} is nested deeper than ${MAX_DEPTH} levels` });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => unstorableStrings(v, child(path, i), out, depth + 1));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const why = unstorable(k);
      if (why) out.push({ path: child(path, k), message: `a key of ${path} ${why}` });
      else unstorableStrings(v, child(path, k), out, depth + 1);
    }
  }
  return out;
}

/** What the guard checks in a request: route params, query, parsed body and the data headers. */
export function unstorableInput(req: Pick<Request, 'params' | 'query' | 'body' | 'headers'>): FieldError[] {
  const errors: FieldError[] = [];
  unstorableStrings(req.params ?? {}, 'params', errors);
  unstorableStrings(req.query ?? {}, 'query', errors);
  if (req.body !== undefined && !Buffer.isBuffer(req.body)) unstorableStrings(req.body, 'body', errors);
  for (const h of DATA_HEADERS) unstorableStrings(req.headers?.[h], `headers.${h}`, errors);
  return errors;
}

/**
 * One refusal for every service (registered by HttpConventionsModule, and by the gateway for its own routes):
 * a string PostgreSQL cannot store — U+0000 (text columns refuse it: a 500 before) or a lone UTF-16 surrogate
 * (silently turned into U+FFFD on the way to UTF-8) — anywhere in the route params, the query (Express has
 * already decoded `%00`), the JSON body (keys too) or the headers read as data — or a body nested deeper than
 * MAX_DEPTH — answers 400 VALIDATION_FAILED with the path of each such field, before any pipe, interceptor or
 * handler touches it.
 */
@Injectable()
export class StorableInputGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    if (ctx.getType() !== 'http') return true;
    const errors = unstorableInput(ctx.switchToHttp().getRequest<Request>());
    if (errors.length) throw new ValidationProblem(errors);
    return true;
  }
}
