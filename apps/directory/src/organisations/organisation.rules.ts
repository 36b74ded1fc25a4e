import { assertSiren, classifyCompany, DomainError, isValidSiret, normaliseSiren, normaliseSiret } from '@poleflow/domain';
import type { EventPayload } from '@poleflow/contracts';
import type { CategoryFr, Organisation, OrganisationKind, SizeEu } from './organisation.entity.js';

/*
 * Pure rules of an organisation's identity and size (DOMAIN.md §5 and §7); the service persists what they
 * return. Errors are DomainErrors with the stable codes of ARCHITECTURE.md §4.
 */

/** SIREN (Luhn) and optional SIRET (Luhn or La Poste rule), normalised; the SIRET must extend the SIREN. */
export function identifiers(sirenInput: string, siretInput: string | null | undefined): { siren: string; siret: string | null } {
  const siren = assertSiren(normaliseSiren(sirenInput));
  if (siretInput === null || siretInput === undefined || siretInput.trim() === '') return { siren, siret: null };
  const siret = normaliseSiret(siretInput);
  if (!isValidSiret(siret)) throw new DomainError('INVALID_SIRET', `"${siretInput}" is not a valid SIRET (14 digits, Luhn key)`, 400);
  // A SIRET is SIREN (9 digits) + NIC (5 digits): an establishment of another legal unit is refused.
  if (!siret.startsWith(siren)) throw new DomainError('SIRET_SIREN_MISMATCH', `SIRET ${siret} is not an establishment of SIREN ${siren}`, 400);
  return { siren, siret };
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
export function organisationPayload(o: Organisation): EventPayload<'organisation.registered'> {
  return {
    organisationId: o.id, name: o.name, kind: o.kind, siren: o.siren, siret: o.siret, region: o.region, nafCode: o.nafCode,
    sizeEu: o.sizeEu, categoryFr: o.categoryFr,
  };
}
