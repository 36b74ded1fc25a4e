import { DomainError } from './domain-error.js';

/*
 * Company size classes (DOMAIN.md §5).
 *
 * EU: Commission Recommendation 2003/361/EC, annex art. 2. Headcount (annual work units) is
 * mandatory; the financial test is turnover OR balance sheet total. Anything above medium is
 * "large" for State-aid (GBER) purposes.
 * France: décret n° 2008-1354, art. 3 (TPE/microentreprise, PME, ETI, GE). For GBER an ETI is a
 * large enterprise; French calls (FUI, PSPC, i-Démo) use ETI as an extra rate class.
 *
 * Figures are those of the last closed financial year, for the "enterprise" including its
 * partner and linked enterprises (group data added): consolidating them is the caller's job.
 *
 * Only undertakings are classified. Research organisations and training bodies are not
 * enterprises in this sense: the caller decides not to call these functions for them and stores
 * null size/category (as the wire contracts allow).
 */

export const SIZE_EU_VALUES = ['micro', 'small', 'medium', 'large'] as const;
export type SizeEu = (typeof SIZE_EU_VALUES)[number];

export const CATEGORY_FR_VALUES = ['TPE', 'PME', 'ETI', 'GE'] as const;
export type CategoryFr = (typeof CATEGORY_FR_VALUES)[number];

export interface CompanyFinancials {
  /** Staff in annual work units (AWU); part-time and seasonal work count as fractions. */
  headcount: number;
  /** Annual turnover excluding VAT, integer euro cents. */
  turnoverCents: number;
  /** Annual balance-sheet total, integer euro cents. */
  balanceSheetCents: number;
}

const M_EUR = 100_000_000; // 1 M€ in cents

/** A ceiling: the class applies when headcount < maxHeadcount AND (turnover ≤ max OR balance ≤ max). */
export interface SizeThreshold {
  maxHeadcount: number; // exclusive
  maxTurnoverCents: number; // inclusive
  maxBalanceSheetCents: number; // inclusive
}

/** Recommendation 2003/361/EC, annex art. 2(3), 2(2), 2(1). */
export const EU_MICRO: SizeThreshold = { maxHeadcount: 10, maxTurnoverCents: 2 * M_EUR, maxBalanceSheetCents: 2 * M_EUR };
export const EU_SMALL: SizeThreshold = { maxHeadcount: 50, maxTurnoverCents: 10 * M_EUR, maxBalanceSheetCents: 10 * M_EUR };
export const EU_MEDIUM: SizeThreshold = { maxHeadcount: 250, maxTurnoverCents: 50 * M_EUR, maxBalanceSheetCents: 43 * M_EUR };

/** Décret 2008-1354 art. 3. */
export const FR_TPE: SizeThreshold = { maxHeadcount: 10, maxTurnoverCents: 2 * M_EUR, maxBalanceSheetCents: 2 * M_EUR };
export const FR_PME: SizeThreshold = { maxHeadcount: 250, maxTurnoverCents: 50 * M_EUR, maxBalanceSheetCents: 43 * M_EUR };
export const FR_ETI: SizeThreshold = { maxHeadcount: 5000, maxTurnoverCents: 1500 * M_EUR, maxBalanceSheetCents: 2000 * M_EUR };

function within(t: SizeThreshold, f: CompanyFinancials): boolean {
  return f.headcount < t.maxHeadcount && (f.turnoverCents <= t.maxTurnoverCents || f.balanceSheetCents <= t.maxBalanceSheetCents);
}

/**
 * Throws INVALID_FINANCIALS (400) on a negative or non-finite value, or non-integer money.
 * Headcount may be fractional: AWU count part-time work as fractions (2003/361/EC annex art. 5).
 */
function check(f: CompanyFinancials): void {
  const errors: { path: string; message: string }[] = [];
  if (!Number.isFinite(f.headcount) || f.headcount < 0) errors.push({ path: 'headcount', message: 'must be a non-negative number of annual work units' });
  for (const key of ['turnoverCents', 'balanceSheetCents'] as const) {
    if (!Number.isSafeInteger(f[key]) || f[key] < 0) errors.push({ path: key, message: 'must be a non-negative integer amount of cents' });
  }
  if (errors.length > 0) throw new DomainError('INVALID_FINANCIALS', 'invalid company financials', 400, { errors });
}

export function euSizeCategory(f: CompanyFinancials): SizeEu {
  check(f);
  if (within(EU_MICRO, f)) return 'micro';
  if (within(EU_SMALL, f)) return 'small';
  if (within(EU_MEDIUM, f)) return 'medium';
  return 'large';
}

export function frenchCategory(f: CompanyFinancials): CategoryFr {
  check(f);
  if (within(FR_TPE, f)) return 'TPE';
  if (within(FR_PME, f)) return 'PME';
  if (within(FR_ETI, f)) return 'ETI';
  return 'GE';
}

export function classifyCompany(f: CompanyFinancials): { sizeEu: SizeEu; categoryFr: CategoryFr } {
  return { sizeEu: euSizeCategory(f), categoryFr: frenchCategory(f) };
}

/** SME = micro, small or medium (2003/361/EC annex art. 2(1)). */
export function isSme(sizeEu: SizeEu): boolean {
  return sizeEu !== 'large';
}
