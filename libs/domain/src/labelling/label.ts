import { DomainError } from '../domain-error.js';

/*
 * Labels granted by a pole (DOMAIN.md §2.1, §2.4: a label record references one funding call and
 * expires with it). Numbers read POLECODE-YEAR-SEQUENCE ("AV-2026-0042"): the sequence counts the
 * labels of one pole in one year from 1, written with at least 4 digits. Past 9999 the numbers no
 * longer sort as strings ("AV-2026-10000" < "AV-2026-9999"): order by the parsed sequence.
 */

const POLE_CODE = /^[A-Z0-9]{2,8}$/i;
const LABEL_NUMBER = /^([A-Z0-9]{2,8})-([1-9]\d{3})-(\d{4}|[1-9]\d{4,})$/i;

/**
 * 'AV-2026-0042'; 4 digits minimum, more when needed (10000 → 'AV-2026-10000'). The code (2–8
 * letters or digits) is upper-cased. Throws an Error for a sequence below 1 or not an integer, a
 * malformed code or a year outside 1000–9999: every number it writes is one parseLabelNumber reads.
 */
export function formatLabelNumber(poleCode: string, year: number, sequence: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new Error(`label sequence must be an integer ≥ 1, got ${sequence}`);
  if (!POLE_CODE.test(poleCode)) throw new Error(`pole code must be 2 to 8 letters or digits, got ${JSON.stringify(poleCode)}`);
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new Error(`label year must be a 4-digit year, got ${year}`);
  return `${poleCode.toUpperCase()}-${year}-${String(sequence).padStart(4, '0')}`;
}

/**
 * Reads a label number, case-insensitively (surrounding whitespace ignored); the code comes back
 * upper-case. null for anything malformed, including a non-canonical sequence ("00042" with 5
 * digits, "0000") that formatLabelNumber would never write.
 */
export function parseLabelNumber(s: string): { poleCode: string; year: number; sequence: number } | null {
  const m = LABEL_NUMBER.exec(s.trim());
  if (m === null) return null;
  const [, code, year, seq] = m;
  const sequence = Number(seq);
  if (!Number.isSafeInteger(sequence) || sequence < 1) return null;
  return { poleCode: code.toUpperCase(), year: Number(year), sequence };
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/**
 * Last day of validity (inclusive), as an ISO date (YYYY-MM-DD, UTC): the UTC date of `grantedAt`
 * plus `months`, clamped to the last day of the target month (Jan 31 + 1 month → Feb 28, or 29 in
 * a leap year). Throws an Error for an invalid date or months not an integer ≥ 1.
 */
export function labelValidUntil(grantedAt: Date, months: number): string {
  if (Number.isNaN(grantedAt.getTime())) throw new Error('grantedAt is an invalid date');
  if (!Number.isInteger(months) || months < 1) throw new Error(`label validity must be an integer number of months ≥ 1, got ${months}`);
  const monthIndex = grantedAt.getUTCMonth() + months;
  const year = grantedAt.getUTCFullYear() + Math.floor(monthIndex / 12);
  const month = monthIndex % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(grantedAt.getUTCDate(), lastDay);
  return `${pad(year, 4)}-${pad(month + 1, 2)}-${pad(day, 2)}`;
}

export type LabelStatus = 'active' | 'revoked' | 'expired';

const utcDate = (d: Date): string => `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;

/** Revoked wins over expired; expired once today's UTC date is after `validUntil` (which is still valid). */
export function labelStatus(label: { revokedAt: Date | null; validUntil: string }, today: Date): LabelStatus {
  if (label.revokedAt !== null) return 'revoked';
  return utcDate(today) > label.validUntil ? 'expired' : 'active';
}

/** LABEL_ALREADY_REVOKED (409) first, then MOTIVATION_REQUIRED (422) for a blank motivation. */
export function assertRevocable(label: { revokedAt: Date | null }, motivation: string): void {
  if (label.revokedAt !== null) {
    throw new DomainError('LABEL_ALREADY_REVOKED', `the label was already revoked on ${label.revokedAt.toISOString()}`, 409, {
      revokedAt: label.revokedAt.toISOString(),
    });
  }
  if (motivation.trim() === '') throw new DomainError('MOTIVATION_REQUIRED', 'a motivation is required to revoke a label', 422);
}
