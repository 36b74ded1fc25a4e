/** milestones' PostgreSQL schema: its tables, outbox, inbox and idempotency keys. */
export const MILESTONES_SCHEMA = 'milestones';
