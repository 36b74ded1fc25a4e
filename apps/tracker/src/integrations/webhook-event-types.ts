import { EVENT_TYPES, subscribersOf, type EventType } from '@poleflow/contracts';

/** Reference data the tracker receives but that is about no project: never in the feed, never sent to a webhook. */
const REFERENCE_EVENTS = new Set<string>(['organisation.registered', 'organisation.updated', 'pole.published', 'funder.published', 'affiliation.changed',
  // Name a reviewer: they only become that reviewer's in-app notification.
  'labelling.reviewer_assigned', 'labelling.reviewer_reminded',
  // A security notice for one account's owner.
  'account.registration_attempted', 'account.profile_changed', 'account.standing_changed']);

/**
 * The wire types a webhook may subscribe to: the project events routed to the tracker (libs/contracts ROUTES), i.e.
 * the ones it records on a timeline. Other known types never reach the tracker, so a subscription to them would
 * stay silent; they are refused.
 */
export const WEBHOOK_EVENT_TYPES: readonly EventType[] = EVENT_TYPES.filter((t) => subscribersOf(t).includes('tracker') && !REFERENCE_EVENTS.has(t));
