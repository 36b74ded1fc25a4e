import { DomainError } from '../domain-error.js';
import { money } from './bilingual.js';

/*
 * A funding decision's grant, checked against the legal ceilings (GBER engine) and the call's offer, and its
 * tranche schedule: percentages tied to milestones that add up to 100, turned into cents that add up exactly.
 */

export interface GrantLine { organisationId: string; amountCents: number; aidForm: string }
export interface Tranche<M extends string = string> { milestone: M; percent: number }
export interface PartnerCeilingRef { organisationId: string; name: string; maxAidCents: number }

/** Throws the first rule a grant breaks (422), naming the partner; returns the total granted. */
export function checkGrant(lines: readonly GrantLine[], tranches: readonly Tranche[], ceilings: readonly PartnerCeilingRef[], offeredForms: readonly string[]): number {
  if (!lines.length) throw new DomainError('EMPTY_GRANT', 'a grant names at least one partner', 422);
  const seen = new Set<string>();
  let total = 0;
  for (const l of lines) {
    const ceiling = ceilings.find((c) => c.organisationId === l.organisationId);
    if (!ceiling) throw new DomainError('NOT_A_PARTNER', `${l.organisationId} is not a partner of the application`, 422, { organisationId: l.organisationId });
    if (seen.has(l.organisationId)) throw new DomainError('DUPLICATE_PARTNER', `${ceiling.name} appears twice`, 422, { organisationId: l.organisationId });
    seen.add(l.organisationId);
    if (!Number.isSafeInteger(l.amountCents) || l.amountCents <= 0) {
      throw new DomainError('INVALID_AMOUNT', `the amount for ${ceiling.name} must be a positive number of cents`, 422, { organisationId: l.organisationId });
    }
    if (l.amountCents > ceiling.maxAidCents) {
      throw new DomainError('AID_ABOVE_CEILING', `${ceiling.name}: ${money(l.amountCents).en} exceed the ceiling of ${money(ceiling.maxAidCents).en}`, 422, {
        organisationId: l.organisationId, name: ceiling.name, amountCents: l.amountCents, ceilingCents: ceiling.maxAidCents,
      });
    }
    if (!offeredForms.includes(l.aidForm)) {
      throw new DomainError('AID_FORM_NOT_OFFERED', `the call does not offer ${l.aidForm} (offers ${offeredForms.join(', ')})`, 422, { aidForm: l.aidForm });
    }
    total += l.amountCents;
  }
  checkTranches(tranches);
  return total;
}

export function checkTranches(tranches: readonly Tranche[]): void {
  const milestones = new Set(tranches.map((t) => t.milestone));
  if (milestones.size !== tranches.length) throw new DomainError('DUPLICATE_MILESTONE', 'each milestone takes one tranche', 422);
  if (tranches.some((t) => !Number.isInteger(t.percent) || t.percent <= 0)) throw new DomainError('INVALID_TRANCHE', 'tranche percentages are positive integers', 422);
  const sum = tranches.reduce((s, t) => s + t.percent, 0);
  if (sum !== 100) throw new DomainError('TRANCHES_MUST_TOTAL_100', `the tranches add up to ${sum} %, not 100 %`, 422, { sum });
}

/**
 * Splits an amount across tranches by percentage, in whole cents that add up exactly to the amount: floor
 * shares, then the leftover cents to the largest remainders (ties: earlier tranche first).
 */
export function trancheAmounts(amountCents: number, tranches: readonly Tranche[]): number[] {
  const exact = tranches.map((t) => amountCents * t.percent);
  const floors = exact.map((x) => Math.floor(x / 100));
  let left = amountCents - floors.reduce((s, x) => s + x, 0);
  const order = exact.map((x, i) => ({ i, r: x % 100 })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] += 1;
    left -= 1;
  }
  return floors;
}
