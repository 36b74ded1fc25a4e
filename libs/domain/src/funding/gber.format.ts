/*
 * Formatting of the GBER reasons and notes (English, deterministic: no locale), and the exact
 * share comparisons they rest on: intensities in basis points (10000 = 100 %), money in integer
 * cents, shares compared by cross-multiplication in BigInt (70.00 % holds, 70.01 % fails).
 */

export const FULL_BPS = 10_000;

/** 8000 → "80 %", 3750 → "37.5 %". */
export function pct(bps: number): string {
  return `${(bps / 100).toString()} %`;
}

/** 123456789 → "1,234,567.89 €"; whole euros without decimals. */
export function eur(cents: number): string {
  const euros = Math.floor(cents / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const rest = cents % 100;
  return rest === 0 ? `${euros} €` : `${euros}.${rest.toString().padStart(2, '0')} €`;
}

/**
 * Share of `part` in `total` with one decimal, rounded half up. When rounding lands on `limitBps`
 * although the exact share differs, says "just over" / "just under" so the text never contradicts
 * the exact comparison (70.01 % is "just over 70.0 %").
 */
export function share(part: number, total: number, limitBps?: number): string {
  const p = BigInt(part);
  const t = BigInt(total);
  const tenths = (p * 2000n + t) / (2n * t); // round(part / total × 1000)
  const text = `${(Number(tenths) / 10).toFixed(1)} %`;
  if (limitBps === undefined || tenths * 10n !== BigInt(limitBps)) return text;
  const cmp = p * BigInt(FULL_BPS) - BigInt(limitBps) * t;
  if (cmp > 0n) return `just over ${text}`;
  if (cmp < 0n) return `just under ${text}`;
  return text;
}

/** part / total > limit, exactly. */
export const above = (part: number, total: number, limitBps: number): boolean => BigInt(part) * BigInt(FULL_BPS) > BigInt(limitBps) * BigInt(total);
/** part / total ≥ limit, exactly. */
export const atLeast = (part: number, total: number, limitBps: number): boolean => BigInt(part) * BigInt(FULL_BPS) >= BigInt(limitBps) * BigInt(total);

export function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
