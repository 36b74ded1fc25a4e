/**
 * The signed-in session. The access token lives in memory only. Across reloads the session is restored by
 * POST /auth/refresh: with the HttpOnly refresh cookie once the sec-sessions branch lands (credentials are sent),
 * and meanwhile with the previous access token kept for this tab only (LEGACY_TAB_TOKEN below: the seam to
 * delete when the cookie exists).
 */
type Listener = () => void;

const LEGACY_TAB_TOKEN = 'poleflow.tab-token';
let token: string | null = null;
let language = 'fr';
let refreshing: Promise<boolean> | null = null;
const listeners = new Set<Listener>();
let onExpired: () => void = () => undefined;

function set(t: string | null): void {
  token = t;
  try {
    if (t) sessionStorage.setItem(LEGACY_TAB_TOKEN, t);
    else sessionStorage.removeItem(LEGACY_TAB_TOKEN);
  } catch { /* private mode */ }
  listeners.forEach((l) => l());
}

async function doRefresh(): Promise<boolean> {
  let legacy: string | null = null;
  try { legacy = sessionStorage.getItem(LEGACY_TAB_TOKEN); } catch { /* private mode */ }
  const bearer = token ?? legacy;
  try {
    const res = await fetch('/api/v1/auth/refresh', {
      method: 'POST',
      credentials: 'same-origin',
      headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
    });
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
