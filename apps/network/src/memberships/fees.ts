import { MEMBERSHIP_FEE_CLASSES, type CATEGORY_FR, type ORGANISATION_KINDS } from '@poleflow/contracts';

/*
 * A pole's yearly membership fee grid (DOMAIN.md §1.1, "adhérent"): one amount per fee class, the French company
 * categories (TPE, PME, ETI, GE: DOMAIN.md §5) for companies, one class for labs and one for training bodies.
 * Pure functions: the grid, the class of an organisation, the fee, the membership year and its timers.
 */

export type FeeClass = (typeof MEMBERSHIP_FEE_CLASSES)[number];
export type FeeGrid = Record<FeeClass, number>;
export { MEMBERSHIP_FEE_CLASSES as FEE_CLASSES };

/** Euro cents a year, in the range comparable poles publish (a TPE a few hundred euros, a large group several thousand). */
export const DEFAULT_FEE_GRID: Readonly<FeeGrid> = Object.freeze({
  TPE: 30_000, PME: 90_000, ETI: 250_000, GE: 600_000, LAB: 100_000, TRAINING: 50_000,
});

/**
 * The fee class of an organisation: a lab or a training body by its kind; a company by its French category, a
 * company whose category is not known yet (no headcount declared) pays as a PME, the most common case.
 */
export function feeClassOf(o: { kind: (typeof ORGANISATION_KINDS)[number]; categoryFr: (typeof CATEGORY_FR)[number] | null }): FeeClass {
  if (o.kind === 'research_organisation') return 'LAB';
  if (o.kind === 'training_body') return 'TRAINING';
  return o.categoryFr ?? 'PME';
}

/** The grid as stored (possibly older, with a class missing) completed by the defaults. */
export const effectiveGrid = (stored: Partial<FeeGrid> | null | undefined): FeeGrid => ({ ...DEFAULT_FEE_GRID, ...(stored ?? {}) });

export const feeFor = (grid: Partial<FeeGrid> | null | undefined, feeClass: FeeClass): number => effectiveGrid(grid)[feeClass];

const DAY = 86_400_000;
const iso = (d: Date): string => d.toISOString().slice(0, 10);
const utc = (isoDate: string): Date => new Date(`${isoDate}T00:00:00.000Z`);

/** A membership year: from `startsOn` to the day before its anniversary, included (29 February → 28 February). */
export function membershipYear(startsOn: string): { startsOn: string; endsOn: string } {
  const s = utc(startsOn);
  const next = new Date(Date.UTC(s.getUTCFullYear() + 1, s.getUTCMonth(), s.getUTCDate()));
  // 29 February + 1 year rolls over to 1 March in Date.UTC: the anniversary is then 1 March, the year ends 28 February.
  return { startsOn, endsOn: iso(new Date(next.getTime() - DAY)) };
}

/** The next year of a membership, starting the day after the current one ends. */
export const nextYear = (endsOn: string): { startsOn: string; endsOn: string } => membershipYear(iso(new Date(utc(endsOn).getTime() + DAY)));

/** The moment a membership year is over: the start of the day after `endsOn` (UTC). */
export const yearEndsAt = (endsOn: string): Date => new Date(utc(endsOn).getTime() + DAY);

/** When the renewal reminder fires: `days` before the year is over. */
export const renewalReminderAt = (endsOn: string, days: number): Date => new Date(yearEndsAt(endsOn).getTime() - days * DAY);

export const todayIso = (now = new Date()): string => iso(now);
export const addDaysIso = (isoDate: string, days: number): string => iso(new Date(utc(isoDate).getTime() + days * DAY));
