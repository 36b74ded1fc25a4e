import type { Actor, Role } from '@poleflow/contracts';

export type PoleRole = 'reviewer' | 'pole_manager';

/** Who is asking, as carried by the access token that directory signs. */
export interface Principal {
  userId: string;
  email: string;
  roles: Role[];
  organisationIds: string[];
  poles: { poleId: string; role: PoleRole }[];
  funderIds: string[];
}

/** Claims inside the JWT (short names keep tokens small). */
export interface AccessTokenClaims {
  sub: string;
  email: string;
  roles: Role[];
  orgs: string[];
  poles: { id: string; role: PoleRole }[];
  funders: string[];
  /** The account's standing version when the token was minted (libs/auth standing.ts); absent on older tokens. */
  ver?: number;
}

export function principalFromClaims(c: AccessTokenClaims): Principal {
  return {
    userId: c.sub,
    email: c.email,
    roles: c.roles ?? [],
    organisationIds: c.orgs ?? [],
    poles: (c.poles ?? []).map((p) => ({ poleId: p.id, role: p.role })),
    funderIds: c.funders ?? [],
  };
}

export function claimsFromPrincipal(p: Principal): AccessTokenClaims {
  return { sub: p.userId, email: p.email, roles: p.roles, orgs: p.organisationIds, poles: p.poles.map((x) => ({ id: x.poleId, role: x.role })), funders: p.funderIds };
}

/** Roles from the most to the least privileged. */
export const ROLE_PRECEDENCE: readonly Role[] = ['admin', 'pole_manager', 'reviewer', 'funder_officer', 'applicant'];

export const isAdmin = (p: Principal): boolean => p.roles.includes('admin');

/** The actor recorded on events: the user and their most privileged role. */
export function actorOf(p: Principal): Actor {
  return { userId: p.userId, role: ROLE_PRECEDENCE.find((r) => p.roles.includes(r)) ?? 'applicant' };
}
