import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '@poleflow/auth';
import { DomainError } from '@poleflow/domain';
import { LabellingOutcome } from '../labelling/labelling-outcome.entity.js';
import { OrganisationRef, PoleRef } from '../reference/reference.entity.js';
import { canSee, projectNotFound } from './project.access.js';
import { Partner, Project, ProjectFunder } from './project.entity.js';
import { toProjectView, type ProjectView } from './project.view.js';

export interface LoadedProject {
  project: Project;
  partners: Partner[];
}

/**
 * The project and its partners, the project row locked FOR UPDATE (concurrent writers queue up, then the
 * If-Match check sees the committed version). A project the caller may not see is a 404.
 */
export async function loadForWrite(em: EntityManager, id: string, principal: Principal): Promise<LoadedProject> {
  const project = await em.findOne(Project, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!project) throw projectNotFound(id);
  const partners = await em.find(Partner, { projectId: id });
  if (!canSee(principal, project, partners, await fundersOf(em, principal, id))) throw projectNotFound(id);
  return { project, partners };
}

/** The funders the project applied to that the caller is an officer of (no query for anyone else). */
export async function fundersOf(em: EntityManager, principal: Principal, projectId: string): Promise<string[]> {
  if (!principal.funderIds.length) return [];
  const rows = await em.find(ProjectFunder, { projectId, funderId: { $in: principal.funderIds } }, { fields: ['funderId'] });
  return rows.map((r) => r.funderId);
}

export async function organisationsById(em: EntityManager, ids: readonly string[]): Promise<Map<string, OrganisationRef>> {
  if (!ids.length) return new Map();
  const rows = await em.find(OrganisationRef, { id: { $in: [...new Set(ids)] } });
  return new Map(rows.map((o) => [o.id, o]));
}

/** A partner must be an organisation directory announced (`organisation.registered`). */
export async function assertKnownOrganisation(em: EntityManager, id: string): Promise<OrganisationRef> {
  const org = await em.findOne(OrganisationRef, id);
  if (!org) throw new DomainError('UNKNOWN_ORGANISATION', `organisation ${id} is not known (yet) to submission`, 422, { organisationId: id });
  return org;
}

/** Every targeted pole must have been published by directory (`pole.published`). */
export async function assertKnownPoles(em: EntityManager, poleIds: readonly string[]): Promise<void> {
  if (!poleIds.length) return;
  const known = new Set((await em.find(PoleRef, { id: { $in: [...poleIds] } }, { fields: ['id'] })).map((p) => p.id));
  const errors = poleIds.flatMap((id, i) => (known.has(id) ? [] : [{ path: `poleIds[${i}]`, message: `pole ${id} is not known` }]));
  if (errors.length) throw new DomainError('UNKNOWN_POLE', 'the project targets unknown poles', 422, { errors });
}

/** The poles' labelling outcomes of these projects; none before a first submission (round 0), so no query. */
export async function outcomesOf(em: EntityManager, projects: readonly Project[]): Promise<LabellingOutcome[]> {
  const ids = projects.filter((p) => p.round > 0).map((p) => p.id);
  return ids.length ? em.find(LabellingOutcome, { projectId: { $in: ids } }) : [];
}

/**
 * The API view; pass the partners' organisations when the caller has already loaded them, and the labelling outcomes
 * when it knows them (a project submitted for the first time in this transaction has none): each saves a query.
 */
export async function viewOf(em: EntityManager, project: Project, partners: readonly Partner[], loaded?: ReadonlyMap<string, OrganisationRef>, outcomes?: LabellingOutcome[]): Promise<ProjectView> {
  const orgs = loaded ?? (await organisationsById(em, partners.map((p) => p.organisationId)));
  return toProjectView(project, partners, orgs, outcomes ?? await outcomesOf(em, [project]));
}
