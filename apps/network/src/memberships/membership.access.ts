import { isAdmin, type Principal } from '@poleflow/auth';
import { DomainError } from '@poleflow/domain';

/** A pole's staff: its managers and reviewers (and admins). */
export const isPoleStaff = (p: Principal | undefined, poleId: string): boolean => !!p && (isAdmin(p) || p.poles.some((x) => x.poleId === poleId));

/** A manager of the pole (or an admin): decides applications, edits the grid, records fees. */
export const isPoleManager = (p: Principal | undefined, poleId: string): boolean =>
  !!p && (isAdmin(p) || p.poles.some((x) => x.poleId === poleId && x.role === 'pole_manager'));

export const belongsTo = (p: Principal | undefined, organisationId: string): boolean => !!p && p.organisationIds.includes(organisationId);

/** 404, never 403, for a membership the caller may not see. */
export const membershipNotFound = (id: string): DomainError => new DomainError('MEMBERSHIP_NOT_FOUND', `no membership ${id}`, 404);

export const notPoleManager = (): DomainError => new DomainError('NOT_POLE_MANAGER', 'only a manager of the pole may do this', 403);
