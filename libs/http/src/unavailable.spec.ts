import { decodeConsistency, encodeConsistency, mergeConsistency, CONSISTENCY_MAX_EVENTS } from './consistency.js';
import { isDatabaseUnavailable, ServiceUnavailable, toProblem } from './problem.js';

describe('a lost database answers 503 with Retry-After, never 500', () => {
  it.each([
    ['a connection terminated mid-query', Object.assign(new Error('Connection terminated unexpectedly'), {})],
    ['PostgreSQL shutting down (57P01)', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['PostgreSQL starting up (57P03)', Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['no pooled connection in time', new Error('timeout exceeded when trying to connect')],
    ['a wrapped cause', new Error('query failed', { cause: Object.assign(new Error('x'), { code: '08006' }) })],
  ])('%s', (_, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
    expect(toProblem(err)).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE', retryAfterSeconds: 2 });
  });

  it('keeps a real bug a 500', () => {
    expect(isDatabaseUnavailable(new TypeError('cannot read properties of undefined'))).toBe(false);
    expect(toProblem(new TypeError('cannot read properties of undefined')).status).toBe(500);
  });

  it('maps ServiceUnavailable with its code and delay', () => {
    expect(toProblem(new ServiceUnavailable('CONSISTENCY_TIMEOUT', 'not yet', 1))).toMatchObject({ status: 503, code: 'CONSISTENCY_TIMEOUT', detail: 'not yet', retryAfterSeconds: 1 });
  });
});

describe('Poleflow-Consistency token', () => {
  const id = (n: number) => `0190a0b0-0000-7000-8000-${String(n).padStart(12, '0')}`;

  it('round-trips the event ids and types', () => {
    const marks = [{ type: 'organisation.registered', id: id(1) }, { type: 'project.submitted', id: id(2) }];
    const token = encodeConsistency(marks);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeConsistency(token)).toEqual(marks);
  });

  it('drops garbage instead of blocking a request', () => {
    expect(decodeConsistency('%%%not base64')).toEqual([]);
    expect(decodeConsistency(Buffer.from('drop table x\nproject.submitted not-a-uuid').toString('base64url'))).toEqual([]);
    expect(decodeConsistency(undefined)).toEqual([]);
  });

  it('merges without duplicates and keeps only the most recent events', () => {
    const a = Array.from({ length: 30 }, (_, i) => ({ type: 'project.created', id: id(i) }));
    const b = Array.from({ length: 10 }, (_, i) => ({ type: 'project.created', id: id(25 + i) }));
    const merged = mergeConsistency(a, b);
    expect(merged).toHaveLength(CONSISTENCY_MAX_EVENTS);
    expect(merged[merged.length - 1].id).toBe(id(34));
    expect(new Set(merged.map((m) => m.id)).size).toBe(CONSISTENCY_MAX_EVENTS);
  });
});
