import type { INestApplication } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { v5 as uuidv5 } from 'uuid';
import { funderIdOf } from '@poleflow/contracts';
import type { EligibilityRule } from '@poleflow/domain';
import { Call, type AidForm } from './call.entity.js';

const CALL_NAMESPACE = 'b7a1f0c2-4d3e-5f60-8a9b-0c1d2e3f4a5b';
const DAY = 24 * 3600 * 1000;

interface DemoCall {
  slug: string; funder: string; title: string; description: string; opensInDays: number; closesInDays: number; cutoffsInDays: number[];
  aidForms: AidForm[]; rules: EligibilityRule[];
}

/*
 * Realistic calls for the demo (DOMAIN.md §3): a national PSPC-Régions-like call where a pole label raises the
 * rates, a regionalised i-Démo call, an ANR PRCE-like call, and last year's i-Démo, closed.
 */
const CALLS: readonly DemoCall[] = [
  {
    slug: 'pspc-2026', funder: 'bpifrance', title: 'Projets structurants pour la compétitivité 2026 (type PSPC)',
    description: 'Projets de R&D collaboratifs de 1 à 4 M€ menés par une entreprise, avec une PME ou une ETI et un partenaire de recherche ; le label d’un pôle relève les taux d’aide.',
    opensInDays: -30, closesInDays: 120, cutoffsInDays: [30, 75], aidForms: ['grant', 'repayable_advance'],
    rules: [
      { type: 'label_required' }, { type: 'min_independent_companies', min: 2 }, { type: 'sme_or_eti_required' }, { type: 'research_organisation_required' },
      { type: 'company_coordinator' }, { type: 'max_partner_share', maxPct: 70 }, { type: 'budget_range', minCents: 100_000_000, maxCents: 400_000_000 },
      { type: 'start_after_application' },
      { type: 'scheme_rates', rates: { small: 3500, medium: 2500, large: 2000, research_organisation: 4000 }, labelBonus: { small: 1500, medium: 1000, large: 500 } },
    ],
  },
  {
    slug: 'idemo-occitanie-2026', funder: 'region-occitanie', title: 'i-Démo régionalisé Occitanie 2026',
    description: 'État et Région à parité ; au moins deux entreprises indépendantes dont une PME ou une ETI, et un partenaire académique ; dépenses de 1 à 4 M€.',
    opensInDays: -15, closesInDays: 90, cutoffsInDays: [45], aidForms: ['grant', 'repayable_advance'],
    rules: [
      { type: 'min_independent_companies', min: 2 }, { type: 'sme_or_eti_required' }, { type: 'research_organisation_required' }, { type: 'company_coordinator' },
      { type: 'lead_in_regions', regions: ['Occitanie'] }, { type: 'budget_range', minCents: 100_000_000, maxCents: 400_000_000 }, { type: 'start_after_application' },
      { type: 'scheme_rates', rates: { small: 6000, medium: 5000, large: 2500, research_organisation: 4000 } },
    ],
  },
  {
    slug: 'anr-prce-2026', funder: 'anr', title: 'ANR AAPG 2026 — PRCE (recherche collaborative avec des entreprises)',
    description: 'Recherche collaborative entre laboratoires publics et entreprises, de 24 à 48 mois.',
    opensInDays: -10, closesInDays: 60, cutoffsInDays: [], aidForms: ['grant'],
    rules: [{ type: 'research_organisation_required' }, { type: 'min_partners', min: 2 }, { type: 'trl_window', min: 1, max: 6 }, { type: 'start_after_application' }],
  },
  {
    slug: 'idemo-4-2025', funder: 'bpifrance', title: 'i-Démo 4 (2025)',
    description: 'Appel national, clos le 15 juillet 2025 ; dépenses éligibles totales supérieures à 4 M€.',
    opensInDays: -500, closesInDays: -135, cutoffsInDays: [], aidForms: ['grant', 'repayable_advance'],
    rules: [{ type: 'sme_or_eti_required' }, { type: 'company_coordinator' }, { type: 'budget_range', minCents: 400_000_000 }, { type: 'trl_window', min: 4, max: 9 }],
  },
];

export const demoCallId = (slug: string): string => uuidv5(slug, CALL_NAMESPACE);

/** Upserts the demo calls (deterministic ids; dates relative to today so the open ones stay open). */
export async function seedDemoCalls(app: INestApplication, now = new Date()): Promise<number> {
  const em = app.get(MikroORM).em.fork();
  for (const c of CALLS) {
    await em.upsert(Call, {
      id: demoCallId(c.slug), funderId: funderIdOf(c.funder), title: c.title, description: c.description,
      opensAt: new Date(now.getTime() + c.opensInDays * DAY), closesAt: new Date(now.getTime() + c.closesInDays * DAY),
      cutoffs: c.cutoffsInDays.map((d) => new Date(now.getTime() + d * DAY).toISOString().slice(0, 10)), aidForms: c.aidForms, rules: c.rules,
      createdBy: '00000000-0000-0000-0000-000000000000', createdAt: now, updatedAt: now, publishedAt: now, closedAt: null, version: 1,
    });
  }
  return CALLS.length;
}
