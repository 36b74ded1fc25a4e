import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import { ProblemDoc } from './problem.doc.js';

export const ETAG_HEADER = { ETag: { description: 'W/"<version>"', schema: { type: 'string' } } };

/**
 * The OpenAPI decorators of a service's conventions, from its table of problem+json answers (status → the
 * codes it may carry): `ApiProblems(404, 409)`, `ApiIfMatch()` (412, and 428 when required),
 * `ApiIdempotencyKey()`.
 */
export function apiDocs(problems: Readonly<Record<number, string>>) {
  const ApiProblems = (...statuses: number[]) =>
    applyDecorators(...statuses.map((status) => ApiResponse({ status, description: problems[status], type: ProblemDoc })));
  const ApiIfMatch = (required = true) =>
    applyDecorators(ApiHeader({ name: 'If-Match', required, description: 'The ETag last read (W/"<version>")' }), ApiProblems(412, ...(required ? [428] : [])));
  const ApiIdempotencyKey = () =>
    applyDecorators(ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retries with the same key replay the first answer' }));
  return { ApiProblems, ApiIfMatch, ApiIdempotencyKey };
}
