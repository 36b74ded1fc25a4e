import { isAdmin, type Principal } from '@poleflow/auth';
import { DomainError } from '@poleflow/domain';

type Scoped = { funderId: string; organisationIds: string[] };

/** An officer of the funder that granted the plan (or an admin). */
export const isOfficer = (p: Principal, x: Pick<Scoped, 'funderId'>): boolean => isAdmin(p) || p.funderIds.includes(x.funderId);

/** Who may see a milestone and what hangs on it: its funder's officers and the consortium. */
export const canSee = (p: Principal, x: Scoped): boolean => isOfficer(p, x) || x.organisationIds.some((o) => p.organisationIds.includes(o));

/** 404, never 403, for a milestone the caller may not see. */
export const milestoneNotFound = (id: string): DomainError => new DomainError('MILESTONE_NOT_FOUND', `no milestone ${id}`, 404);
