import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data, type Schemas } from '../api/client';
import { session } from './session';

export type Me = Schemas['MeView'];
export type Role = 'company' | 'reviewer' | 'pole_manager' | 'funder_officer' | 'admin' | 'newcomer';

interface AuthState {
  /** false until the first refresh attempt after a reload has answered */
  ready: boolean;
  signedIn: boolean;
  me: Me | undefined;
  role: Role | undefined;
  organisation: Schemas['AffiliationView'] | undefined;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** after creating an organisation: a new token carries the new affiliation */
  reload(): Promise<void>;
}

const Ctx = createContext<AuthState | null>(null);

/** The role the navigation is built for: the most specific affiliation wins. */
export function roleOf(me: Me | undefined): Role | undefined {
  if (!me) return undefined;
  const roles = new Set(me.affiliations.map((a) => a.role));
  if (me.account.isAdmin) return 'admin';
  if (roles.has('pole_manager')) return 'pole_manager';
  if (roles.has('funder_officer')) return 'funder_officer';
  if (roles.has('reviewer') && !me.affiliations.some((a) => a.kind === 'organisation')) return 'reviewer';
  return me.affiliations.some((a) => a.kind === 'organisation') ? 'company' : 'newcomer';
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const token = useSyncExternalStore(session.subscribe, session.token);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    void session.refresh().finally(() => setReady(true));
  }, []);
  const me = useQuery({
    queryKey: ['me', token],
    enabled: !!token,
    queryFn: () => data(api.GET('/api/v1/me')),
    staleTime: 60_000,
  });
  const value: AuthState = {
    ready: ready && (!token || !me.isPending),
    signedIn: !!token,
    me: token ? me.data : undefined,
    role: token ? roleOf(me.data) : undefined,
    organisation: me.data?.affiliations.find((a) => a.kind === 'organisation'),
    async signIn(email, password) {
      const t = await data(api.POST('/api/v1/auth/login', { body: { email, password, refreshIn: 'cookie' } }));
      session.signIn(t.accessToken);
    },
    async signOut() {
      // ends the session server-side and clears the refresh cookie; the access token is dropped here
      await fetch('/api/v1/auth/logout', { method: 'POST', credentials: 'same-origin' }).catch(() => undefined);
      session.signOut();
      qc.clear();
    },
    async reload() {
      await session.refresh();
      await qc.invalidateQueries();
    },
  };
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useAuth(): AuthState {
  const v = useContext(Ctx);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}
