/*
 * Kinds of partner as members and "partner wanted" requests name them (issue 15 §1-§3): a company by its
 * French size class (décret 2008-1354: TPE, PME, ETI, GE = grande entreprise), a research organisation
 * (`lab`) or a training body (`training`).
 */
export const PARTNER_KINDS = ['TPE', 'PME', 'ETI', 'GE', 'lab', 'training'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

export const isPartnerKind = (s: string): s is PartnerKind => (PARTNER_KINDS as readonly string[]).includes(s);

/** The partner kind of a directory organisation (`kind` + `categoryFr`); a company of unknown size counts as a PME. */
export function partnerKindOf(kind: string, categoryFr: string | null | undefined): PartnerKind {
  if (kind === 'research_organisation') return 'lab';
  if (kind === 'training_body') return 'training';
  return categoryFr && isPartnerKind(categoryFr) ? categoryFr : 'PME';
}

const COMPANY: ReadonlySet<PartnerKind> = new Set(['TPE', 'PME', 'ETI', 'GE']);
const SMALL: ReadonlySet<PartnerKind> = new Set(['TPE', 'PME']);
const BIG: ReadonlySet<PartnerKind> = new Set(['ETI', 'GE']);

/**
 * Whether `candidate` complements `requester` in a collaborative R&D consortium (DOMAIN.md §1.1: pole
 * projects associate several companies and at least one lab): a company and a research or training body
 * complement each other.
 */
export const complementaryKind = (requester: PartnerKind, candidate: PartnerKind): boolean => COMPANY.has(requester) !== COMPANY.has(candidate);

/** A small company with a large one (industrialisation, market access) or the reverse (agility, niche technology). */
export const complementarySize = (requester: PartnerKind, candidate: PartnerKind): boolean =>
  (SMALL.has(requester) && BIG.has(candidate)) || (BIG.has(requester) && SMALL.has(candidate));

/**
 * What a draft project still lacks (DOMAIN.md §1.1, loi 2004-1484 art. 24): at least one research or
 * training body and several companies. Empty when the consortium already has both.
 */
export function kindsMissingFromConsortium(members: PartnerKind[]): PartnerKind[] {
  const out: PartnerKind[] = [];
  if (!members.some((k) => k === 'lab' || k === 'training')) out.push('lab');
  if (members.filter((k) => COMPANY.has(k)).length < 2) out.push('TPE', 'PME', 'ETI', 'GE');
  return out;
}
