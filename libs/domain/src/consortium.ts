import { DomainError } from './domain-error.js';

/*
 * Consortium consent (pure): an organisation joins a project only by accepting the coordinator's invitation, and
 * a project is submitted only once every invitation is answered and every partner confirmed its budget and
 * declarations.
 *
 *   pending --accept--> accepted   pending --decline--> declined   pending --withdraw--> withdrawn
 */

export const INVITATION_STATUSES = ['pending', 'accepted', 'declined', 'withdrawn'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];
export type InvitationCommand = 'accept' | 'decline' | 'withdraw';

const TARGET: Record<InvitationCommand, InvitationStatus> = { accept: 'accepted', decline: 'declined', withdraw: 'withdrawn' };

/** The status an invitation moves to; 409 INVITATION_NOT_PENDING once it was answered or withdrawn. */
export function answerInvitation(status: InvitationStatus, command: InvitationCommand): InvitationStatus {
  if (status !== 'pending') {
    throw new DomainError('INVITATION_NOT_PENDING', `the invitation is already ${status}`, 409, { status });
  }
  return TARGET[command];
}

export interface ConsortiumFacts {
  invitations: readonly { id: string; status: InvitationStatus; organisationId: string | null; email: string | null; organisationName: string | null }[];
  partners: readonly { organisationId: string; name: string | null; confirmed: boolean }[];
}

export interface ConsortiumGaps {
  pendingInvitations: { invitationId: string; organisationId: string | null; organisationName: string | null; email: string | null }[];
  unconfirmedPartners: { organisationId: string; name: string | null }[];
}

/** What keeps the consortium from being submitted: pending invitations and partners that did not confirm. */
export function consortiumGaps(f: ConsortiumFacts): ConsortiumGaps {
  return {
    pendingInvitations: f.invitations.filter((i) => i.status === 'pending')
      .map((i) => ({ invitationId: i.id, organisationId: i.organisationId, organisationName: i.organisationName, email: i.email })),
    unconfirmedPartners: f.partners.filter((p) => !p.confirmed).map((p) => ({ organisationId: p.organisationId, name: p.name })),
  };
}

/** 422 CONSORTIUM_INCOMPLETE with `details` (the gaps) and `errors` (one per gap), or nothing. */
export function assertConsortiumComplete(f: ConsortiumFacts): void {
  const gaps = consortiumGaps(f);
  if (!gaps.pendingInvitations.length && !gaps.unconfirmedPartners.length) return;
  const errors = [
    ...gaps.pendingInvitations.map((i) => ({
      path: `invitations.${i.invitationId}`, message: `invitation of ${i.organisationName ?? i.email ?? i.organisationId} not answered yet`,
    })),
    ...gaps.unconfirmedPartners.map((p) => ({
      path: `partners.${p.organisationId}`, message: `${p.name ?? p.organisationId} has not confirmed its budget and declarations`,
    })),
  ];
  throw new DomainError('CONSORTIUM_INCOMPLETE', 'the consortium is not complete: invitations pending or budgets not confirmed', 422, { ...gaps, errors });
}

/** GBER declarations of a research organisation; null = not declared. */
export interface Declarations {
  nonEconomicActivity: boolean | null;
  mayPublish: boolean | null;
}

/** Whether these declarations apply to an organisation of this kind (companies have none). */
export const declaresGber = (kind: string): boolean => kind === 'research_organisation' || kind === 'training_body';
