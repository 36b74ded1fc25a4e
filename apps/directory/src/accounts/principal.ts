import type { Role } from '@poleflow/contracts';
import { ROLE_PRECEDENCE, type PoleRole, type Principal } from '@poleflow/auth';
import type { AffiliationKind, AffiliationRole } from '../affiliations/affiliation.entity.js';

export interface AffiliationFacts {
  kind: AffiliationKind;
  targetId: string;
  role: AffiliationRole;
}

const isPoleRole = (r: AffiliationRole): r is PoleRole => r === 'reviewer' || r === 'pole_manager';

/**
 * Who an account is, from its CURRENT affiliations (pure; the token is minted from this at sign-in and
 * refresh): admin by flag; applicant when member of at least one organisation; reviewer / pole_manager per
 * pole affiliation; funder_officer per funder affiliation.
 */
export function principalFor(account: { id: string; email: string; isAdmin: boolean }, affiliations: AffiliationFacts[]): Principal {
  const roles = new Set<Role>();
  if (account.isAdmin) roles.add('admin');
  const organisationIds: string[] = [];
  const poles: Principal['poles'] = [];
  const funderIds: string[] = [];
  for (const a of affiliations) {
    if (a.kind === 'organisation') {
      roles.add('applicant');
      if (!organisationIds.includes(a.targetId)) organisationIds.push(a.targetId);
    } else if (a.kind === 'pole' && isPoleRole(a.role)) {
      roles.add(a.role);
      poles.push({ poleId: a.targetId, role: a.role });
    } else if (a.kind === 'funder' && a.role === 'funder_officer') {
      roles.add('funder_officer');
      if (!funderIds.includes(a.targetId)) funderIds.push(a.targetId);
    }
  }
  return {
    userId: account.id,
    email: account.email,
    roles: ROLE_PRECEDENCE.filter((r) => roles.has(r)),
    organisationIds,
    poles,
    funderIds,
  };
}
