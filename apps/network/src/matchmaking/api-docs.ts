import { apiDocs } from '@poleflow/http';

const PROBLEMS: Record<number, string> = {
  400: 'Invalid request (VALIDATION_FAILED); `errors` lists the failing fields',
  401: 'No or invalid bearer token',
  403: 'NOT_ORGANISATION_MEMBER (not a member of the organisation), NOT_A_POLE_MEMBER (the organisation is not an active member of the pole), NOT_CONTACT_RECIPIENT',
  404: 'ORGANISATION_NOT_FOUND, PARTNER_REQUEST_NOT_FOUND, CONTACT_NOT_FOUND or PROJECT_NOT_FOUND (also when the caller may not see it)',
  409: 'PARTNER_REQUEST_CLOSED, CONTACT_EXISTS, CONTACT_NOT_PENDING, CONTACT_NOT_ACCEPTED or IDEMPOTENCY_IN_PROGRESS',
  422: 'INVALID_REGION, DEADLINE_PASSED, CONTACT_SELF, UNKNOWN_ORGANISATION or IDEMPOTENCY_KEY_REUSED',
};

/** The problem+json answers a route may give (libs/http apiDocs). */
export const { ApiProblems, ApiIdempotencyKey } = apiDocs(PROBLEMS);
