import type { IncomingMessage, ServerResponse } from 'node:http';
import { languageOf, localiseProblem, problem, type Problem } from '@poleflow/http';
import { correlationId } from '@poleflow/observability';

type Req = IncomingMessage & { id?: unknown; originalUrl?: string };

/** The request's correlation id: the one pino-http assigned, else the client's header, else a new one. */
export function correlationOf(req: Req, res: ServerResponse): string {
  if (typeof req.id === 'string') return req.id;
  const id = correlationId(req, res);
  req.id = id;
  return id;
}

/**
 * Writes a problem+json answer from plain middleware (outside Nest's exception filter: the proxy and the
 * queue dashboard run before any controller).
 */
export function sendProblem(req: Req, res: ServerResponse, status: number, code: string, detail: string, extra: Partial<Problem> = {}): void {
  const lang = languageOf(req.headers['accept-language']);
  const p = localiseProblem(problem(status, code, detail, { ...extra, instance: req.originalUrl ?? req.url, correlationId: correlationOf(req, res) }), lang);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify(p);
  res.statusCode = status;
  res.setHeader('content-type', 'application/problem+json; charset=utf-8');
  res.setHeader('content-language', lang);
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}
