import { apiDocs, ETAG_HEADER } from '@poleflow/http';

const PROBLEMS: Record<number, string> = {
  400: 'VALIDATION_FAILED (`errors` lists the failing fields, e.g. eventTypes[0] with the subscribable types), INVALID_CURSOR',
  401: 'No or invalid bearer token',
  403: 'WEBHOOK_OWNER_FORBIDDEN: the caller is neither an officer of the funder nor a manager of the pole',
  404: 'WEBHOOK_NOT_FOUND, DELIVERY_NOT_FOUND (also for a subscription the caller does not manage: no existence leak)',
  409: 'WEBHOOK_PAUSED (resume it first), WEBHOOK_INACTIVE (activate it first), WEBHOOK_LIMIT_REACHED, IDEMPOTENCY_IN_PROGRESS',
  412: 'STALE_VERSION: If-Match does not match the current ETag',
  422: 'WEBHOOK_URL_FORBIDDEN (`details.reason`: not https, a private, loopback, link-local, CGNAT or unique-local address, a name resolving to one, credentials in the URL…), WEBHOOK_OWNER_REQUIRED, IDEMPOTENCY_KEY_REUSED',
  428: 'PRECONDITION_REQUIRED: If-Match is missing',
};

/** The problem+json answers a route may give, If-Match and Idempotency-Key headers (libs/http apiDocs). */
export const { ApiProblems, ApiIfMatch, ApiIdempotencyKey } = apiDocs(PROBLEMS);

export { ETAG_HEADER };

/** How a receiver checks a delivery (shown on the create route). */
export const SIGNATURE_DOC = [
  'Each delivery is `POST <url>` with the event envelope as JSON body and the headers `Poleflow-Event-Id`, `Poleflow-Event-Type`,',
  '`Poleflow-Delivery-Id`, `Poleflow-Timestamp` (unix seconds) and `Poleflow-Signature: v1=<hex>`, where',
  '`hex = HMAC-SHA256(key = the secret as UTF-8, message = "<Poleflow-Timestamp>.<raw body>")`. Compare in constant time, refuse a',
  'timestamp more than 5 minutes away, deduplicate on `Poleflow-Event-Id` (delivery is at least once). After a secret rotation the',
  'header carries `v1=<new>,v1=<old>` until the old secret expires: accept any match. Any 2xx within 10 s is a success; other answers',
  'are retried with exponential backoff; deliveries that keep failing pause the subscription. Catch up with GET /api/v1/feed.',
].join(' ');
