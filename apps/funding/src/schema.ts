/** funding's PostgreSQL schema: its tables, outbox, inbox and idempotency keys. */
export const FUNDING_SCHEMA = 'funding';
