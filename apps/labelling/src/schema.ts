/** labelling's PostgreSQL schema: its tables, outbox, inbox and idempotency keys. */
export const LABELLING_SCHEMA = 'labelling';
