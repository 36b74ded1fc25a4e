import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import { ProblemDoc } from '@poleflow/http';

const PROBLEMS: Record<number, string> = {
  400: 'Invalid request (VALIDATION_FAILED, INVALID_BUDGET, INVALID_CURSOR); `errors` lists the failing fields',
  401: 'No or invalid bearer token',
  403: 'NOT_A_MEMBER, NOT_A_PARTNER or NOT_COORDINATOR',
  404: 'PROJECT_NOT_FOUND (also when the caller may not see it) or PARTNER_NOT_FOUND',
  409: 'PROJECT_NOT_EDITABLE, INVALID_TRANSITION or IDEMPOTENCY_IN_PROGRESS',
  412: 'STALE_VERSION: If-Match does not match the current ETag',
  422: 'UNKNOWN_ORGANISATION, UNKNOWN_POLE, ROLE_MISMATCH, CANNOT_REMOVE_COORDINATOR, PROJECT_NOT_SUBMITTABLE or IDEMPOTENCY_KEY_REUSED',
  428: 'PRECONDITION_REQUIRED: If-Match is missing',
};

/** The problem+json answers a route may give. */
export const ApiProblems = (...statuses: number[]) =>
  applyDecorators(...statuses.map((status) => ApiResponse({ status, description: PROBLEMS[status], type: ProblemDoc })));

export const ApiIfMatch = () =>
  applyDecorators(ApiHeader({ name: 'If-Match', required: true, description: 'The ETag last read (W/"<version>")' }), ApiProblems(412, 428));

export const ApiIdempotencyKey = () =>
  applyDecorators(ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retries with the same key replay the first answer' }));

export const ETAG_HEADER = { ETag: { description: 'W/"<version>"', schema: { type: 'string' } } };
