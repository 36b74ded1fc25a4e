/** network's PostgreSQL schema: memberships, profiles, partner requests, contacts, support requests, outbox, inbox, timers. */
export const NETWORK_SCHEMA = 'network';
