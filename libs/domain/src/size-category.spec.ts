import fc from 'fast-check';
import {
  classifyCompany, euSizeCategory, frenchCategory, isSme, type CategoryFr, type CompanyFinancials, type SizeEu,
} from './size-category.js';

const M = 100_000_000; // 1 M€ in cents
const f = (headcount: number, turnoverMEur: number, balanceMEur: number, extraCents = 0): CompanyFinancials => ({
  headcount,
  turnoverCents: Math.round(turnoverMEur * M) + extraCents,
  balanceSheetCents: Math.round(balanceMEur * M) + extraCents,
});

describe('euSizeCategory (Recommendation 2003/361/EC)', () => {
  it.each<[string, CompanyFinancials, SizeEu]>([
    ['0 staff, nothing', f(0, 0, 0), 'micro'],
    ['9 staff, 1 M€', f(9, 1, 1), 'micro'],
    ['10 staff, 1 M€', f(10, 1, 1), 'small'],
    ['9.5 AWU, 1 M€', f(9.5, 1, 1), 'micro'],
    ['9 staff, exactly 2 M€ both', f(9, 2, 2), 'micro'],
    ['9 staff, 2 M€ + 1 cent both', f(9, 2, 2, 1), 'small'],
    ['9 staff, turnover 5 M€ but balance 2 M€', f(9, 5, 2), 'micro'],
    ['9 staff, turnover 2 M€ but balance 5 M€', f(9, 2, 5), 'micro'],
    ['49 staff, exactly 10 M€ both', f(49, 10, 10), 'small'],
    ['49 staff, 10 M€ + 1 cent both', f(49, 10, 10, 1), 'medium'],
    ['50 staff, 1 M€', f(50, 1, 1), 'medium'],
    ['249 staff, exactly 50 M€ / 43 M€', f(249, 50, 43), 'medium'],
    ['249 staff, 43 M€ balance with 60 M€ turnover', f(249, 60, 43), 'medium'],
    ['249 staff, 50 M€ turnover with 100 M€ balance', f(249, 50, 100), 'medium'],
    ['249 staff, 50 M€ + 1 cent / 43 M€ + 1 cent', f(249, 50, 43, 1), 'large'],
    ['250 staff, 1 M€', f(250, 1, 1), 'large'],
    ['5000 staff', f(5000, 3000, 3000), 'large'],
  ])('%s → %s', (_label, input, expected) => expect(euSizeCategory(input)).toBe(expected));
});

describe('frenchCategory (décret 2008-1354 art. 3)', () => {
  it.each<[string, CompanyFinancials, CategoryFr]>([
    ['9 staff, exactly 2 M€', f(9, 2, 2), 'TPE'],
    ['9 staff, 2 M€ + 1 cent', f(9, 2, 2, 1), 'PME'],
    ['10 staff, 1 M€', f(10, 1, 1), 'PME'],
    ['49 staff, 10 M€ + 1 cent (EU medium, still a PME)', f(49, 10, 10, 1), 'PME'],
    ['249 staff, 60 M€ turnover, 43 M€ balance', f(249, 60, 43), 'PME'],
    ['249 staff, 50 M€ + 1 cent / 43 M€ + 1 cent', f(249, 50, 43, 1), 'ETI'],
    ['250 staff, 1 M€', f(250, 1, 1), 'ETI'],
    ['4999 staff, exactly 1,500 M€ / 2,000 M€', f(4999, 1500, 2000), 'ETI'],
    ['4999 staff, 3,000 M€ turnover, 2,000 M€ balance', f(4999, 3000, 2000), 'ETI'],
    ['4999 staff, 1,500 M€ turnover, 5,000 M€ balance', f(4999, 1500, 5000), 'ETI'],
    ['4999 staff, 1,500 M€ + 1 cent / 2,000 M€ + 1 cent', f(4999, 1500, 2000, 1), 'GE'],
    ['5000 staff, 1 M€', f(5000, 1, 1), 'GE'],
  ])('%s → %s', (_label, input, expected) => expect(frenchCategory(input)).toBe(expected));
});

describe('classifyCompany / isSme', () => {
  it.each<[CompanyFinancials, SizeEu, CategoryFr]>([
    [f(3, 0.5, 0.3), 'micro', 'TPE'],
    [f(30, 8, 4), 'small', 'PME'],
    [f(200, 40, 30), 'medium', 'PME'],
    [f(1200, 400, 500), 'large', 'ETI'],
    [f(20000, 10000, 20000), 'large', 'GE'],
  ])('%j → %s / %s', (input, sizeEu, categoryFr) => {
    expect(classifyCompany(input)).toEqual({ sizeEu, categoryFr });
  });

  it.each<[SizeEu, boolean]>([['micro', true], ['small', true], ['medium', true], ['large', false]])(
    'isSme(%s) → %p',
    (size, expected) => expect(isSme(size)).toBe(expected),
  );

  it('EU SME ⇔ French TPE/PME for any figures (same ceilings)', () => {
    const money = fc.integer({ min: 0, max: 300_000 * M });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), money, money, (headcount, turnoverCents, balanceSheetCents) => {
        const { sizeEu, categoryFr } = classifyCompany({ headcount, turnoverCents, balanceSheetCents });
        expect(isSme(sizeEu)).toBe(categoryFr === 'TPE' || categoryFr === 'PME');
        expect(sizeEu === 'micro').toBe(categoryFr === 'TPE');
      }),
    );
  });
});

describe('invalid financials', () => {
  it.each<[string, CompanyFinancials, string[]]>([
    ['negative headcount', { headcount: -1, turnoverCents: 0, balanceSheetCents: 0 }, ['headcount']],
    ['NaN headcount', { headcount: Number.NaN, turnoverCents: 0, balanceSheetCents: 0 }, ['headcount']],
    ['negative turnover', { headcount: 1, turnoverCents: -1, balanceSheetCents: 0 }, ['turnoverCents']],
    ['fractional cents', { headcount: 1, turnoverCents: 0, balanceSheetCents: 10.5 }, ['balanceSheetCents']],
    ['infinite turnover', { headcount: 1, turnoverCents: Number.POSITIVE_INFINITY, balanceSheetCents: 0 }, ['turnoverCents']],
    ['all wrong', { headcount: -2, turnoverCents: 0.1, balanceSheetCents: -5 }, ['headcount', 'turnoverCents', 'balanceSheetCents']],
  ])('%s → INVALID_FINANCIALS (400)', (_label, input, paths) => {
    for (const fn of [euSizeCategory, frenchCategory, classifyCompany]) {
      expect(() => fn(input)).toThrow(
        expect.objectContaining({
          name: 'DomainError',
          code: 'INVALID_FINANCIALS',
          status: 400,
          details: { errors: paths.map((path) => ({ path, message: expect.any(String) })) },
        }),
      );
    }
  });
});
