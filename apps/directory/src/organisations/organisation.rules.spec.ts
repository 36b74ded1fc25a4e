import { DomainError } from '@poleflow/domain';
import { identifiers, sizeOf } from './organisation.rules.js';

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return e instanceof DomainError ? e.code : 'NOT_A_DOMAIN_ERROR';
  }
  return undefined;
};

describe('organisation identifiers', () => {
  it.each([
    ['732 829 320', undefined, { siren: '732829320', siret: null }],
    ['732829320', '732 829 320 00074', { siren: '732829320', siret: '73282932000074' }],
    ['732829320', '', { siren: '732829320', siret: null }],
  ])('accepts SIREN %j with SIRET %j', (siren, siret, expected) => {
    expect(identifiers(siren, siret)).toEqual(expected);
  });

  it.each([
    ['732829321', undefined, 'INVALID_SIREN'],
    ['12345', undefined, 'INVALID_SIREN'],
    ['732829320', '73282932000075', 'INVALID_SIRET'],
    // A valid SIRET, but of another legal unit (SIREN 405183278).
    ['732829320', '40518327800010', 'SIRET_SIREN_MISMATCH'],
  ])('refuses SIREN %j with SIRET %j: %s', (siren, siret, code) => {
    expect(codeOf(() => identifiers(siren, siret))).toBe(code);
  });
});

describe('organisation size', () => {
  it('classifies a company of 45 staff and 8 M€ turnover as small / PME', () => {
    expect(sizeOf('company', { headcount: 45, turnoverCents: 800_000_000, balanceSheetCents: 500_000_000 })).toEqual({ sizeEu: 'small', categoryFr: 'PME' });
  });

  it('does not classify research organisations and training bodies', () => {
    expect(sizeOf('research_organisation', { headcount: 900, turnoverCents: null, balanceSheetCents: null })).toEqual({ sizeEu: null, categoryFr: null });
    expect(sizeOf('training_body', { headcount: null, turnoverCents: null, balanceSheetCents: null })).toEqual({ sizeEu: null, categoryFr: null });
  });

  it('refuses a company without its financials', () => {
    expect(codeOf(() => sizeOf('company', { headcount: 3, turnoverCents: null, balanceSheetCents: 1 }))).toBe('INVALID_FINANCIALS');
  });
});
