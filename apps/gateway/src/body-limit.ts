import type { NextFunction, Request, Response } from 'express';
import { sendProblem } from './problems.js';

/** JSON and form bodies: what the services' parsers accept (libs/http configureServiceApp). */
export const BODY_LIMIT_BYTES = 1024 * 1024;
/** multipart/form-data (evidence files of 20 MB, milestones) with room for the form's framing. */
export const MULTIPART_LIMIT_BYTES = 21 * 1024 * 1024;

/**
 * The gateway streams bodies without reading them, so it refuses a declared body larger than the services
 * would read before forwarding a byte of it: 413 PAYLOAD_TOO_LARGE, and the connection is closed rather than
 * drained. (A chunked body of undeclared length is bounded by the service's parser: 413 all the same.)
 */
export function bodyLimit(req: Request, res: Response, next: NextFunction): void {
  const length = Number(req.headers['content-length'] ?? 0);
  const multipart = /^multipart\/form-data/i.test(req.headers['content-type'] ?? '');
  const limit = multipart ? MULTIPART_LIMIT_BYTES : BODY_LIMIT_BYTES;
  if (!(length > limit)) return next();
  res.setHeader('connection', 'close');
  sendProblem(req, res, 413, 'PAYLOAD_TOO_LARGE', `the body is larger than ${Math.round(limit / 1024 / 1024)} MB`);
}
