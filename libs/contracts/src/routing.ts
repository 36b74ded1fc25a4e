import type { EventType } from './events.js';
import type { ServiceName } from './envelope.js';

/**
 * Event type → the services that consume it. The outbox relay of the emitting service adds one job per
 * subscriber to `<subscriber>.inbox` with jobId = event id. Adding a consumer is a one-line change here.
 */
export const ROUTES: Record<EventType, readonly ServiceName[]> = {
  'organisation.registered': ['submission', 'tracker'],
  'organisation.updated': ['submission', 'tracker'],
  'pole.published': ['submission', 'tracker'],
  'affiliation.changed': ['tracker'],
  'project.created': ['tracker'],
  'project.submitted': ['tracker'],
  'project.resubmitted': ['tracker'],
  'project.withdrawn': ['tracker'],
};

export function subscribersOf(type: string): readonly ServiceName[] {
  return (ROUTES as Record<string, readonly ServiceName[]>)[type] ?? [];
}

export const inboxQueueName = (service: ServiceName): string => `${service}.inbox`;
