import createClient, { type Middleware } from 'openapi-fetch';
import type { paths, components } from './schema';
import { session } from '../app/session';

/** The typed client over the gateway's merged OpenAPI document (schema.d.ts is generated: `npm run gen:api`). */
export type Schemas = components['schemas'];
export type Problem = Schemas['ProblemDoc'];

/** A problem+json answer as an Error the pages can show (ProblemMessage) and forms can spread on fields. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: Partial<Problem> & { code: string }) {
    super(problem.detail ?? problem.code);
  }
}

export const auth: Middleware = {
  async onRequest({ request }) {
    const token = session.token();
    if (token && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${token}`);
    request.headers.set('accept-language', session.language());
    session.stamp(request.headers);
    return request;
  },
  async onResponse({ response, request }) {
    session.observe(response.headers);
    // An expired or revoked access token: try one silent refresh, then replay the request once.
    if (response.status === 401 && session.token() && !request.url.includes('/auth/')) {
      if (await session.refresh()) {
        const retry = new Request(request, { headers: new Headers(request.headers) });
        retry.headers.set('authorization', `Bearer ${session.token()}`);
        session.stamp(retry.headers);
        const replayed = await fetch(retry);
        session.observe(replayed.headers);
        return replayed;
      }
      session.expired();
    }
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(auth);

/** Unwraps an openapi-fetch answer: the data, or an ApiError with the problem (never a raw JSON string). */
export async function call<T>(p: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<{ data: T; etag: string | null }> {
  let r;
  try {
    r = await p;
  } catch {
    throw new ApiError(0, { code: 'NETWORK_ERROR' });
  }
  if (r.error !== undefined || !r.response.ok) {
    const body = r.error as Partial<Problem> | undefined;
    throw new ApiError(r.response.status, { ...(typeof body === 'object' && body ? body : {}), code: (typeof body === 'object' && body?.code) || `HTTP_${r.response.status}` });
  }
  return { data: r.data as T, etag: r.response.headers.get('etag') };
}

/** Shortcut when only the data matters. */
export const data = async <T>(p: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> => (await call(p)).data;

/** A fresh Idempotency-Key per user action (the API replays the answer if the same action is sent twice). */
export const idem = (): string => crypto.randomUUID();
