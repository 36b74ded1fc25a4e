import { DomainError } from './domain-error.js';

/*
 * SIREN (9 digits, legal unit) and SIRET (14 digits = SIREN + 5-digit NIC, establishment), both
 * assigned by INSEE. The last digit of each is a Luhn check digit (DOMAIN.md §7).
 * La Poste exception: every La Poste establishment shares SIREN 356 000 000 and their SIRETs do
 * not satisfy Luhn (except the head office 356 000 000 00048); for them the rule is "sum of the
 * 14 digits is a multiple of 5" (reference: pass-culture api/src/pcapi/utils/siren.py: Luhn first,
 * then the La Poste fallback).
 */

export const LA_POSTE_SIREN = '356000000';

const DIGITS = /^\d+$/;

/** Luhn checksum over a string of decimal digits (false for an empty or non-digit string). */
export function luhnValid(digits: string): boolean {
  if (!DIGITS.test(digits)) return false;
  let sum = 0;
  // From the right: every second digit is doubled, minus 9 when it exceeds 9.
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function digitSum(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += digits.charCodeAt(i) - 48;
  return sum;
}

/** Strict check: exactly 9 digits (no spaces: normalise first) and a valid Luhn key. */
export function isValidSiren(v: string): boolean {
  return /^\d{9}$/.test(v) && luhnValid(v);
}

/** Strict check: exactly 14 digits, Luhn-valid, or a La Poste SIRET whose digit sum is a multiple of 5. */
export function isValidSiret(v: string): boolean {
  if (!/^\d{14}$/.test(v)) return false;
  if (luhnValid(v)) return true;
  return v.startsWith(LA_POSTE_SIREN) && digitSum(v) % 5 === 0;
}

/** Removes every whitespace (incl. the non-breaking spaces of French formatting "732 829 320"). */
export function normaliseSiren(v: string): string {
  return v.replace(/\s+/g, '');
}

export function normaliseSiret(v: string): string {
  return v.replace(/\s+/g, '');
}

/** The SIREN part (first 9 digits) of a SIRET; throws INVALID_SIRET when it is not 14 digits. */
export function sirenOfSiret(siret: string): string {
  const s = normaliseSiret(siret);
  if (!/^\d{14}$/.test(s)) throw new DomainError('INVALID_SIRET', `"${siret}" is not a 14-digit SIRET`, 400);
  return s.slice(0, 9);
}

/** Throws DomainError INVALID_SIREN (400) unless `v` is a valid SIREN; returns it otherwise. */
export function assertSiren(v: string): string {
  if (!isValidSiren(v)) throw new DomainError('INVALID_SIREN', `"${v}" is not a valid SIREN (9 digits, Luhn key)`, 400);
  return v;
}

/** Throws DomainError INVALID_SIRET (400) unless `v` is a valid SIRET; returns it otherwise. */
export function assertSiret(v: string): string {
  if (!isValidSiret(v)) throw new DomainError('INVALID_SIRET', `"${v}" is not a valid SIRET (14 digits, Luhn key)`, 400);
  return v;
}
