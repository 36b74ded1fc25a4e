// The HTTP client of the scripts that walk the public API of a running platform (npm run demo, npm run
// seed:portfolio): JSON and multipart requests with read-your-writes tokens, one session per demo account
// (refreshed near expiry), expected refusals, and the French money format of their output.
// Env: GATEWAY_URL (default http://127.0.0.1:3000); a script may also call useGateway(url) before its first request.
export let GW = process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000';
/** Points every later request at another gateway (infra/start.mjs seeds the platform it started). */
export const useGateway = (url) => { GW = url; };
export const PASSWORD = 'poleflow-demo-2026';

export class ApiError extends Error {
  constructor(method, path, status, problem, text) {
    super(`${method} ${path} → ${status} ${text}`);
    Object.assign(this, { status, problem });
  }
}

/**
 * Read-your-writes (README): the demo is one client, so every request sends back the last `Poleflow-Consistency`
 * token it received. A request right after a write in another service then sees that write — no polling.
 */
let consistency;

/** A JSON request, or a multipart one with `form` (a FormData: fetch sets its content type and boundary). */
export async function api(method, path, { token, body, form, headers = {} } = {}) {
  const res = await fetch(`${GW}${path}`, {
    method,
    headers: {
      ...(form ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(consistency ? { 'poleflow-consistency': consistency } : {}), ...headers,
    },
    body: form ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  consistency = res.headers.get('poleflow-consistency') ?? consistency;
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (!res.ok) throw new ApiError(method, path, res.status, json, text);
  return { status: res.status, etag: res.headers.get('etag'), body: json };
}

/** The problem of a request that must fail with `status` (and `code` if given); anything else is an error of the demo. */
export async function refused(request, status, code) {
  try { await request; } catch (err) {
    if (err.status !== status) throw err;
    if (code && err.problem?.code !== code) throw new Error(`expected ${code}, got ${status} ${err.problem?.code}`, { cause: err });
    return err.problem;
  }
  throw new Error(`expected a ${status}${code ? ` ${code}` : ''}, the request succeeded`);
}

/** The value, or an error of the demo saying what was expected. */
export function expectThat(value, what) {
  if (!value) throw new Error(`expected ${what}`);
  return value;
}

export const step = (s) => console.log(`\n▸ ${s}`);
export const say = (s) => console.log(`  ${s}`);
export const eur = (cents) => `${(cents / 100).toLocaleString('fr-FR', { maximumFractionDigits: 2 })} €`;
export const mark = (ok) => (ok ? '✓' : '✗');
/** email → { accessToken, refreshToken, expiresAt } of its session (a script takes the refresh token in the body). */
const sessions = new Map();
const keep = (email, body) => {
  sessions.set(email, { accessToken: body.accessToken, refreshToken: body.refreshToken, expiresAt: Date.now() + body.expiresIn * 1000 });
  return body.accessToken;
};
/** A session's refresh: the next access token (the account's current roles) and the next refresh token. */
export const refresh = async (email) => keep(email, (await api('POST', '/api/v1/auth/refresh', { body: { refreshToken: sessions.get(email).refreshToken } })).body);
/** One login per account and run (failed logins are throttled per account); access tokens live 15 min, so refresh near the end. */
export async function login(email) {
  const s = sessions.get(email);
  if (!s) return keep(email, (await api('POST', '/api/v1/auth/login', { body: { email, password: PASSWORD, refreshIn: 'body' } })).body);
  return s.expiresAt - Date.now() < 60_000 ? refresh(email) : s.accessToken;
}
/** A request as a demo user. */
export const as = async (email, method, path, opts = {}) => api(method, path, { ...opts, token: await login(email) });

// A valid SIREN of our own: 8 random digits and the Luhn key.
export function randomSiren() {
  const d = Array.from({ length: 8 }, () => Math.floor(Math.random() * 10));
  for (let key = 0; key < 10; key++) {
    const digits = [...d, key];
    const sum = digits.reverse().reduce((s, x, i) => s + (i % 2 ? (x * 2 > 9 ? x * 2 - 9 : x * 2) : x), 0);
    if (sum % 10 === 0) return [...d, key].join('');
  }
  throw new Error('unreachable');
}

