import { apiDocs, ETAG_HEADER } from '@poleflow/http';

const PROBLEMS: Record<number, string> = {
  400: 'VALIDATION_FAILED (`errors` lists the failing fields, e.g. scores.innovation.score), INVALID_CURSOR',
  401: 'No or invalid bearer token',
  403: 'NOT_POLE_MANAGER: the caller sees the case but may not act on it',
  404: 'CASE_NOT_FOUND, ASSIGNMENT_NOT_FOUND, POLE_NOT_FOUND, REVIEWER_NOT_FOUND (also when the caller may not see it)',
  409: 'INVALID_CASE_TRANSITION, CASE_NOT_UNDER_REVIEW, QUORUM_NOT_REACHED, CONFLICT_OF_INTEREST, ALREADY_ASSIGNED, REVIEW_ALREADY_SUBMITTED, ASSIGNMENT_CLOSED',
  412: 'STALE_VERSION: If-Match does not match the current ETag',
  422: 'MOTIVATION_REQUIRED, REQUESTED_CHANGES_REQUIRED, CONDITIONS_NOT_ALLOWED, LABEL_FIELDS_NOT_ALLOWED, INVALID_VALIDITY, REVIEWER_NOT_IN_POOL, REVIEWER_UNAVAILABLE, INVALID_DUE_DATE, REVIEW_INCOMPLETE, IDEMPOTENCY_KEY_REUSED',
  428: 'PRECONDITION_REQUIRED: If-Match is missing',
};

/** The problem+json answers a route may give, If-Match and Idempotency-Key headers (libs/http apiDocs). */
export const { ApiProblems, ApiIfMatch, ApiIdempotencyKey } = apiDocs(PROBLEMS);

export { ETAG_HEADER };
