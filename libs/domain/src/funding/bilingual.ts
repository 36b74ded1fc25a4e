/*
 * Bilingual (French / English) text and the deterministic formatting of the eligibility reasons:
 * money, percentages, shares and ISO dates (no Intl: French decimal comma, thousands separated by
 * a space). Money is integer euro cents; rates are basis points (10000 = 100 %).
 */

export type Text = { fr: string; en: string };

// ---------------------------------------------------------------------------------------------
// Text, money, percentages, shares
// ---------------------------------------------------------------------------------------------

export const both = (s: string): Text => ({ fr: s, en: s });

/** Joins bilingual items; '; ' becomes ' ; ' in French (space before the semicolon). */
export function join(items: readonly Text[], sep: ', ' | '; ' = ', '): Text {
  return { fr: items.map((t) => t.fr).join(sep === '; ' ? ' ; ' : sep), en: items.map((t) => t.en).join(sep) };
}

const group = (digits: string, sep: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);

/**
 * A non-negative amount in hundredths, without decimals when whole: 7250 → "72.5" / "72,5" for
 * a percentage (trailing zero dropped), "72.50" / "72,50" for money (`keepZero`).
 */
function hundredths(h: bigint, thousands: Text, keepZero: boolean): Text {
  const int = String(h / 100n);
  const cents = String(h % 100n).padStart(2, '0');
  const frac = h % 100n === 0n ? '' : keepZero ? cents : cents.replace(/0$/, '');
  return {
    fr: group(int, thousands.fr) + (frac === '' ? '' : `,${frac}`),
    en: group(int, thousands.en) + (frac === '' ? '' : `.${frac}`),
  };
}

const suffix = (t: Text, s: string): Text => ({ fr: t.fr + s, en: t.en + s });

/** Basis points as a percentage: 3500 → "35 %", 3750 → "37,5 %" / "37.5 %". */
export const bpsText = (bps: number): Text => suffix(hundredths(BigInt(bps), { fr: '', en: '' }, false), ' %');

export const pctText = (pct: number): Text => bpsText(pct * 100);

/** 150000000 → "1 500 000 €" / "1,500,000 €"; cents shown only when not zero. */
export function money(cents: number): Text {
  const t = suffix(hundredths(BigInt(Math.abs(cents)), { fr: ' ', en: ',' }, true), ' €');
  if (cents >= 0) return t;
  return { fr: `-${t.fr}`, en: `-${t.en}` };
}

/**
 * Share of `total` as a percentage with at most two decimals. A failing share is rounded up so
 * that it never reads as the maximum itself (70.001 % above 70 % reads "70.01 %").
 */
export function shareText(part: number, total: number, rounding: 'nearest' | 'up'): Text {
  const n = BigInt(part) * 10_000n;
  const d = BigInt(total);
  let q = n / d;
  const r = n % d;
  if (r > 0n && (rounding === 'up' || 2n * r >= d)) q += 1n;
  return bpsText(Number(q));
}

// ---------------------------------------------------------------------------------------------
// Dates: UTC calendar days (YYYY-MM-DD); a date-time with a zone designator is converted to its
// UTC day, one without is read as written
// ---------------------------------------------------------------------------------------------

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/i;

export function isCalendarDay(s: string): boolean {
  const m = DAY.exec(s);
  if (m === null) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

/** The UTC calendar day (YYYY-MM-DD) of an ISO date or date-time; null when malformed. */
export function utcDay(s: string): string | null {
  const v = s.trim();
  if (DAY.test(v)) return isCalendarDay(v) ? v : null;
  const m = DATE_TIME.exec(v);
  if (m === null || !isCalendarDay(m[1])) return null;
  const zoned = m[2] !== undefined;
  const ms = Date.parse(zoned ? v : `${v}Z`);
  if (Number.isNaN(ms)) return null;
  return zoned ? new Date(ms).toISOString().slice(0, 10) : m[1];
}
