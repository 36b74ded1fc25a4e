import { isAdmin, type Principal } from '@poleflow/auth';
import { DomainError } from '@poleflow/domain';
import type { LabellingCase } from './case.entity.js';

/** Who is looking at a case decides what they see of it. */
export type CaseViewer = 'staff' | 'reviewer' | 'consortium';

export const managesPole = (p: Principal, poleId: string): boolean =>
  isAdmin(p) || p.poles.some((x) => x.poleId === poleId && x.role === 'pole_manager');

export const managedPoleIds = (p: Principal): string[] => p.poles.filter((x) => x.role === 'pole_manager').map((x) => x.poleId);

export const isConsortiumMember = (p: Principal, c: Pick<LabellingCase, 'organisationIds'>): boolean =>
  c.organisationIds.some((o) => p.organisationIds.includes(o));

/**
 * Pole managers (and admins) see everything of their pole's cases; a reviewer sees the cases they are assigned
 * to, without the other reviews; the consortium sees decisions and motivations, never reviews or reviewers.
 */
export function viewerOf(p: Principal, c: LabellingCase, assignedToCase: boolean): CaseViewer | null {
  if (managesPole(p, c.poleId)) return 'staff';
  if (assignedToCase && p.poles.some((x) => x.poleId === c.poleId && x.role === 'reviewer')) return 'reviewer';
  if (isConsortiumMember(p, c)) return 'consortium';
  return null;
}

/** 404, never 403, for a case the caller may not see: no existence leak. */
export const caseNotFound = (id: string): DomainError => new DomainError('CASE_NOT_FOUND', `no labelling case ${id}`, 404);
