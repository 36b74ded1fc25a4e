import fc from 'fast-check';
import { DomainError } from '../domain-error.js';
import { assertRevocable, formatLabelNumber, labelStatus, labelValidUntil, parseLabelNumber, type LabelStatus } from './label.js';

const CODE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split('');
const arbCode = fc.array(fc.constantFrom(...CODE_CHARS), { minLength: 2, maxLength: 8 }).map((cs) => cs.join(''));
const arbYear = fc.integer({ min: 1000, max: 9999 });
const arbSequence = fc.oneof(fc.integer({ min: 1, max: 99_999 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }));

describe('formatLabelNumber', () => {
  it.each<[string, number, number, string]>([
    ['AV', 2026, 42, 'AV-2026-0042'],
    ['AV', 2026, 1, 'AV-2026-0001'],
    ['AV', 2026, 999, 'AV-2026-0999'],
    ['AV', 2026, 9999, 'AV-2026-9999'],
    ['AV', 2026, 10000, 'AV-2026-10000'],
    ['AV', 2026, 123456, 'AV-2026-123456'],
    ['av', 2026, 7, 'AV-2026-0007'],
    ['MOVEO', 2027, 3, 'MOVEO-2027-0003'],
    ['CAPDIGI8', 2026, 3, 'CAPDIGI8-2026-0003'],
  ])('%s %i %i → %s', (code, year, seq, expected) => {
    expect(formatLabelNumber(code, year, seq)).toBe(expected);
  });

  it.each<[string, string, number, number]>([
    ['sequence 0', 'AV', 2026, 0],
    ['negative sequence', 'AV', 2026, -1],
    ['decimal sequence', 'AV', 2026, 1.5],
    ['NaN sequence', 'AV', 2026, Number.NaN],
    ['infinite sequence', 'AV', 2026, Infinity],
    ['unsafe sequence', 'AV', 2026, 2 ** 53],
    ['1-letter code', 'A', 2026, 1],
    ['9-letter code', 'ABCDEFGHI', 2026, 1],
    ['code with a dash', 'A-V', 2026, 1],
    ['code with an accent', 'PÔLE', 2026, 1],
    ['3-digit year', 'AV', 999, 1],
    ['5-digit year', 'AV', 10000, 1],
    ['decimal year', 'AV', 2026.5, 1],
  ])('rejects %s with an Error', (_label, code, year, seq) => {
    expect(() => formatLabelNumber(code, year, seq)).toThrow(Error);
  });

  it('numbers the labels of one pole and year consecutively, from 0001', () => {
    const numbers = [1, 2, 3].map((n) => formatLabelNumber('AV', 2026, n));
    expect(numbers).toEqual(['AV-2026-0001', 'AV-2026-0002', 'AV-2026-0003']);
    expect(numbers.map((n) => parseLabelNumber(n)?.sequence)).toEqual([1, 2, 3]);
  });

  it('keeps sequences of different poles and years apart (same sequence, different numbers)', () => {
    const numbers = [formatLabelNumber('AV', 2026, 1), formatLabelNumber('AV', 2027, 1), formatLabelNumber('SYS', 2026, 1)];
    expect(new Set(numbers).size).toBe(3);
    expect(numbers.map(parseLabelNumber)).toEqual([
      { poleCode: 'AV', year: 2026, sequence: 1 },
      { poleCode: 'AV', year: 2027, sequence: 1 },
      { poleCode: 'SYS', year: 2026, sequence: 1 },
    ]);
  });

  it('sorts as strings up to 9999 only; the parsed sequence orders beyond', () => {
    const numbers = [9998, 9999, 10000, 10001].map((n) => formatLabelNumber('AV', 2026, n));
    expect([...numbers].sort()).not.toEqual(numbers);
    const bySequence = [...numbers].reverse().sort((a, b) => (parseLabelNumber(a)?.sequence ?? 0) - (parseLabelNumber(b)?.sequence ?? 0));
    expect(bySequence).toEqual(numbers);
    const low = [1, 2, 10, 999, 9999].map((n) => formatLabelNumber('AV', 2026, n));
    expect([...low].reverse().sort()).toEqual(low);
  });

  it('is injective: distinct (pole, year, sequence) give distinct numbers', () => {
    fc.assert(
      fc.property(fc.tuple(arbCode, arbYear, arbSequence), fc.tuple(arbCode, arbYear, arbSequence), (a, b) => {
        fc.pre(a.join('/') !== b.join('/'));
        expect(formatLabelNumber(...a)).not.toBe(formatLabelNumber(...b));
      }),
    );
  });
});

