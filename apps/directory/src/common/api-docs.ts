import { applyDecorators } from '@nestjs/common';
import { ApiConflictResponse, ApiHeader, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ProblemDoc } from '@poleflow/http';

/**
 * Documents the `Idempotency-Key` header that the global IdempotencyInterceptor (libs/http) honours on every
 * write: a retry with the same key replays the first answer, the same key with another request is 422.
 */
export const ApiIdempotencyKey = () =>
  applyDecorators(
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retries with the same key replay the first answer' }),
    ApiUnprocessableEntityResponse({ type: ProblemDoc, description: 'IDEMPOTENCY_KEY_REUSED: the key was used with another request' }),
  );

/** The 409 of a route whose own conflicts add to IDEMPOTENCY_IN_PROGRESS. */
export const ApiConflicts = (codes: string) =>
  ApiConflictResponse({ type: ProblemDoc, description: `${codes}, or IDEMPOTENCY_IN_PROGRESS (a retry while the first request runs)` });
