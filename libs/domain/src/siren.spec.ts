import fc from 'fast-check';
import { DomainError } from './domain-error.js';
import {
  assertSiren, assertSiret, isValidSiren, isValidSiret, luhnValid, normaliseSiren, normaliseSiret, sirenOfSiret,
} from './siren.js';

/** Appends the Luhn check digit to a digit string (test helper). */
function withLuhnKey(body: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(body + d)) return body + d;
  throw new Error('unreachable');
}

describe('luhnValid', () => {
  it.each([
    ['732829320', true], // DOMAIN.md worked example
    ['732829321', false],
    ['0', true],
    ['79927398713', true], // classic Luhn example
    ['79927398710', false],
    ['', false],
    ['12a4', false],
    [' 732829320', false],
  ])('%p → %p', (v, expected) => expect(luhnValid(v)).toBe(expected));
});

describe('isValidSiren', () => {
  it.each([
    ['732829320', true],
    ['732829321', false],
    ['552100554', true],
    ['356000000', true], // La Poste
    ['000000000', true],
    ['73282932', false], // 8 digits
    ['7328293200', false], // 10 digits
    ['73282932A', false],
    ['732 829 320', false], // strict: normalise first
    ['', false],
  ])('%p → %p', (v, expected) => expect(isValidSiren(v)).toBe(expected));

  it('accepts any 8 digits followed by their Luhn key, and rejects every other last digit', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{8}$/), fc.integer({ min: 1, max: 9 }), (body, shift) => {
        const valid = withLuhnKey(body);
        const wrong = body + String((Number(valid[8]) + shift) % 10);
        expect(isValidSiren(valid)).toBe(true);
        expect(isValidSiren(wrong)).toBe(false);
      }),
    );
  });
});

describe('isValidSiret', () => {
  it.each([
    ['73282932000074', true], // 7th establishment of 732 829 320
    ['73282932000075', false],
    ['55210055400013', true],
    ['35600000000048', true], // La Poste head office: Luhn-valid (digit sum 26)
    ['35600000049837', true], // La Poste establishment: not Luhn, digit sum 45
    ['35600000049838', false], // La Poste, digit sum 46, not Luhn
    ['35600000049845', false], // La Poste, digit sum 44, not Luhn
    ['73282932000077', false], // digit sum 50 but not La Poste: the exception does not apply
    ['7328293200007', false], // 13 digits
    ['732829320000740', false], // 15 digits
    ['7328293200007A', false],
    ['732 829 320 00074', false],
    ['', false],
  ])('%p → %p', (v, expected) => expect(isValidSiret(v)).toBe(expected));
});

describe('normalise / sirenOfSiret', () => {
  it.each([
    ['732 829 320', '732829320'],
    ['732\u00a0829\u202f320', '732829320'], // French non-breaking spaces
    [' 732829320\t', '732829320'],
  ])('normaliseSiren(%p) → %p', (v, expected) => expect(normaliseSiren(v)).toBe(expected));

  it.each([
    ['732 829 320 00074', '73282932000074'],
    ['35600000049837', '35600000049837'],
  ])('normaliseSiret(%p) → %p', (v, expected) => expect(normaliseSiret(v)).toBe(expected));

  it.each([
    ['73282932000074', '732829320'],
    ['732 829 320 00074', '732829320'],
    ['35600000049837', '356000000'],
  ])('sirenOfSiret(%p) → %p', (v, expected) => expect(sirenOfSiret(v)).toBe(expected));

  it.each([['7328293200007'], ['abc'], ['']])('sirenOfSiret(%p) throws INVALID_SIRET', (v) => {
    expect(() => sirenOfSiret(v)).toThrow(expect.objectContaining({ code: 'INVALID_SIRET', status: 400 }));
  });
});

describe('assertSiren / assertSiret', () => {
  it('return the valid value', () => {
    expect(assertSiren('552100554')).toBe('552100554');
    expect(assertSiret('35600000049837')).toBe('35600000049837');
  });

  it.each([
    [() => assertSiren('732829321'), 'INVALID_SIREN'],
    [() => assertSiren(''), 'INVALID_SIREN'],
    [() => assertSiret('73282932000075'), 'INVALID_SIRET'],
    [() => assertSiret('35600000049838'), 'INVALID_SIRET'],
  ])('#%# throws %p with status 400', (fn, code) => {
    let caught: unknown;
    try {
      fn();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).code).toBe(code);
    expect((caught as DomainError).status).toBe(400);
  });
});