describe('parseLabelNumber', () => {
  it('round-trips with formatLabelNumber', () => {
    fc.assert(
      fc.property(arbCode, arbYear, arbSequence, (poleCode, year, sequence) => {
        const n = formatLabelNumber(poleCode, year, sequence);
        expect(parseLabelNumber(n)).toEqual({ poleCode, year, sequence });
        expect(parseLabelNumber(n.toLowerCase())).toEqual({ poleCode, year, sequence });
        expect(formatLabelNumber(poleCode, year, sequence)).toBe(n);
      }),
      { numRuns: 500 },
    );
  });

  it('re-formats every number it accepts to the same (upper-case) string', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9]{2,8}-\d{4}-\d{4,7}$/), (s) => {
        const parsed = parseLabelNumber(s);
        if (parsed !== null) expect(formatLabelNumber(parsed.poleCode, parsed.year, parsed.sequence)).toBe(s.toUpperCase());
      }),
    );
  });

  it.each<[string, { poleCode: string; year: number; sequence: number }]>([
    ['AV-2026-0042', { poleCode: 'AV', year: 2026, sequence: 42 }],
    ['av-2026-0042', { poleCode: 'AV', year: 2026, sequence: 42 }],
    ['Moveo-2027-0001', { poleCode: 'MOVEO', year: 2027, sequence: 1 }],
    ['AV-2026-10000', { poleCode: 'AV', year: 2026, sequence: 10000 }],
    ['  AV-2026-0042\n', { poleCode: 'AV', year: 2026, sequence: 42 }],
    ['12-2026-0001', { poleCode: '12', year: 2026, sequence: 1 }],
  ])('%j → %p', (s, expected) => {
    expect(parseLabelNumber(s)).toEqual(expected);
  });

  it.each([
    [''],
    ['AV'],
    ['AV-2026'],
    ['AV-2026-042'], // fewer than 4 digits
    ['AV-2026-0000'], // sequence 0
    ['AV-2026-00042'], // zero padding beyond 4 digits
    ['A-2026-0042'], // 1-letter code
    ['ABCDEFGHI-2026-0042'], // 9-letter code
    ['A_V-2026-0042'],
    ['PÔLE-2026-0042'],
    ['AV-26-0042'],
    ['AV-0999-0042'],
    ['AV-20260-0042'],
    ['AV-2026-0042-1'],
    ['AV 2026 0042'],
    ['AV--2026-0042'],
    ['AV-2026-+042'],
    ['AV-2026-4.20'],
    ['AV-2026-99999999999999999999'], // beyond safe integers
  ])('%j → null', (s) => {
    expect(parseLabelNumber(s)).toBeNull();
  });
});

describe('labelValidUntil', () => {
  it.each<[string, number, string]>([
    ['2026-03-15T10:00:00Z', 12, '2027-03-15'],
    ['2026-03-15T10:00:00Z', 1, '2026-04-15'],
    ['2026-01-31T00:00:00Z', 1, '2026-02-28'],
    ['2028-01-31T00:00:00Z', 1, '2028-02-29'], // leap year
    ['2100-01-31T00:00:00Z', 1, '2100-02-28'], // not a leap year (century)
    ['2000-01-31T00:00:00Z', 1, '2000-02-29'], // leap year (400)
    ['2028-02-29T12:00:00Z', 12, '2029-02-28'],
    ['2028-02-29T12:00:00Z', 48, '2032-02-29'],
    ['2026-03-31T08:00:00Z', 1, '2026-04-30'],
    ['2026-08-31T08:00:00Z', 3, '2026-11-30'],
    ['2026-12-31T08:00:00Z', 2, '2027-02-28'],
    ['2026-11-30T08:00:00Z', 3, '2027-02-28'],
    ['2026-10-15T08:00:00Z', 27, '2029-01-15'],
    ['2026-01-28T00:00:00Z', 1, '2026-02-28'],
    // The UTC date counts, not the local one: 23:30 on Jan 31 in Paris is still Jan 31 UTC…
    ['2026-01-31T23:30:00+01:00', 1, '2026-02-28'],
    // …and 00:30 on Feb 1 in Paris is Jan 31 UTC.
    ['2026-02-01T00:30:00+01:00', 1, '2026-02-28'],
  ])('%s + %i months → %s', (granted, months, expected) => {
    expect(labelValidUntil(new Date(granted), months)).toBe(expected);
  });

  it.each([[0], [-1], [1.5], [Number.NaN]])('rejects %p months', (months) => {
    expect(() => labelValidUntil(new Date('2026-01-01T00:00:00Z'), months)).toThrow(Error);
  });

  it('rejects an invalid date', () => {
    expect(() => labelValidUntil(new Date('not a date'), 12)).toThrow(Error);
  });

  it('is never before the granting date and lands in the right month', () => {
    const arbDate = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true });
    fc.assert(
      fc.property(arbDate, fc.integer({ min: 1, max: 120 }), (d, months) => {
        const until = labelValidUntil(d, months);
        expect(until > d.toISOString().slice(0, 10)).toBe(true);
        const [y, m, day] = until.split('-').map(Number);
        expect(y * 12 + (m - 1)).toBe(d.getUTCFullYear() * 12 + d.getUTCMonth() + months);
        expect(day).toBeLessThanOrEqual(d.getUTCDate());
      }),
    );
  });
});

