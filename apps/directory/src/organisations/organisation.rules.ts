import { classifyCompany, DomainError, isValidSiren, isValidSiret, normaliseSiren, normaliseSiret } from '@poleflow/domain';
import type { EventPayload } from '@poleflow/contracts';
import type { CategoryFr, Organisation, OrganisationKind, SizeEu } from './organisation.entity.js';
import type { Establishment } from './establishment.entity.js';

/** A 400 with the field that failed, like every other invalid input (`errors: [{path, message}]`). */
const invalid = (code: string, path: string, message: string) => new DomainError(code, message, 400, { errors: [{ path, message }] });

/*
 * Pure rules of an organisation's identity and size (DOMAIN.md §5 and §7); the service persists what they
 * return. Errors are DomainErrors with the stable codes of ARCHITECTURE.md §4.
 */

/** SIREN (Luhn) and optional SIRET (Luhn or La Poste rule), normalised; the SIRET must extend the SIREN. */
export function identifiers(sirenInput: string, siretInput: string | null | undefined): { siren: string; siret: string | null } {
  const siren = validSiren(sirenInput);
  if (siretInput === null || siretInput === undefined || siretInput.trim() === '') return { siren, siret: null };
  const siret = normaliseSiret(siretInput);
  if (!isValidSiret(siret)) throw invalid('INVALID_SIRET', 'siret', `"${siretInput}" is not a valid SIRET (14 digits, Luhn key)`);
  // A SIRET is SIREN (9 digits) + NIC (5 digits): an establishment of another legal unit is refused.
  if (!siret.startsWith(siren)) throw invalid('SIRET_SIREN_MISMATCH', 'siret', `SIRET ${siret} is not an establishment of SIREN ${siren}`);
  return { siren, siret };
}

/** A normalised, Luhn-valid SIREN, or 400 INVALID_SIREN with `errors: [{path, message}]`. */
export function validSiren(input: string, path = 'siren'): string {
  const siren = normaliseSiren(input);
  if (!isValidSiren(siren)) throw invalid('INVALID_SIREN', path, `"${input}" is not a valid SIREN (9 digits, Luhn key)`);
  return siren;
}

/** Where the organisation is present: the head office's region first, then its establishments' (no duplicates). */
export function regionsOf(o: Pick<Organisation, 'region'>, establishments: readonly Pick<Establishment, 'region' | 'headOffice'>[]): string[] {
  const ordered = [o.region, ...establishments.filter((e) => e.headOffice).map((e) => e.region), ...establishments.map((e) => e.region)];
  return [...new Set(ordered)];
}

export interface Financials {
  headcount: number | null;
  turnoverCents: number | null;
  balanceSheetCents: number | null;
}

/**
 * Size classes for a company (EU 2003/361/EC and French décret 2008-1354 via `classifyCompany`). Research
 * organisations and training bodies are not enterprises in this sense: null classes (DOMAIN.md §5.3).
 */
export function sizeOf(kind: OrganisationKind, f: Financials): { sizeEu: SizeEu | null; categoryFr: CategoryFr | null } {
  if (kind !== 'company') return { sizeEu: null, categoryFr: null };
  const missing = (['headcount', 'turnoverCents', 'balanceSheetCents'] as const).filter((k) => f[k] === null);
  if (missing.length) {
    throw new DomainError('INVALID_FINANCIALS', 'a company needs headcount, turnover and balance sheet to be classified', 400, {
      errors: missing.map((path) => ({ path, message: `${path} is required for a company` })),
    });
  }
  return classifyCompany({ headcount: f.headcount!, turnoverCents: f.turnoverCents!, balanceSheetCents: f.balanceSheetCents! });
}

/** The wire payload of `organisation.registered` / `organisation.updated`. */
export function organisationPayload(o: Organisation, establishments: readonly Establishment[]): EventPayload<'organisation.registered'> {
  return {
    organisationId: o.id, name: o.name, kind: o.kind, siren: o.siren, siret: o.siret, region: o.region, nafCode: o.nafCode,
    sizeEu: o.sizeEu, categoryFr: o.categoryFr, regions: regionsOf(o, establishments),
    establishments: establishments.map((e) => ({ siret: e.siret, region: e.region, headOffice: e.headOffice })),
  };
}
