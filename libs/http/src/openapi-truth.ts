import type { OpenAPIObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';

type Json = Record<string, unknown>;
type Operation = Json & { parameters?: Json[]; requestBody?: Json; responses?: Record<string, Json>; security?: unknown[] };

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const WRITES = ['post', 'put', 'patch', 'delete'];

/** What each status means when the operation does not say more (its own description wins). */
export const PROBLEM_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'VALIDATION_FAILED (`errors` lists each failing field with its path: `body.title`, `query.q`…), MALFORMED_JSON, INVALID_CURSOR',
  401: 'UNAUTHENTICATED (no bearer access token), INVALID_TOKEN',
  403: 'FORBIDDEN: the caller lacks the role this action needs',
  404: 'NOT_FOUND (also when the caller may not see it)',
  409: 'IDEMPOTENCY_IN_PROGRESS (a request with this Idempotency-Key is running), IDEMPOTENCY_ANSWER_LOST (it was applied, its answer was lost: read the resource), CONFLICT',
  412: 'STALE_VERSION: If-Match is not the current ETag',
  413: 'PAYLOAD_TOO_LARGE',
  422: 'IDEMPOTENCY_KEY_REUSED: this Idempotency-Key was used with another request',
  428: 'PRECONDITION_REQUIRED: send If-Match with the ETag you read',
  502: 'UPSTREAM_UNAVAILABLE (the gateway could not use the service\'s answer)',
  503: 'UPSTREAM_UNAVAILABLE: the service is not reachable right now (Retry-After)',
  504: 'UPSTREAM_TIMEOUT: the service did not answer in time',
};

const problemResponse = (status: number, description?: string): Json => ({
  description: description || PROBLEM_DESCRIPTIONS[status] || 'problem',
  content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDoc' } } },
});

function operations(doc: OpenAPIObject): [string, string, Operation][] {
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((m) => (item as Json)[m]).map((m) => [path, m, (item as Json)[m] as Operation] as [string, string, Operation]));
}

const hasHeader = (op: Operation, name: string): Json | undefined =>
  op.parameters?.find((p) => p.in === 'header' && String(p.name).toLowerCase() === name);

/**
 * Makes a service's document say every status an operation can answer, each error as
 * application/problem+json with the ProblemDoc schema, from what the conventions do (so a new endpoint is
 * documented by construction; its own `ApiProblems(…)` descriptions are kept):
 * - every operation: 400 (the input guard and the validation pipe run on every route);
 * - not `@Public()` (the `x-public` extension): bearer security, 401 and 403;
 * - a path parameter: 404; a request body: 404 (the objects it names) and 413;
 * - writes: the Idempotency-Key header, 409 and 422 (the interceptor serves every write);
 * - an If-Match header: 412, and 428 when it is required.
 * Error responses documented as application/json become application/problem+json.
 */
export function documentProblems(doc: OpenAPIObject, extra: { statuses?: (op: Operation) => number[] } = {}): OpenAPIObject {
  for (const [path, method, op] of operations(doc)) {
    const statuses = new Set<number>([400]);
    if (op['x-public'] !== true) {
      op.security = op.security?.length ? op.security : [{ bearer: [] }];
      statuses.add(401).add(403);
    }
    if (/\{[^}]+\}/.test(path)) statuses.add(404);
    if (op.requestBody) statuses.add(404).add(413); // a body names other objects (funderId, poleIds…) that may not exist
    if (WRITES.includes(method)) {
      if (!hasHeader(op, 'idempotency-key')) {
        (op.parameters ??= []).push({ name: 'Idempotency-Key', in: 'header', required: false, description: 'Retries with the same key replay the first answer', schema: { type: 'string', maxLength: 200 } });
      }
      statuses.add(409).add(422);
    }
    const ifMatch = hasHeader(op, 'if-match');
    if (ifMatch) {
      statuses.add(412);
      if (ifMatch.required) statuses.add(428);
    }
    for (const s of extra.statuses?.(op) ?? []) statuses.add(s);
    const responses = (op.responses ??= {});
    for (const s of statuses) responses[String(s)] ??= problemResponse(s);
    for (const [code, r] of Object.entries(responses)) {
      if (Number(code) >= 400) responses[code] = problemResponse(Number(code), r.description as string | undefined);
    }
  }
  return doc;
}

const SWAGGER_PROPS = 'swagger/apiModelProperties';

/** class-validator constraint → OpenAPI keyword(s) of the property (or of its items, for `each`). */
function keywordsOf(name: string | undefined, c: unknown[]): Json {
  switch (name) {
    case 'maxLength': return { maxLength: c[0] };
    case 'minLength': return { minLength: c[0] };
    case 'isLength': return { minLength: c[0], ...(c[1] !== undefined ? { maxLength: c[1] } : {}) };
    case 'arrayMaxSize': return { maxItems: c[0] };
    case 'arrayMinSize': return { minItems: c[0] };
    case 'max': return { maximum: c[0] };
    case 'min': return { minimum: c[0] };
    default: return {};
  }
}

/**
 * Copies the class-validator bounds of every DTO (`@MaxLength`, `@Length`, `@ArrayMaxSize`, `@Min`, `@Max`…)
 * into its OpenAPI property metadata before the document is built, so `maxLength`, `maxItems`, `minimum`… are
 * in the schema (bodies and query parameters alike) without being written twice. A bound already given in
 * `@ApiProperty` is kept. Idempotent.
 */
export function exposeValidationBounds(): void {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<object, { propertyName: string; name?: string; type: string; constraints?: unknown[]; each?: boolean }[]> };
  for (const [target, metas] of storage.validationMetadatas ?? []) {
    const proto = (target as { prototype?: object }).prototype;
    if (!proto) continue;
    for (const m of metas) {
      const existing = Reflect.getMetadata(SWAGGER_PROPS, proto, m.propertyName) as Json | undefined;
      if (!existing) continue;
      const kw = keywordsOf(m.name, m.constraints ?? []);
      if (!Object.keys(kw).length) continue;
      const onItems = m.each && !('maxItems' in kw) && !('minItems' in kw);
      // `each` bounds go on the items of a list of strings (other item types are left as they are)
      if (onItems && !(existing.isArray === true && (existing.type === String || existing.type === 'string'))) continue;
      const merged = onItems
        ? { ...existing, items: { type: 'string', ...kw, ...(existing.items as Json | undefined) } }
        : { ...kw, ...existing };
      Reflect.defineMetadata(SWAGGER_PROPS, merged, proto, m.propertyName);
    }
  }
}
