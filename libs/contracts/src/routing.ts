import type { EventType } from './events.js';
import type { ServiceName } from './envelope.js';

/**
 * Event type → the services that consume it. The outbox relay of the emitting service adds one job per
 * subscriber to `<subscriber>.inbox` with jobId = event id. Adding a consumer is a one-line change here.
 */
export const ROUTES: Record<EventType, readonly ServiceName[]> = {
  'organisation.registered': ['submission', 'labelling', 'tracker', 'network'],
  'organisation.updated': ['submission', 'labelling', 'tracker', 'network'],
  'pole.published': ['submission', 'labelling', 'tracker', 'network'],
  'funder.published': ['funding', 'tracker'],
  'affiliation.changed': ['labelling', 'tracker'],
  // Directory projects each account's standing into Redis from its own inbox; every service's guard reads it.
  // The tracker e-mails no disabled account.
  'account.standing_changed': ['directory', 'tracker'],
  // The tracker writes the existing account's owner a security notice.
  'account.registration_attempted': ['tracker'],
  // The tracker's e-mail recipients (address and name of each account).
  'account.profile_changed': ['tracker'],
  // Emitted by a service's dead-letter redrive: directory records it in the audit trail.
  'admin.dead_letter_redriven': ['directory'],
  // network: projects and their partners, for matchmaking (earlier collaborations, a draft's suggestions).
  'project.created': ['tracker', 'network'],
  'project.submitted': ['labelling', 'funding', 'milestones', 'tracker', 'network'],
  'project.resubmitted': ['labelling', 'funding', 'milestones', 'tracker', 'network'],
  'project.withdrawn': ['labelling', 'funding', 'tracker'],
  // A declaration changed after submission: funding re-assesses the undecided applications.
  'project.declarations_changed': ['funding', 'tracker'],
  // Consortium consent: the timeline shows who accepted and when; the invited organisation's members are notified.
  'partner.invited': ['tracker'],
  'partner.accepted': ['tracker', 'network'],
  'partner.declined': ['tracker'],
  'partner.invitation_withdrawn': ['tracker'],
  'partner.budget_confirmed': ['tracker'],
  // The removed organisation stops reading the project's timeline.
  'partner.removed': ['tracker', 'network'],
  'labelling.case_opened': ['tracker'],
  'labelling.case_admitted': ['tracker'],
  // Names a reviewer: labelling arms the reminder timers; the tracker only notifies that reviewer (never a
  // timeline entry, a feed row or a webhook).
  'labelling.reviewer_assigned': ['labelling', 'tracker'],
  'labelling.reviewer_reminded': ['tracker'],
  'labelling.review_overdue': [],
  'labelling.quorum_reached': ['tracker'],
  'labelling.case_closed': ['tracker'],
  'label.granted': ['submission', 'funding', 'tracker'],
  'label.refused': ['submission', 'tracker'],
  'label.support_letter_issued': ['submission', 'tracker'],
  'label.revision_requested': ['submission', 'tracker'],
  'label.revoked': ['submission', 'funding', 'tracker'],
  // Funding assesses an application asynchronously, from its own inbox; it re-assesses when a label or a
  // resubmission arrives.
  // submission: funder officers read the projects that applied to their funder's calls.
  'funding.requested': ['funding', 'submission', 'tracker'],
  'eligibility.assessed': ['tracker'],
  'funding.granted': ['milestones', 'tracker'],
  'funding.refused': ['tracker'],
  // Milestones arms its due-date timers from its own inbox (nothing lost between a commit and a crash).
  'milestones.plan_created': ['milestones', 'tracker'],
  'milestone.reported': ['tracker'],
  'milestone.validated': ['tracker'],
  'milestone.rejected': ['tracker'],
  'milestone.rescheduled': ['milestones'],
  'milestone.overdue': ['tracker'],
  'tranche.released': ['tracker'],
  'project.market_launched': ['tracker'],
  // Pole membership (network). Network arms the renewal timers from its own inbox; labelling keeps which
  // organisations are members of which pole (the lead partner's membership admissibility check).
  'membership.applied': ['tracker'],
  'membership.accepted': ['network', 'labelling', 'tracker'],
  'membership.refused': ['tracker'],
  'membership.renewal_due': ['tracker'],
  'membership.renewed': ['network', 'labelling'],
  'membership.invoiced': [],
  'membership.paid': [],
  'membership.left': ['labelling', 'tracker'],
  'membership.lapsed': ['labelling', 'tracker'],
  'membership.requirement_changed': ['labelling'],
  // Member support (network): network arms the due-date timers from its own inbox. The tracker notifies and
  // e-mails whoever must act or learn of a membership or support change (decision 78's pattern).
  'support_request.opened': ['network', 'tracker'],
  'support_request.taken': ['tracker'],
  'support_request.answered': ['tracker'],
  'support_request.more_info_requested': ['tracker'],
  'support_request.replied': ['tracker'],
  'support_request.rescheduled': ['network'],
  'support_request.closed': ['tracker'],
  'support_request.due_soon': ['tracker'],
  'support_request.overdue': ['tracker'],
  // network (matchmaking): the tracker notifies and e-mails the other organisation's members.
  'network.contact_requested': ['tracker'],
  'network.contact_answered': ['tracker'],
  'network.contact_message_posted': ['tracker'],
};

export function subscribersOf(type: string): readonly ServiceName[] {
  return (ROUTES as Record<string, readonly ServiceName[]>)[type] ?? [];
}

export const inboxQueueName = (service: ServiceName): string => `${service}.inbox`;
