import { isAdmin, type Principal } from '@poleflow/auth';
import { DomainError } from '@poleflow/domain';
import type { Partner, Project } from './project.entity.js';

type Scope = Pick<Project, 'coordinatorOrganisationId' | 'poleIds' | 'submittedAt'>;
type Members = readonly Pick<Partner, 'organisationId'>[];

/** A member of one of the consortium's organisations. */
export function isPartnerMember(p: Principal, partners: Members): boolean {
  return partners.some((x) => p.organisationIds.includes(x.organisationId));
}

/** A member of the coordinating organisation: the only one who may shape the consortium and (re)submit. */
export function isCoordinatorMember(p: Principal, project: Scope): boolean {
  return p.organisationIds.includes(project.coordinatorOrganisationId);
}

/** Staff of a pole with a case on the project (its targeted poles once submitted), read-only. */
export function isPoleStaffOf(p: Principal, project: Scope): boolean {
  return project.submittedAt !== null && p.poles.some((x) => project.poleIds.includes(x.poleId));
}

/** Officers of a funder whose call the project applied to (`funding.requested`), read-only. */
export function isFunderStaffOf(p: Principal, funderIds: readonly string[]): boolean {
  return p.funderIds.some((f) => funderIds.includes(f));
}

/**
 * Who may see a project (content, consortium, budgets, invitations): its consortium, admins, the staff of a pole
 * with a case on it once submitted (a draft belongs to its consortium alone), and the officers of a funder it
 * applied to. Staff and officers read only (docs/ACCESS.md).
 */
export function canSee(p: Principal, project: Scope, partners: Members, funderIds: readonly string[] = []): boolean {
  return isAdmin(p) || isPartnerMember(p, partners) || isPoleStaffOf(p, project) || isFunderStaffOf(p, funderIds);
}

/** 404, never 403, for a project the caller may not see: no existence leak. */
export const projectNotFound = (id: string): DomainError => new DomainError('PROJECT_NOT_FOUND', `no project ${id}`, 404);

export const notAPartner = (): DomainError =>
  new DomainError('NOT_A_PARTNER', 'only members of a partner organisation may edit the project', 403);

export const notCoordinator = (): DomainError =>
  new DomainError('NOT_COORDINATOR', 'only members of the coordinating organisation may do this', 403);
