import fc from 'fast-check';
import {
  consortiumTotals, COST_TYPES, emptyBudget, partnerTotal, RESEARCH_CATEGORIES, totalsByCategory, totalsByCostType,
  validateBudget, type PartnerBudgetInput,
} from './budget.js';

const sample: PartnerBudgetInput = {
  industrial: { personnel: 300_000_00, equipment: 50_000_00, overheads: 45_000_00 },
  experimental: { personnel: 100_000_00, subcontracting: 20_000_00, other: 5_000_00 },
};

describe('budget totals', () => {
  it('emptyBudget has every category × cost type at 0', () => {
    const b = emptyBudget();
    expect(Object.keys(b)).toEqual([...RESEARCH_CATEGORIES]);
    for (const c of RESEARCH_CATEGORIES) expect(b[c]).toEqual({ personnel: 0, equipment: 0, subcontracting: 0, overheads: 0, other: 0 });
    expect(partnerTotal(b)).toBe(0);
  });

  it.each<[string, PartnerBudgetInput, number]>([
    ['empty object', {}, 0],
    ['empty budget', emptyBudget(), 0],
    ['sample', sample, 520_000_00],
    ['one cell', { feasibility: { other: 1 } }, 1],
  ])('partnerTotal(%s) → %i', (_label, b, expected) => expect(partnerTotal(b)).toBe(expected));

  it('totalsByCategory fills missing categories with 0', () => {
    expect(totalsByCategory(sample)).toEqual({ fundamental: 0, industrial: 395_000_00, experimental: 125_000_00, feasibility: 0 });
  });

  it('totalsByCostType sums across categories', () => {
    expect(totalsByCostType(sample)).toEqual({
      personnel: 400_000_00, equipment: 50_000_00, subcontracting: 20_000_00, overheads: 45_000_00, other: 5_000_00,
    });
  });

  it('consortiumTotals gives totals, shares and category split', () => {
    const result = consortiumTotals([
      { organisationId: 'big', budget: { industrial: { personnel: 800_000_00 } } },
      { organisationId: 'sme', budget: sample },
      { organisationId: 'lab', budget: { fundamental: { personnel: 380_000_00 } } },
    ]);
    expect(result.totalCents).toBe(1_700_000_00);
    expect(result.byCategory).toEqual({ fundamental: 380_000_00, industrial: 1_195_000_00, experimental: 125_000_00, feasibility: 0 });
    expect(result.byPartner.map((p) => [p.organisationId, p.totalCents])).toEqual([
      ['big', 800_000_00], ['sme', 520_000_00], ['lab', 380_000_00],
    ]);
    expect(result.byPartner[0].sharePct).toBeCloseTo(47.0588, 3);
    expect(result.byPartner[1].sharePct).toBeCloseTo(30.5882, 3);
    expect(result.byPartner[2].sharePct).toBeCloseTo(22.3529, 3);
  });

  it.each([
    [[], { totalCents: 0, byPartner: [], byCategory: { fundamental: 0, industrial: 0, experimental: 0, feasibility: 0 } }],
    [[{ organisationId: 'a', budget: {} }], {
      totalCents: 0,
      byPartner: [{ organisationId: 'a', totalCents: 0, sharePct: 0 }],
      byCategory: { fundamental: 0, industrial: 0, experimental: 0, feasibility: 0 },
    }],
  ])('consortiumTotals with a zero total (%#) gives 0 % shares', (partners, expected) => {
    expect(consortiumTotals(partners)).toEqual(expected);
  });

  it('totals agree whichever way they are summed', () => {
    const cell = fc.integer({ min: 0, max: 1_000_000_000 });
    const budget = fc.record(
      Object.fromEntries(RESEARCH_CATEGORIES.map((c) => [c, fc.record(Object.fromEntries(COST_TYPES.map((t) => [t, cell])), { requiredKeys: [] })])),
      { requiredKeys: [] },
    ) as fc.Arbitrary<PartnerBudgetInput>;
    fc.assert(
      fc.property(fc.array(budget, { maxLength: 6 }), (budgets) => {
        const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
        for (const b of budgets) {
          expect(sum(totalsByCategory(b))).toBe(partnerTotal(b));
          expect(sum(totalsByCostType(b))).toBe(partnerTotal(b));
        }
        const c = consortiumTotals(budgets.map((b, i) => ({ organisationId: `o${i}`, budget: b })));
        expect(sum(c.byCategory)).toBe(c.totalCents);
        if (c.totalCents > 0) expect(c.byPartner.reduce((a, p) => a + p.sharePct, 0)).toBeCloseTo(100, 6);
      }),
    );
  });
});

describe('validateBudget', () => {
  it.each<[string, unknown]>([
    ['empty object', {}],
    ['empty budget', emptyBudget()],
    ['sample', sample],
    ['zero amounts', { feasibility: { other: 0 } }],
  ])('%s is valid', (_label, b) => expect(validateBudget(b)).toEqual([]));

  it.each<[string, unknown, string[]]>([
    ['negative', { industrial: { personnel: -1 } }, ['industrial.personnel']],
    ['non-integer', { industrial: { equipment: 10.5 } }, ['industrial.equipment']],
    ['string amount', { industrial: { equipment: '10' } }, ['industrial.equipment']],
    ['NaN', { experimental: { other: Number.NaN } }, ['experimental.other']],
    ['unknown category', { applied: { personnel: 1 } }, ['applied']],
    ['unknown cost type', { industrial: { travel: 1 } }, ['industrial.travel']],
    ['category not an object', { industrial: 5 }, ['industrial']],
    ['several', { industrial: { personnel: -1, travel: 2 }, foo: {} }, ['industrial.personnel', 'industrial.travel', 'foo']],
    ['not an object', 42, ['']],
    ['array', [], ['']],
    ['null', null, ['']],
  ])('%s → issues at %j', (_label, b, paths) => {
    const issues = validateBudget(b);
    expect(issues.map((i) => i.path)).toEqual(paths);
    for (const i of issues) expect(i.message).toEqual(expect.any(String));
  });

  it.each<[unknown, string]>([
    [{ industrial: { personnel: -1 } }, 'must not be negative'],
    [{ industrial: { personnel: 1.5 } }, 'must be an integer amount of cents'],
    [{ industrial: { travel: 1 } }, 'unknown cost type (expected one of personnel, equipment, subcontracting, overheads, other)'],
    [{ applied: {} }, 'unknown research category (expected one of fundamental, industrial, experimental, feasibility)'],
  ])('%j → "%s"', (b, message) => expect(validateBudget(b)[0].message).toBe(message));
});
