import fc from 'fast-check';
import { DomainError } from '../domain-error.js';
import { checkGrant, trancheAmounts } from './grant.js';

const ceilings = [
  { organisationId: 'a', name: 'AéroLab', maxAidCents: 44_000_000 },
  { organisationId: 'b', name: 'Composites SA', maxAidCents: 39_500_000 },
];
const tranches = [{ milestone: 'prototype', percent: 30 }, { milestone: 'industrialisation', percent: 40 }, { milestone: 'market_launch', percent: 30 }];
const codeOf = (f: () => unknown): string => {
  try { f(); } catch (e) { return (e as DomainError).code; }
  return 'none';
};

describe('checkGrant', () => {
  it('accepts amounts up to each ceiling and returns the total', () => {
    expect(checkGrant([{ organisationId: 'a', amountCents: 44_000_000, aidForm: 'grant' }, { organisationId: 'b', amountCents: 1, aidForm: 'repayable_advance' }], tranches, ceilings, ['grant', 'repayable_advance'])).toBe(44_000_001);
  });

  it.each([
    ['one cent above a ceiling', [{ organisationId: 'a', amountCents: 44_000_001, aidForm: 'grant' }], tranches, 'AID_ABOVE_CEILING'],
    ['a stranger', [{ organisationId: 'z', amountCents: 1, aidForm: 'grant' }], tranches, 'NOT_A_PARTNER'],
    ['a partner twice', [{ organisationId: 'a', amountCents: 1, aidForm: 'grant' }, { organisationId: 'a', amountCents: 1, aidForm: 'grant' }], tranches, 'DUPLICATE_PARTNER'],
    ['a zero amount', [{ organisationId: 'a', amountCents: 0, aidForm: 'grant' }], tranches, 'INVALID_AMOUNT'],
    ['an aid form the call does not offer', [{ organisationId: 'a', amountCents: 1, aidForm: 'repayable_advance' }], tranches, 'AID_FORM_NOT_OFFERED'],
    ['no partner', [], tranches, 'EMPTY_GRANT'],
    ['tranches adding up to 90', [{ organisationId: 'a', amountCents: 1, aidForm: 'grant' }], tranches.slice(1).concat({ milestone: 'prototype', percent: 20 }), 'TRANCHES_MUST_TOTAL_100'],
    ['a milestone twice', [{ organisationId: 'a', amountCents: 1, aidForm: 'grant' }], [{ milestone: 'prototype', percent: 50 }, { milestone: 'prototype', percent: 50 }], 'DUPLICATE_MILESTONE'],
    ['a fractional percentage', [{ organisationId: 'a', amountCents: 1, aidForm: 'grant' }], [{ milestone: 'prototype', percent: 50.5 }, { milestone: 'market_launch', percent: 49.5 }], 'INVALID_TRANCHE'],
  ])('refuses %s', (_, lines, t, code) => {
    expect(codeOf(() => checkGrant(lines, t, ceilings, ['grant']))).toBe(code);
  });

  it('names the partner and the ceiling when an amount is too high', () => {
    try {
      checkGrant([{ organisationId: 'b', amountCents: 40_000_000, aidForm: 'grant' }], tranches, ceilings, ['grant']);
      throw new Error('not refused');
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).status).toBe(422);
      expect((e as DomainError).details).toEqual({ organisationId: 'b', name: 'Composites SA', amountCents: 40_000_000, ceilingCents: 39_500_000 });
    }
  });
});

describe('trancheAmounts', () => {
  it('splits 1 000,01 € 30/40/30 into cents that add up exactly', () => {
    expect(trancheAmounts(100_001, tranches)).toEqual([30_000, 40_001, 30_000]);
  });

  it('always adds up exactly and stays within a cent of the exact share', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e12 }), fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 6 }), (amount, raw) => {
      // Percentages that add up to 100: scale the random ones, the last takes the rest.
      const total = raw.reduce((s, x) => s + x, 0);
      const pcts = raw.map((x) => Math.floor((x * 100) / total));
      pcts[pcts.length - 1] += 100 - pcts.reduce((s, x) => s + x, 0);
      const t = pcts.map((percent, i) => ({ milestone: `m${i}`, percent }));
      const parts = trancheAmounts(amount, t);
      expect(parts.reduce((s, x) => s + x, 0)).toBe(amount);
      parts.forEach((p, i) => expect(Math.abs(p - (amount * t[i].percent) / 100)).toBeLessThan(1));
    }));
  });
});
