import type { EntityManager } from '@mikro-orm/postgresql';
import { isAdmin, type Principal } from '@poleflow/auth';
import { DomainError } from '@poleflow/domain';
import type { OutboxWriter, EmitContext } from '@poleflow/messaging';
import { Affiliation } from '../affiliations/affiliation.entity.js';
import { Establishment } from './establishment.entity.js';
import { Organisation } from './organisation.entity.js';
import { organisationPayload } from './organisation.rules.js';

/*
 * Who may see and manage an organisation, decided from the database (a membership granted or removed a second
 * ago already counts), and the one place an `organisation.updated` is written.
 */

/** 404, not 403, for an organisation the caller may not see: no existence leak (ARCHITECTURE.md §1). */
export const organisationNotFound = (id: string) => new DomainError('ORGANISATION_NOT_FOUND', `no organisation ${id}`, 404);

export const membershipOf = (em: EntityManager, organisationId: string, accountId: string): Promise<Affiliation | null> =>
  em.findOne(Affiliation, { accountId, kind: 'organisation', targetId: organisationId });

/** Members (and platform admins) see the organisation; anyone else gets 404. */
export async function visibleOrganisation(em: EntityManager, id: string, who: Principal): Promise<Organisation> {
  const org = await em.findOne(Organisation, id);
  if (!org) throw organisationNotFound(id);
  if (isAdmin(who) || (await membershipOf(em, id, who.userId))) return org;
  throw organisationNotFound(id);
}

/** Only the organisation's admins (and platform admins) manage it; a plain member gets 403, a stranger 404. */
export async function managedOrganisation(em: EntityManager, id: string, who: Principal): Promise<Organisation> {
  const org = await visibleOrganisation(em, id, who);
  if (isAdmin(who)) return org;
  const m = await membershipOf(em, id, who.userId);
  if (m?.role !== 'admin') throw new DomainError('NOT_ORGANISATION_ADMIN', 'only an admin of the organisation may do this', 403);
  return org;
}

export const establishmentsOf = (em: EntityManager, organisationId: string): Promise<Establishment[]> =>
  em.find(Establishment, { organisationId }, { orderBy: { headOffice: 'desc', createdAt: 'asc', id: 'asc' } });

/** Writes `organisation.updated` with the organisation's current establishments, in the caller's transaction. */
export async function emitOrganisationUpdated(em: EntityManager, outbox: OutboxWriter, org: Organisation, ctx: EmitContext): Promise<void> {
  await outbox.append(em, [{ type: 'organisation.updated', streamId: org.id, payload: organisationPayload(org, await establishmentsOf(em, org.id)) }], ctx);
}
