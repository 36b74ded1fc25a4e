/**
 * The signed-in session. The access token lives in memory only; the refresh token is the HttpOnly,
 * SameSite=Strict `poleflow_refresh` cookie that directory sets at sign-in (Path=/api/v1/auth). After a reload,
 * or when an access token expires, POST /auth/refresh (the cookie goes with it) gives a new access token.
 */
type Listener = () => void;

let token: string | null = null;
let language = 'fr';
let refreshing: Promise<boolean> | null = null;
/** The last `Poleflow-Consistency` token an answer carried (read-your-writes): sent back on every request. */
let consistency: string | null = null;
const CONSISTENCY = 'poleflow-consistency';
const listeners = new Set<Listener>();
let onExpired: () => void = () => undefined;

function set(t: string | null): void {
  token = t;
  listeners.forEach((l) => l());
}

async function doRefresh(): Promise<boolean> {
  try {
    const headers: Record<string, string> = { 'accept-language': language };
    if (consistency) headers[CONSISTENCY] = consistency;
    const res = await fetch('/api/v1/auth/refresh', { method: 'POST', credentials: 'same-origin', headers });
    session.observe(res.headers);
    if (!res.ok) return false;
    const body = (await res.json()) as { accessToken?: string };
    if (!body.accessToken) return false;
    set(body.accessToken);
    return true;
  } catch {
    return false;
  }
}

export const session = {
  token: (): string | null => token,
  signIn: (t: string): void => set(t),
  signOut: (): void => set(null),
  language: (): string => language,
  setLanguage: (l: string): void => { language = l; },
  /** Adds the last read-your-writes token to a request's headers (a later read then sees this client's writes). */
  stamp: (headers: { set(name: string, value: string): void }): void => { if (consistency) headers.set(CONSISTENCY, consistency); },
  /** Keeps the token of an answer, the LAST one received wins (it names everything this client wrote before). */
  observe: (headers: { get(name: string): string | null }): void => { const v = headers.get(CONSISTENCY); if (v) consistency = v; },
  /** One refresh at a time; true when a new access token was obtained. */
  refresh: (): Promise<boolean> => {
    refreshing ??= doRefresh().finally(() => { refreshing = null; });
    return refreshing;
  },
  expired: (): void => {
    set(null);
    onExpired();
  },
  onExpired: (fn: () => void): void => { onExpired = fn; },
  subscribe: (l: Listener): (() => void) => {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};
