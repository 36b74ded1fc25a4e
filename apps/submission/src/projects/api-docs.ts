import { apiDocs, ETAG_HEADER } from '@poleflow/http';

const PROBLEMS: Record<number, string> = {
  400: 'Invalid request (VALIDATION_FAILED, INVALID_BUDGET, INVALID_CURSOR); `errors` lists the failing fields',
  401: 'No or invalid bearer token',
  403: 'NOT_A_MEMBER, NOT_A_PARTNER, NOT_COORDINATOR, NOT_THIS_PARTNER or NOT_INVITEE',
  404: 'PROJECT_NOT_FOUND or INVITATION_NOT_FOUND (also when the caller may not see it), PARTNER_NOT_FOUND',
  409: 'PROJECT_NOT_EDITABLE, INVALID_TRANSITION, ALREADY_A_PARTNER, ALREADY_INVITED, INVITATION_NOT_PENDING or IDEMPOTENCY_IN_PROGRESS',
  412: 'STALE_VERSION: If-Match does not match the current ETag',
  422: 'UNKNOWN_ORGANISATION, UNKNOWN_POLE, ROLE_MISMATCH, CANNOT_REMOVE_COORDINATOR, PROJECT_NOT_SUBMITTABLE, CONSORTIUM_INCOMPLETE (details: pendingInvitations, unconfirmedPartners), ORGANISATION_REQUIRED, ORGANISATION_MISMATCH, DECLARATION_NOT_APPLICABLE or IDEMPOTENCY_KEY_REUSED',
  428: 'PRECONDITION_REQUIRED: If-Match is missing',
};

/** The problem+json answers a route may give, If-Match and Idempotency-Key headers (libs/http apiDocs). */
export const { ApiProblems, ApiIfMatch, ApiIdempotencyKey } = apiDocs(PROBLEMS);

export { ETAG_HEADER };
