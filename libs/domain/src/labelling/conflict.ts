import { DomainError } from '../domain-error.js';
import { normaliseSiren } from '../siren.js';

/*
 * Conflict of interest of a reviewer, detected from data (DOMAIN.md §2.2: a project holder may ask
 * that members with a conflict of interest do not see the file). A reviewer is tied to the
 * organisations they belong to; a conflict exists with every consortium member that is one of
 * those organisations, or another organisation record with the same SIREN (another establishment
 * of the same legal unit).
 */

export interface ReviewerTies {
  userId: string;
  organisations: { organisationId: string; siren: string | null }[];
}

export interface ConsortiumMember {
  organisationId: string;
  siren: string;
  name: string;
}

/** `same_company_group`: same SIREN, different organisation record (another establishment). */
export interface ConflictOfInterest {
  organisationId: string;
  name: string;
  basis: 'same_organisation' | 'same_company_group';
}

/** One conflict per conflicting consortium organisation, in consortium order; `same_organisation` wins. */
export function conflictsOfInterest(reviewer: ReviewerTies, consortium: ConsortiumMember[]): ConflictOfInterest[] {
  const orgIds = new Set(reviewer.organisations.map((o) => o.organisationId));
  const sirens = new Set(
    reviewer.organisations.map((o) => (o.siren === null ? '' : normaliseSiren(o.siren))).filter((s) => s !== ''),
  );
  const seen = new Set<string>();
  const conflicts: ConflictOfInterest[] = [];
  for (const m of consortium) {
    if (seen.has(m.organisationId)) continue;
    seen.add(m.organisationId);
    const siren = normaliseSiren(m.siren);
    if (orgIds.has(m.organisationId)) conflicts.push({ organisationId: m.organisationId, name: m.name, basis: 'same_organisation' });
    else if (siren !== '' && sirens.has(siren)) {
      conflicts.push({ organisationId: m.organisationId, name: m.name, basis: 'same_company_group' });
    }
  }
  return conflicts;
}

const BASIS_TEXT: Readonly<Record<ConflictOfInterest['basis'], string>> = {
  same_organisation: 'same organisation',
  same_company_group: 'same SIREN',
};

/** Throws CONFLICT_OF_INTEREST (409) naming the organisation(s), with `details: { conflicts }`. */
export function assertNoConflictOfInterest(reviewer: ReviewerTies, consortium: ConsortiumMember[]): void {
  const conflicts = conflictsOfInterest(reviewer, consortium);
  if (conflicts.length === 0) return;
  const names = conflicts.map((c) => `${c.name} (${BASIS_TEXT[c.basis]})`).join(', ');
  throw new DomainError('CONFLICT_OF_INTEREST', `the reviewer has a conflict of interest with ${names}`, 409, { conflicts });
}
