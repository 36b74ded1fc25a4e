/**
 * The services behind the gateway and which public paths each one serves. Both tables are data: adding a
 * service (labelling 3003, funding 3004, milestones 3005) is one line in UPSTREAMS plus its path prefixes in
 * ROUTES. Its base URL then comes from `<NAME>_URL` (default http://127.0.0.1:<port>), its `/docs-json` is
 * merged into `/docs`, its dead letters are fanned out to, and its `/health/live` gates readiness.
 */
export const UPSTREAMS = [
  { name: 'directory', port: 3001 },
  { name: 'submission', port: 3002 },
  { name: 'labelling', port: 3003 },
  { name: 'funding', port: 3004 },
  { name: 'milestones', port: 3005 },
  { name: 'tracker', port: 3006 },
  { name: 'network', port: 3007 },
] as const;

export type UpstreamName = (typeof UPSTREAMS)[number]['name'];
export const UPSTREAM_NAMES: readonly UpstreamName[] = UPSTREAMS.map((u) => u.name);

/**
 * Path prefix → service. The first match wins, so a more specific prefix goes before a shorter one.
 * A `:param` segment matches any one segment; a prefix matches itself and everything below it
 * (`/api/v1/projects` matches `/api/v1/projects/42`, not `/api/v1/projectsX`).
 */
export const ROUTES: readonly (readonly [prefix: string, service: UpstreamName])[] = [
  ['/api/v1/projects/:id/timeline', 'tracker'],
  ['/api/v1/projects', 'submission'],
  ['/api/v1/invitations', 'submission'],
  ['/api/v1/auth', 'directory'],
  ['/api/v1/me/notification-preferences', 'tracker'],
  ['/api/v1/me', 'directory'],
  ['/api/v1/organisations', 'directory'],
  // network: a pole's member directory and its membership fee grid, before the rest of /poles (directory)
  ['/api/v1/poles/:id/members', 'network'],
  ['/api/v1/poles/:id/membership-fees', 'network'],
  ['/api/v1/poles', 'directory'],
  ['/api/v1/funders', 'directory'],
  ['/api/v1/admin/affiliations', 'directory'],
  ['/api/v1/admin/republish', 'directory'],
  ['/api/v1/admin/accounts', 'directory'],
  ['/api/v1/admin/audit', 'directory'],
  ['/api/v1/admin/emails', 'tracker'],
  ['/api/v1/cases', 'labelling'],
  ['/api/v1/assignments', 'labelling'],
  ['/api/v1/labels', 'labelling'],
  ['/api/v1/labelling', 'labelling'],
  ['/api/v1/calls', 'funding'],
  ['/api/v1/applications', 'funding'],
  ['/api/v1/eligibility-rules', 'funding'],
  ['/api/v1/dashboards', 'tracker'],
  ['/api/v1/webhooks', 'tracker'],
  ['/api/v1/feed', 'tracker'],
  ['/api/v1/notifications', 'tracker'],
  ['/api/v1/milestones', 'milestones'],
  ['/api/v1/evidence', 'milestones'],
  ['/api/v1/impact', 'milestones'],
  // network: memberships, member support, member counts and the network dashboard (network-a);
  // profiles, partner wanted requests, matches, contacts (network-b)
  ['/api/v1/memberships', 'network'],
  ['/api/v1/support-requests', 'network'],
  ['/api/v1/network', 'network'],
  ['/api/v1/profiles', 'network'],
  ['/api/v1/partner-requests', 'network'],
  ['/api/v1/matches', 'network'],
  ['/api/v1/contacts', 'network'],
];

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function compilePrefix(prefix: string): RegExp {
  const body = prefix
    .split('/')
    .map((seg) => (seg.startsWith(':') ? '[^/]+' : escape(seg)))
    .join('/');
  return new RegExp(`^${body}(?:/|$)`);
}

const COMPILED = ROUTES.map(([prefix, service]) => ({ re: compilePrefix(prefix), prefix, service }));

/** The route (its prefix template and service) that serves this path (no query string), or undefined. */
export function matchRoute(pathname: string): { prefix: string; service: UpstreamName } | undefined {
  return COMPILED.find((r) => r.re.test(pathname));
}

/** The service that serves this path (no query string), or undefined when no route matches. */
export function routeFor(pathname: string): UpstreamName | undefined {
  return matchRoute(pathname)?.service;
}

/** `directory` → `DIRECTORY_URL`. */
export const urlEnvKey = (name: string): string => `${name.toUpperCase()}_URL`;