describe('labelStatus', () => {
  const revoked = new Date('2026-06-01T09:00:00Z');

  it.each<[string, Date | null, string, string, LabelStatus]>([
    ['before validUntil', null, '2027-03-15', '2026-06-01T12:00:00Z', 'active'],
    ['on the last day (inclusive)', null, '2027-03-15', '2027-03-15T23:59:59Z', 'active'],
    ['the day after', null, '2027-03-15', '2027-03-16T00:00:00Z', 'expired'],
    ['long after', null, '2027-03-15', '2030-01-01T00:00:00Z', 'expired'],
    ['UTC date counts: 00:30 Paris on the 16th is still the 15th UTC', null, '2027-03-15', '2027-03-16T00:30:00+01:00', 'active'],
    ['revoked while valid', revoked, '2027-03-15', '2026-06-02T00:00:00Z', 'revoked'],
    ['revoked wins over expired', revoked, '2027-03-15', '2030-01-01T00:00:00Z', 'revoked'],
    ['revoked, checked before the revocation date', revoked, '2027-03-15', '2026-01-01T00:00:00Z', 'revoked'],
  ])('%s → %s', (_label, revokedAt, validUntil, today, expected) => {
    expect(labelStatus({ revokedAt, validUntil }, new Date(today))).toBe(expected);
  });

  it('agrees with labelValidUntil on the last valid day', () => {
    const validUntil = labelValidUntil(new Date('2028-01-31T10:00:00Z'), 1); // 2028-02-29
    expect(labelStatus({ revokedAt: null, validUntil }, new Date('2028-02-29T23:00:00Z'))).toBe('active');
    expect(labelStatus({ revokedAt: null, validUntil }, new Date('2028-03-01T00:00:00Z'))).toBe('expired');
  });
});

describe('assertRevocable', () => {
  function caught(f: () => void): unknown {
    try {
      f();
    } catch (e) {
      return e;
    }
    return undefined;
  }

  it('accepts an active label with a motivation', () => {
    expect(caught(() => assertRevocable({ revokedAt: null }, 'consortium dissolved'))).toBeUndefined();
  });

  it.each<[string, Date | null, string, { code: string; status: number }]>([
    ['already revoked', new Date('2026-06-01T09:00:00Z'), 'again', { code: 'LABEL_ALREADY_REVOKED', status: 409 }],
    ['already revoked, blank motivation: 409 first', new Date('2026-06-01T09:00:00Z'), '', { code: 'LABEL_ALREADY_REVOKED', status: 409 }],
    ['empty motivation', null, '', { code: 'MOTIVATION_REQUIRED', status: 422 }],
    ['blank motivation', null, ' \t\n', { code: 'MOTIVATION_REQUIRED', status: 422 }],
  ])('%s', (_label, revokedAt, motivation, error) => {
    const e = caught(() => assertRevocable({ revokedAt }, motivation));
    expect(e).toBeInstanceOf(DomainError);
    expect(e).toMatchObject(error);
  });

  it('gives the revocation date', () => {
    expect(caught(() => assertRevocable({ revokedAt: new Date('2026-06-01T09:00:00Z') }, 'x'))).toMatchObject({
      details: { revokedAt: '2026-06-01T09:00:00.000Z' },
    });
  });
});
