import {
  assessEligibility, ELIGIBILITY_RULE_TYPES, schemeRateBps, sizeClassOf,
  type ApplicationFacts, type EligibilityRule, type EligibilityRuleType, type RuleOutcome,
} from './eligibility.js';
import { RULE_CATALOGUE } from './eligibility.catalogue.js';
import { validateRules } from './eligibility.validate.js';

type Partner = ApplicationFacts['partners'][number];
type Label = ApplicationFacts['labels'][number];

const M = 100_000_000; // 1 M€ in cents

let sirenSeq = 100_000_000;
const partner = (name: string, patch: Partial<Partner> = {}): Partner => ({
  organisationId: `org-${name.toLowerCase()}`,
  name,
  kind: 'company',
  siren: String(sirenSeq++),
  region: 'Occitanie',
  sizeEu: 'small',
  categoryFr: 'PME',
  role: 'partner',
  totalCents: 100_000_00,
  ...patch,
});

const aerolab = partner('Aerolab', { siren: '732829320', role: 'coordinator', totalCents: 0.9 * M });
const airbus = partner('Airbus', { siren: '383474814', sizeEu: 'large', categoryFr: 'GE', totalCents: 0.7 * M });
const onera = partner('ONERA', {
  kind: 'research_organisation', siren: '775722879', region: 'Île-de-France', sizeEu: null, categoryFr: null, totalCents: 0.4 * M,
});
const avLabel: Label = { poleId: 'aerospace-valley', number: 'AV-2026-0042', status: 'active', validUntil: '2026-12-31' };

/** A PSPC-Régions-like application that passes every rule of ALL_RULES. */
const base: ApplicationFacts = {
  appliedAt: '2026-03-10T09:30:00Z',
  project: { startDate: '2026-04-01', trlStart: 4, trlTarget: 7, totalCents: 2 * M },
  partners: [aerolab, airbus, onera],
  labels: [avLabel],
};

const PSPC_RATES: EligibilityRule = {
  type: 'scheme_rates',
  rates: { small: 3500, medium: 2500, large: 2000 },
  labelBonus: { small: 1500, medium: 1000, large: 500 },
};

/** One rule of every type. */
const ALL_RULES: EligibilityRule[] = [
  { type: 'label_required' },
  { type: 'min_partners', min: 3 },
  { type: 'min_independent_companies', min: 2 },
  { type: 'sme_or_eti_required' },
  { type: 'research_organisation_required' },
  { type: 'company_coordinator' },
  { type: 'max_partner_share', maxPct: 70 },
  { type: 'lead_in_regions', regions: ['Occitanie', 'Nouvelle-Aquitaine'] },
  { type: 'start_after_application' },
  { type: 'trl_window', min: 4, max: 7 },
  { type: 'budget_range', minCents: 1 * M, maxCents: 4 * M },
  PSPC_RATES,
];

const outcome = (rule: EligibilityRule, facts: ApplicationFacts = base): RuleOutcome => {
  const { outcomes } = assessEligibility([rule], facts);
  expect(outcomes).toHaveLength(1);
  return outcomes[0];
};

const withPartners = (partners: Partner[]): ApplicationFacts => ({ ...base, partners });
const withProject = (patch: Partial<ApplicationFacts['project']>): ApplicationFacts => ({ ...base, project: { ...base.project, ...patch } });
const withLabels = (labels: Label[], appliedAt = base.appliedAt): ApplicationFacts => ({ ...base, labels, appliedAt });

describe('RULE_CATALOGUE', () => {
  it('describes every rule type once, in order, in French and English', () => {
    expect(RULE_CATALOGUE.map((e) => e.type)).toEqual([...ELIGIBILITY_RULE_TYPES]);
    for (const e of RULE_CATALOGUE) {
      for (const t of [e.title, e.description]) {
        expect(t.fr.trim()).not.toBe('');
        expect(t.en.trim()).not.toBe('');
        expect(t.fr).not.toBe(t.en);
      }
    }
    expect(new Set(RULE_CATALOGUE.map((e) => e.title.en)).size).toBe(RULE_CATALOGUE.length);
    expect(new Set(RULE_CATALOGUE.map((e) => e.title.fr)).size).toBe(RULE_CATALOGUE.length);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(RULE_CATALOGUE)).toBe(true);
    expect(Object.isFrozen(RULE_CATALOGUE[0])).toBe(true);
  });
});

describe('assessEligibility', () => {
  it('passes the base application on one rule of every type, with concrete bilingual reasons', () => {
    const a = assessEligibility(ALL_RULES, base);
    expect(a.eligible).toBe(true);
    expect(a.outcomes.map((o) => o.rule)).toEqual(ALL_RULES);
    expect(a.outcomes.map((o) => o.passed)).toEqual(ALL_RULES.map(() => true));
    expect(a.outcomes.map((o) => o.reason)).toEqual([
      {
        fr: "le projet détient un label valide au 2026-03-10 : AV-2026-0042 du pôle aerospace-valley (valable jusqu'au 2026-12-31)",
        en: 'the project holds a valid label on 2026-03-10: AV-2026-0042 from pole aerospace-valley (valid until 2026-12-31)',
      },
      { fr: '3 partenaires (Aerolab, Airbus, ONERA), minimum 3', en: '3 partners (Aerolab, Airbus, ONERA), minimum 3' },
      { fr: '2 entreprises de SIREN distincts (Aerolab, Airbus), minimum 2', en: '2 companies with distinct SIRENs (Aerolab, Airbus), minimum 2' },
      { fr: 'PME ou ETI dans le consortium : Aerolab (PME, petite)', en: 'SME or ETI in the consortium: Aerolab (PME, small)' },
      { fr: 'organisme de recherche dans le consortium : ONERA', en: 'research organisation in the consortium: ONERA' },
      { fr: 'le coordinateur Aerolab est une entreprise', en: 'the coordinator Aerolab is a company' },
      {
        fr: 'part la plus élevée : Aerolab porte 45 % des coûts (maximum 70 %)',
        en: 'largest share: Aerolab bears 45 % of the costs (maximum 70 %)',
      },
      {
        fr: 'le coordinateur Aerolab est situé en région Occitanie (régions acceptées : Occitanie, Nouvelle-Aquitaine)',
        en: 'the coordinator Aerolab is located in Occitanie (accepted regions: Occitanie, Nouvelle-Aquitaine)',
      },
      {
        fr: 'le projet démarre le 2026-04-01, pas avant la date de la demande (2026-03-10)',
        en: 'the project starts on 2026-04-01, not before the application date (2026-03-10)',
      },
      { fr: 'TRL 4 → 7, dans la fenêtre TRL 4 à 7', en: 'TRL 4 → 7, within the window TRL 4 to 7' },
      {
        fr: 'coût total du projet 2 000 000 € (attendu : entre 1 000 000 € et 4 000 000 €)',
        en: 'total project cost 2,000,000 € (expected: between 1,000,000 € and 4,000,000 €)',
      },
      {
        fr: "taux d'aide maximaux du dispositif, projet labellisé (AV-2026-0042) : petites entreprises 50 % (35 % + 15 % de bonus label), "
          + 'moyennes entreprises 35 % (25 % + 10 % de bonus label), grandes entreprises 25 % (20 % + 5 % de bonus label)',
        en: 'maximum aid rates of the scheme, labelled project (AV-2026-0042): small enterprises 50 % (35 % + 15 % label bonus), '
          + 'medium-sized enterprises 35 % (25 % + 10 % label bonus), large enterprises 25 % (20 % + 5 % label bonus)',
      },
    ]);
  });

  it('is eligible with no rule at all', () => {
    expect(assessEligibility([], base)).toEqual({ eligible: true, outcomes: [] });
  });

  it('reports every outcome when several rules fail at once, in the order of the rules', () => {
    const facts: ApplicationFacts = {
      appliedAt: '2026-03-10T09:30:00Z',
      project: { startDate: '2026-03-01', trlStart: 2, trlTarget: 8, totalCents: 5 * M },
      partners: [
        partner('LAAS', { kind: 'research_organisation', role: 'coordinator', region: 'Bretagne', sizeEu: null, categoryFr: null, totalCents: 4 * M }),
        partner('Safran', { sizeEu: 'large', categoryFr: 'GE', totalCents: 1 * M }),
      ],
      labels: [{ ...avLabel, status: 'revoked' }],
    };
    const a = assessEligibility(ALL_RULES, facts);
    expect(a.eligible).toBe(false);
    expect(a.outcomes).toHaveLength(ALL_RULES.length);
    const failed = a.outcomes.filter((o) => !o.passed).map((o) => o.rule.type);
    expect(failed).toEqual<EligibilityRuleType[]>([
      'label_required', 'min_partners', 'min_independent_companies', 'sme_or_eti_required', 'company_coordinator',
      'max_partner_share', 'lead_in_regions', 'start_after_application', 'trl_window', 'budget_range',
    ]);
    expect(a.outcomes.filter((o) => o.passed).map((o) => o.rule.type)).toEqual(['research_organisation_required', 'scheme_rates']);
    expect(a.outcomes.find((o) => o.rule.type === 'trl_window')?.reason).toEqual({
      fr: 'le projet part du TRL 2, sous le minimum TRL 4 ; le projet vise le TRL 8, au-delà du maximum TRL 7',
      en: 'the project starts at TRL 2, below the minimum TRL 4; the project targets TRL 8, above the maximum TRL 7',
    });
  });

  it('is not eligible when a single rule fails', () => {
    const a = assessEligibility(ALL_RULES, withProject({ trlTarget: 8 }));
    expect(a.eligible).toBe(false);
    expect(a.outcomes.filter((o) => !o.passed).map((o) => o.rule.type)).toEqual(['trl_window']);
  });
});

/** [case, rule, facts, passed, English reason]: every rule type passes at least once and fails at least once. */
const CASES: [string, EligibilityRule, ApplicationFacts, boolean, string][] = [
  ['label from any pole', { type: 'label_required' }, base, true,
    'the project holds a valid label on 2026-03-10: AV-2026-0042 from pole aerospace-valley (valid until 2026-12-31)'],
  ['no label', { type: 'label_required' }, withLabels([]), false, 'no label valid on 2026-03-10: the project holds no label'],
  ['label from a listed pole', { type: 'label_required', poleIds: ['systematic', 'aerospace-valley'] }, base, true,
    'the project holds a valid label on 2026-03-10: AV-2026-0042 from pole aerospace-valley (valid until 2026-12-31)'],
  ['label from another pole', { type: 'label_required', poleIds: ['systematic'] }, base, false,
    'no label valid on 2026-03-10 from the poles systematic: AV-2026-0042 (pole aerospace-valley) is not from an accepted pole'],

  ['3 partners, minimum 3', { type: 'min_partners', min: 3 }, base, true, '3 partners (Aerolab, Airbus, ONERA), minimum 3'],
  ['3 partners, minimum 4', { type: 'min_partners', min: 4 }, base, false, '3 partners (Aerolab, Airbus, ONERA), minimum 4'],
  ['1 partner, minimum 2', { type: 'min_partners', min: 2 }, withPartners([aerolab]), false, '1 partner (Aerolab), minimum 2'],
  ['an organisation listed twice counts once', { type: 'min_partners', min: 2 }, withPartners([aerolab, { ...aerolab, role: 'partner' }]), false,
    '1 partner (Aerolab), minimum 2'],
  ['no partner', { type: 'min_partners', min: 1 }, withPartners([]), false, '0 partners, minimum 1'],

  ['2 companies, minimum 2', { type: 'min_independent_companies', min: 2 }, base, true, '2 companies with distinct SIRENs (Aerolab, Airbus), minimum 2'],
  ['2 companies, minimum 3', { type: 'min_independent_companies', min: 3 }, base, false, '2 companies with distinct SIRENs (Aerolab, Airbus), minimum 3'],
  ['same SIREN counts once', { type: 'min_independent_companies', min: 2 },
    withPartners([aerolab, partner('Aerolab Services', { siren: '732 829 320' }), onera]), false,
    '1 company with distinct SIRENs (Aerolab), minimum 2; Aerolab, Aerolab Services share SIREN 732829320 and count once'],
  ['a company without SIREN does not count', { type: 'min_independent_companies', min: 2 },
    withPartners([aerolab, partner('Startup', { siren: ' ' })]), false,
    '1 company with distinct SIRENs (Aerolab), minimum 2; Startup has no SIREN and does not count'],
  ['research organisations are not companies', { type: 'min_independent_companies', min: 1 }, withPartners([onera]), false,
    '0 companies with distinct SIRENs, minimum 1'],

  ['PME', { type: 'sme_or_eti_required' }, base, true, 'SME or ETI in the consortium: Aerolab (PME, small)'],
  ['ETI only', { type: 'sme_or_eti_required' }, withPartners([airbus, partner('Ratier', { sizeEu: 'large', categoryFr: 'ETI' })]), true,
    'SME or ETI in the consortium: Ratier (ETI, large)'],
  ['EU medium size without a French category', { type: 'sme_or_eti_required' }, withPartners([partner('Medco', { sizeEu: 'medium', categoryFr: null })]), true,
    'SME or ETI in the consortium: Medco (medium)'],
  ['TPE', { type: 'sme_or_eti_required' }, withPartners([partner('Tiny', { sizeEu: null, categoryFr: 'TPE' })]), true,
    'SME or ETI in the consortium: Tiny (TPE)'],
  ['large companies only', { type: 'sme_or_eti_required' }, withPartners([airbus, onera, partner('Mystery', { sizeEu: null, categoryFr: null })]), false,
    'no SME or ETI among the companies: Airbus (GE, large), Mystery (size unknown)'],
  ['no company', { type: 'sme_or_eti_required' }, withPartners([onera]), false, 'no company in the consortium'],

  ['a research organisation', { type: 'research_organisation_required' }, base, true, 'research organisation in the consortium: ONERA'],
  ['two research organisations', { type: 'research_organisation_required' },
    withPartners([aerolab, onera, partner('CNRS', { kind: 'research_organisation', sizeEu: null, categoryFr: null })]), true,
    'research organisations in the consortium: ONERA, CNRS'],
  ['companies only', { type: 'research_organisation_required' }, withPartners([aerolab, airbus]), false, 'no research organisation in the consortium'],
  ['a training body does not count', { type: 'research_organisation_required' },
    withPartners([aerolab, partner('AFPA', { kind: 'training_body', sizeEu: null, categoryFr: null })]), false,
    'no research organisation in the consortium (training bodies do not count: AFPA)'],

  ['company coordinator', { type: 'company_coordinator' }, base, true, 'the coordinator Aerolab is a company'],
  ['research organisation coordinator', { type: 'company_coordinator' },
    withPartners([{ ...aerolab, role: 'partner' }, { ...onera, role: 'coordinator' }]), false,
    'the coordinator ONERA is a research organisation, not a company'],
  ['training body coordinator', { type: 'company_coordinator' },
    withPartners([{ ...aerolab, role: 'partner' }, partner('AFPA', { kind: 'training_body', role: 'coordinator' })]), false,
    'the coordinator AFPA is a training body, not a company'],
  ['no coordinator', { type: 'company_coordinator' }, withPartners([{ ...aerolab, role: 'partner' }, airbus]), false, 'no coordinator designated'],
  ['two coordinators', { type: 'company_coordinator' }, withPartners([aerolab, { ...airbus, role: 'coordinator' }]), false,
    '2 coordinators (Aerolab, Airbus): exactly one is expected'],

  ['45 % under 70 %', { type: 'max_partner_share', maxPct: 70 }, base, true, 'largest share: Aerolab bears 45 % of the costs (maximum 70 %)'],
  ['45 % above 40 %', { type: 'max_partner_share', maxPct: 40 }, base, false, 'Aerolab bears 45 % of the costs (maximum 40 %)'],

  ['coordinator in a listed region', { type: 'lead_in_regions', regions: ['Occitanie'] }, base, true,
    'the coordinator Aerolab is located in Occitanie (accepted regions: Occitanie)'],
  ['coordinator elsewhere', { type: 'lead_in_regions', regions: ['Bretagne', 'Normandie'] }, base, false,
    'the coordinator Aerolab is located in Occitanie, outside the accepted regions (Bretagne, Normandie)'],
  ['accents and case ignored', { type: 'lead_in_regions', regions: ['ILE DE FRANCE'] },
    withPartners([{ ...aerolab, role: 'partner' }, { ...onera, role: 'coordinator' }]), true,
    'the coordinator ONERA is located in Île-de-France (accepted regions: ILE DE FRANCE)'],
  ['apostrophes unified', { type: 'lead_in_regions', regions: ["Provence-Alpes-Côte d'Azur"] },
    withPartners([{ ...aerolab, region: 'provence alpes cote d’azur' }]), true,
    "the coordinator Aerolab is located in provence alpes cote d’azur (accepted regions: Provence-Alpes-Côte d'Azur)"],
  ['no coordinator to locate', { type: 'lead_in_regions', regions: ['Occitanie'] }, withPartners([airbus]), false, 'no coordinator designated'],
  ['coordinator with an establishment in a listed region', { type: 'lead_in_regions', regions: ['Bretagne'] },
    withPartners([{ ...aerolab, regions: ['Occitanie', 'Bretagne'] }]), true,
    'the coordinator Aerolab has an establishment in Bretagne (head office in Occitanie; accepted regions: Bretagne)'],
  ['coordinator whose establishments are all elsewhere', { type: 'lead_in_regions', regions: ['Normandie'] },
    withPartners([{ ...aerolab, regions: ['Occitanie', 'Bretagne'] }]), false,
    'the coordinator Aerolab is located in Occitanie, outside the accepted regions (Normandie)'],

  ['starts after the application', { type: 'start_after_application' }, base, true,
    'the project starts on 2026-04-01, not before the application date (2026-03-10)'],
  ['starts before the application', { type: 'start_after_application' }, withProject({ startDate: '2026-01-05' }), false,
    'the project starts on 2026-01-05, before the application date (2026-03-10): work started before applying has no incentive effect'],

  ['TRL 4 → 7 in 3..8', { type: 'trl_window', min: 3, max: 8 }, base, true, 'TRL 4 → 7, within the window TRL 3 to 8'],
  ['TRL 4 → 7 in 5..9', { type: 'trl_window', min: 5, max: 9 }, base, false, 'the project starts at TRL 4, below the minimum TRL 5'],
  ['TRL 4 → 7 in 1..6', { type: 'trl_window', min: 1, max: 6 }, base, false, 'the project targets TRL 7, above the maximum TRL 6'],

  ['2 M€ in 1–4 M€', { type: 'budget_range', minCents: 1 * M, maxCents: 4 * M }, base, true,
    'total project cost 2,000,000 € (expected: between 1,000,000 € and 4,000,000 €)'],
  ['2 M€ below a 4 M€ minimum (i-Démo)', { type: 'budget_range', minCents: 4 * M }, base, false, 'total project cost 2,000,000 €, below the minimum of 4,000,000 €'],
  ['2 M€ under a 1.5 M€ ceiling', { type: 'budget_range', maxCents: 1.5 * M }, base, false, 'total project cost 2,000,000 €, above the maximum of 1,500,000 €'],
  ['only a maximum', { type: 'budget_range', maxCents: 6 * M }, base, true, 'total project cost 2,000,000 € (expected: at most 6,000,000 €)'],
  ['only a minimum, cents shown', { type: 'budget_range', minCents: 1_000_000_05 }, withProject({ totalCents: 1_234_567_89 }), true,
    'total project cost 1,234,567.89 € (expected: at least 1,000,000.05 €)'],
  ['invalid project cost', { type: 'budget_range', minCents: 0 }, withProject({ totalCents: -1 }), false, 'the total project cost is invalid'],

  ['scheme rates, labelled', { type: 'scheme_rates', rates: { small: 3500 }, labelBonus: { small: 1500 } }, base, true,
    'maximum aid rates of the scheme, labelled project (AV-2026-0042): small enterprises 50 % (35 % + 15 % label bonus)'],
  ['scheme rates, no label', PSPC_RATES, withLabels([]), true,
    'maximum aid rates of the scheme, project without a valid label: small enterprises 35 % (+ 15 % if labelled), '
      + 'medium-sized enterprises 25 % (+ 10 % if labelled), large enterprises 20 % (+ 5 % if labelled)'],
  ['scheme rates without bonus, research organisations', { type: 'scheme_rates', rates: { research_organisation: 10_000, large: 2550 } }, base, true,
    'maximum aid rates of the scheme, labelled project (AV-2026-0042): large enterprises 25.5 %, research organisations 100 %'],
];

describe.each(CASES)('%s', (_name, rule, facts, passed, en) => {
  it(`${rule.type} → ${passed ? 'passes' : 'fails'}`, () => {
    const o = outcome(rule, facts);
    expect(o.rule).toBe(rule);
    expect(o.passed).toBe(passed);
    expect(o.reason.en).toBe(en);
    expect(o.reason.fr.trim()).not.toBe('');
    expect(o.reason.fr).not.toBe(o.reason.en);
    expect(assessEligibility([rule], facts).eligible).toBe(passed);
  });
});

describe('case table', () => {
  it.each(ELIGIBILITY_RULE_TYPES.filter((t) => t !== 'scheme_rates'))('has a passing and a failing case for %s', (type) => {
    const mine = CASES.filter(([, rule]) => rule.type === type);
    expect(mine.some(([, , , passed]) => passed)).toBe(true);
    expect(mine.some(([, , , passed]) => !passed)).toBe(true);
  });

  it('scheme_rates always passes (informational)', () => {
    const mine = CASES.filter(([, rule]) => rule.type === 'scheme_rates');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every(([, , , passed]) => passed)).toBe(true);
  });
});

describe('French reasons', () => {
  it.each<[string, EligibilityRule, ApplicationFacts, string]>([
    ['no label', { type: 'label_required' }, withLabels([]), 'aucun label valide au 2026-03-10 : le projet ne détient aucun label'],
    ['1 partner', { type: 'min_partners', min: 2 }, withPartners([aerolab]), '1 partenaire (Aerolab), minimum 2'],
    ['shared SIREN', { type: 'min_independent_companies', min: 2 }, withPartners([aerolab, { ...airbus, siren: aerolab.siren }]),
      '1 entreprise de SIREN distinct (Aerolab), minimum 2 ; Aerolab, Airbus partagent le SIREN 732829320 et comptent pour une'],
    ['large only', { type: 'sme_or_eti_required' }, withPartners([airbus]), 'aucune PME ni ETI parmi les entreprises : Airbus (GE, grande)'],
    ['training body', { type: 'research_organisation_required' }, withPartners([partner('AFPA', { kind: 'training_body' })]),
      'aucun organisme de recherche dans le consortium (les organismes de formation ne comptent pas : AFPA)'],
    ['lab coordinator', { type: 'company_coordinator' }, withPartners([{ ...onera, role: 'coordinator' }]),
      'le coordinateur ONERA est un organisme de recherche, pas une entreprise'],
    ['two coordinators', { type: 'company_coordinator' }, withPartners([aerolab, { ...airbus, role: 'coordinator' }]),
      '2 coordinateurs (Aerolab, Airbus) : un seul est attendu'],
    ['region', { type: 'lead_in_regions', regions: ['Bretagne'] }, base,
      'le coordinateur Aerolab est situé en région Occitanie, hors des régions acceptées (Bretagne)'],
    ['start', { type: 'start_after_application' }, withProject({ startDate: '2026-03-09' }),
      "le projet démarre le 2026-03-09, avant la date de la demande (2026-03-10) : des travaux commencés avant la demande n'ont pas d'effet incitatif"],
    ['budget', { type: 'budget_range', maxCents: 1_500_000_50 }, base, 'coût total du projet 2 000 000 €, au-delà du maximum de 1 500 000,50 €'],
    ['no label, scheme', { type: 'scheme_rates', rates: { medium: 2500 }, labelBonus: { medium: 1000 } }, withLabels([]),
      "taux d'aide maximaux du dispositif, projet sans label valide : moyennes entreprises 25 % (+ 10 % si labellisé)"],
  ])('%s', (_name, rule, facts, fr) => {
    expect(outcome(rule, facts).reason.fr).toBe(fr);
  });
});

describe('max_partner_share edges (exact integer arithmetic)', () => {
  const two = (a: number, b: number): ApplicationFacts =>
    withPartners([{ ...aerolab, totalCents: a }, { ...airbus, totalCents: b }]);
  const rule: EligibilityRule = { type: 'max_partner_share', maxPct: 70 };

  it.each<[string, ApplicationFacts, boolean, { fr: string; en: string }]>([
    ['exactly 70 %', two(70_00, 30_00), true,
      { fr: 'part la plus élevée : Aerolab porte 70 % des coûts (maximum 70 %)', en: 'largest share: Aerolab bears 70 % of the costs (maximum 70 %)' }],
    ['70.01 %', two(7001, 2999), false, { fr: 'Aerolab porte 70,01 % des coûts (maximum 70 %)', en: 'Aerolab bears 70.01 % of the costs (maximum 70 %)' }],
    ['72.5 %', two(725, 275), false, { fr: 'Aerolab porte 72,5 % des coûts (maximum 70 %)', en: 'Aerolab bears 72.5 % of the costs (maximum 70 %)' }],
    // A failing share is rounded up: it never reads as the maximum itself.
    ['one cent above 70 % of a large budget', two(7_000_000_001, 2_999_999_999), false,
      { fr: 'Aerolab porte 70,01 % des coûts (maximum 70 %)', en: 'Aerolab bears 70.01 % of the costs (maximum 70 %)' }],
    ['69.99 %', two(6999, 3001), true,
      { fr: 'part la plus élevée : Aerolab porte 69,99 % des coûts (maximum 70 %)', en: 'largest share: Aerolab bears 69.99 % of the costs (maximum 70 %)' }],
    ['66.666… % rounds to nearest when passing', two(2, 1), true,
      { fr: 'part la plus élevée : Aerolab porte 66,67 % des coûts (maximum 70 %)', en: 'largest share: Aerolab bears 66.67 % of the costs (maximum 70 %)' }],
    ['second partner above', two(2770, 7230), false, { fr: 'Airbus porte 72,3 % des coûts (maximum 70 %)', en: 'Airbus bears 72.3 % of the costs (maximum 70 %)' }],
    ['single partner', withPartners([aerolab]), false, { fr: 'Aerolab porte 100 % des coûts (maximum 70 %)', en: 'Aerolab bears 100 % of the costs (maximum 70 %)' }],
    ['total 0', two(0, 0), false, {
      fr: 'le coût total des partenaires est nul : les parts ne peuvent pas être calculées',
      en: "the partners' total cost is 0: the shares cannot be computed",
    }],
    ['no partner', withPartners([]), false, {
      fr: 'le coût total des partenaires est nul : les parts ne peuvent pas être calculées',
      en: "the partners' total cost is 0: the shares cannot be computed",
    }],
    ['invalid cost', two(10.5, 10), false, {
      fr: 'coût invalide pour Aerolab : les parts ne peuvent pas être calculées',
      en: 'invalid cost for Aerolab: the shares cannot be computed',
    }],
  ])('%s', (_name, facts, passed, reason) => {
    expect(outcome(rule, facts)).toEqual({ rule, passed, reason });
  });

  it('names every partner above the maximum', () => {
    const facts = withPartners([{ ...aerolab, totalCents: 40 }, { ...airbus, totalCents: 35 }, { ...onera, totalCents: 25 }]);
    expect(outcome({ type: 'max_partner_share', maxPct: 30 }, facts).reason).toEqual({
      fr: 'Aerolab porte 40 % des coûts ; Airbus porte 35 % des coûts (maximum 30 %)',
      en: 'Aerolab bears 40 % of the costs; Airbus bears 35 % of the costs (maximum 30 %)',
    });
  });
});

describe('start_after_application edges (incentive effect)', () => {
  const rule: EligibilityRule = { type: 'start_after_application' };
  it.each<[string, string, string, boolean]>([
    ['same day', '2026-03-10T09:30:00Z', '2026-03-10', true],
    ['the day before', '2026-03-10T09:30:00Z', '2026-03-09', false],
    ['the day after', '2026-03-10T09:30:00Z', '2026-03-11', true],
    ['application at the very end of the day', '2026-03-10T23:59:59.999Z', '2026-03-10', true],
    ['application with an offset is compared on its UTC day', '2026-03-10T00:30:00+02:00', '2026-03-09', true],
    ['offset application, start the UTC day before', '2026-03-10T00:30:00+02:00', '2026-03-08', false],
    ['start given as a date-time', '2026-03-10T09:30:00Z', '2026-03-10T00:00:00Z', true],
    ['application without zone is read as written', '2026-03-10T23:30:00', '2026-03-10', true],
  ])('%s', (_name, appliedAt, startDate, passed) => {
    expect(outcome(rule, { ...withProject({ startDate }), appliedAt }).passed).toBe(passed);
  });

  it.each<[string, string, string]>([
    ['2026-02-30', '2026-03-10T09:30:00Z', 'the project start date is invalid'],
    ['soon', '2026-03-10T09:30:00Z', 'the project start date is invalid'],
    ['2026-04-01', 'yesterday', 'the application date is invalid'],
    ['2026-04-01', '2026-03-10T25:00:00Z', 'the application date is invalid'],
  ])('fails on an invalid date (start %s, applied %s)', (startDate, appliedAt, en) => {
    const o = outcome(rule, { ...withProject({ startDate }), appliedAt });
    expect(o.passed).toBe(false);
    expect(o.reason.en).toBe(en);
  });
});

describe('trl_window bounds are inclusive', () => {
  const rule: EligibilityRule = { type: 'trl_window', min: 4, max: 7 };
  it.each<[number, number, boolean]>([
    [4, 7, true],
    [4, 4, true],
    [7, 7, true],
    [3, 7, false],
    [4, 8, false],
    [3, 8, false],
    [5, 6, true],
  ])('TRL %i → %i: %p', (trlStart, trlTarget, passed) => {
    expect(outcome(rule, withProject({ trlStart, trlTarget })).passed).toBe(passed);
  });
});

describe('budget_range bounds are inclusive', () => {
  const rule: EligibilityRule = { type: 'budget_range', minCents: 1 * M, maxCents: 4 * M };
  it.each<[number, boolean]>([
    [1 * M, true],
    [1 * M - 1, false],
    [4 * M, true],
    [4 * M + 1, false],
    [0, false],
  ])('%i cents: %p', (totalCents, passed) => {
    expect(outcome(rule, withProject({ totalCents })).passed).toBe(passed);
  });
});

describe('label_required: only an active label valid at the application date counts', () => {
  const rule: EligibilityRule = { type: 'label_required' };
  it.each<[string, Label[], string, boolean, string]>([
    ['active, valid until the application day itself', [{ ...avLabel, validUntil: '2026-03-10' }], base.appliedAt, true,
      'the project holds a valid label on 2026-03-10: AV-2026-0042 from pole aerospace-valley (valid until 2026-03-10)'],
    ['active but valid only until the day before', [{ ...avLabel, validUntil: '2026-03-09' }], base.appliedAt, false,
      'no label valid on 2026-03-10: AV-2026-0042 (pole aerospace-valley) was valid only until 2026-03-09'],
    ['revoked', [{ ...avLabel, status: 'revoked' }], base.appliedAt, false,
      'no label valid on 2026-03-10: AV-2026-0042 (pole aerospace-valley) is revoked'],
    ['expired', [{ ...avLabel, status: 'expired' }], base.appliedAt, false,
      'no label valid on 2026-03-10: AV-2026-0042 (pole aerospace-valley) is expired'],
    ['invalid end of validity', [{ ...avLabel, validUntil: '31/12/2026' }], base.appliedAt, false,
      'no label valid on 2026-03-10: AV-2026-0042 (pole aerospace-valley) has an invalid end of validity'],
    ['one valid among others', [
      { ...avLabel, status: 'revoked' },
      { poleId: 'systematic', number: 'SYS-2026-0007', status: 'active', validUntil: '2027-01-31' },
    ], base.appliedAt, true,
    'the project holds a valid label on 2026-03-10: SYS-2026-0007 from pole systematic (valid until 2027-01-31)'],
    ['several valid labels are all named', [
      avLabel,
      { poleId: 'systematic', number: 'SYS-2026-0007', status: 'active', validUntil: '2027-01-31' },
    ], base.appliedAt, true,
    'the project holds a valid label on 2026-03-10: AV-2026-0042 from pole aerospace-valley (valid until 2026-12-31), '
      + 'SYS-2026-0007 from pole systematic (valid until 2027-01-31)'],
    ['every reason listed', [
      { ...avLabel, status: 'revoked' },
      { poleId: 'systematic', number: 'SYS-2025-0100', status: 'expired', validUntil: '2025-12-31' },
    ], base.appliedAt, false,
    'no label valid on 2026-03-10: AV-2026-0042 (pole aerospace-valley) is revoked; SYS-2025-0100 (pole systematic) is expired'],
    ['application date on its UTC day', [{ ...avLabel, validUntil: '2026-03-09' }], '2026-03-10T00:30:00+02:00', true,
      'the project holds a valid label on 2026-03-09: AV-2026-0042 from pole aerospace-valley (valid until 2026-03-09)'],
    ['invalid application date', [avLabel], 'not a date', false, 'the application date is invalid'],
  ])('%s', (_name, labels, appliedAt, passed, en) => {
    const o = outcome(rule, withLabels(labels, appliedAt));
    expect(o.passed).toBe(passed);
    expect(o.reason.en).toBe(en);
  });

  it('accepts only the listed poles, and says so in French', () => {
    const labels: Label[] = [avLabel, { poleId: 'systematic', number: 'SYS-2026-0007', status: 'revoked', validUntil: '2027-01-31' }];
    const o = outcome({ type: 'label_required', poleIds: ['systematic', 'cap-digital'] }, withLabels(labels));
    expect(o).toMatchObject({
      passed: false,
      reason: {
        fr: "aucun label valide au 2026-03-10 des pôles systematic, cap-digital : AV-2026-0042 (pôle aerospace-valley) ne relève pas d'un pôle accepté ; "
          + 'SYS-2026-0007 (pôle systematic) est révoqué',
        en: 'no label valid on 2026-03-10 from the poles systematic, cap-digital: AV-2026-0042 (pole aerospace-valley) is not from an accepted pole; '
          + 'SYS-2026-0007 (pole systematic) is revoked',
      },
    });
    expect(outcome({ type: 'label_required', poleIds: ['cap-digital', 'aerospace-valley'] }, withLabels(labels)).passed).toBe(true);
  });

  it('an empty poleIds list means any pole (validateRules reports it)', () => {
    expect(outcome({ type: 'label_required', poleIds: [] }).passed).toBe(true);
  });

  it('the scheme label bonus follows the same validity', () => {
    const reason = (labels: Label[]) => outcome(PSPC_RATES, withLabels(labels)).reason.en;
    expect(reason([{ ...avLabel, status: 'revoked' }])).toMatch(/^maximum aid rates of the scheme, project without a valid label: /);
    expect(reason([{ ...avLabel, validUntil: '2026-03-09' }])).toMatch(/^maximum aid rates of the scheme, project without a valid label: /);
    expect(reason([avLabel])).toMatch(/^maximum aid rates of the scheme, labelled project \(AV-2026-0042\): /);
  });
});

describe('schemeRateBps', () => {
  it.each<['small' | 'medium' | 'large' | 'research_organisation', boolean, number | null]>([
    ['small', false, 3500],
    ['small', true, 5000],
    ['medium', false, 2500],
    ['medium', true, 3500],
    ['large', false, 2000],
    ['large', true, 2500],
    ['research_organisation', false, null],
    ['research_organisation', true, null],
  ])('PSPC-Régions style, %s, labelled %p → %p', (size, labelled, bps) => {
    expect(schemeRateBps([{ type: 'min_partners', min: 2 }, PSPC_RATES], size, labelled)).toBe(bps);
  });

  it('is null when the call has no scheme_rates rule', () => {
    expect(schemeRateBps([], 'small', true)).toBeNull();
    expect(schemeRateBps([{ type: 'label_required' }], 'large', false)).toBeNull();
  });

  it('without a label bonus, labelled or not gives the same rate', () => {
    const rules: EligibilityRule[] = [{ type: 'scheme_rates', rates: { small: 6000, research_organisation: 10_000 } }];
    expect(schemeRateBps(rules, 'small', true)).toBe(6000);
    expect(schemeRateBps(rules, 'small', false)).toBe(6000);
    expect(schemeRateBps(rules, 'research_organisation', true)).toBe(10_000);
  });

  it('caps rate + bonus at 100 %', () => {
    const rules: EligibilityRule[] = [{ type: 'scheme_rates', rates: { small: 9000 }, labelBonus: { small: 2000 } }];
    expect(schemeRateBps(rules, 'small', true)).toBe(10_000);
  });
});

describe('sizeClassOf', () => {
  it.each<[string, string | null, string]>([
    ['company', 'micro', 'small'],
    ['company', 'small', 'small'],
    ['company', 'medium', 'medium'],
    ['company', 'large', 'large'],
    ['company', null, 'large'],
    ['company', 'huge', 'large'],
    ['research_organisation', null, 'research_organisation'],
    ['research_organisation', 'small', 'research_organisation'],
    ['training_body', null, 'research_organisation'],
    ['association', 'small', 'large'],
  ])('%s, %p → %s', (kind, sizeEu, expected) => {
    expect(sizeClassOf({ kind, sizeEu })).toBe(expected);
  });

  it('feeds schemeRateBps for a partner', () => {
    expect(schemeRateBps([PSPC_RATES], sizeClassOf(aerolab), true)).toBe(5000);
    expect(schemeRateBps([PSPC_RATES], sizeClassOf(airbus), false)).toBe(2000);
  });
});

describe('validateRules', () => {
  it('accepts the full catalogue', () => {
    expect(validateRules(ALL_RULES)).toEqual([]);
    expect(validateRules([])).toEqual([]);
    expect(validateRules([{ type: 'label_required', poleIds: ['aerospace-valley'] }, { type: 'budget_range', maxCents: 0 }])).toEqual([]);
  });

  it('rejects anything but a list', () => {
    expect(validateRules({ type: 'min_partners', min: 2 })).toEqual([{ path: 'rules', message: 'must be a list of rules' }]);
    expect(validateRules(null)).toEqual([{ path: 'rules', message: 'must be a list of rules' }]);
  });

  it.each<[string, unknown[], string[]]>([
    ['not an object', [null, 'min_partners'], ['rules[0]', 'rules[1]']],
    ['unknown type', [{ type: 'min_partners', min: 2 }, { type: 'max_partners', max: 5 }], ['rules[1].type']],
    ['missing type', [{ min: 2 }], ['rules[0].type']],
    ['duplicate type', [{ type: 'min_partners', min: 2 }, { type: 'company_coordinator' }, { type: 'min_partners', min: 3 }], ['rules[2].type']],
    ['unknown property', [{ type: 'company_coordinator', strict: true }], ['rules[0].strict']],
    ['misspelt property', [{ type: 'max_partner_share', maxPercent: 70 }], ['rules[0].maxPercent', 'rules[0].maxPct']],
    ['min 0', [{ type: 'min_partners', min: 0 }], ['rules[0].min']],
    ['min not an integer', [{ type: 'min_independent_companies', min: 1.5 }], ['rules[0].min']],
    ['min as a string', [{ type: 'min_partners', min: '2' }], ['rules[0].min']],
    ['pct 0', [{ type: 'max_partner_share', maxPct: 0 }], ['rules[0].maxPct']],
    ['pct 101', [{ type: 'max_partner_share', maxPct: 101 }], ['rules[0].maxPct']],
    ['pct NaN', [{ type: 'max_partner_share', maxPct: Number.NaN }], ['rules[0].maxPct']],
    ['pct fractional', [{ type: 'max_partner_share', maxPct: 70.5 }], ['rules[0].maxPct']],
    ['empty regions', [{ type: 'lead_in_regions', regions: [] }], ['rules[0].regions']],
    ['blank region', [{ type: 'lead_in_regions', regions: ['Occitanie', ' '] }], ['rules[0].regions[1]']],
    ['duplicate region (accents, case)', [{ type: 'lead_in_regions', regions: ['Île-de-France', 'ile de france'] }], ['rules[0].regions[1]']],
    ['empty poleIds', [{ type: 'label_required', poleIds: [] }], ['rules[0].poleIds']],
    ['TRL min > max', [{ type: 'trl_window', min: 7, max: 4 }], ['rules[0].max']],
    ['TRL out of 1..9', [{ type: 'trl_window', min: 0, max: 10 }], ['rules[0].min', 'rules[0].max']],
    ['budget min > max', [{ type: 'budget_range', minCents: 4 * M, maxCents: 1 * M }], ['rules[0].maxCents']],
    ['budget without bounds', [{ type: 'budget_range' }], ['rules[0]']],
    ['negative budget', [{ type: 'budget_range', minCents: -1 }], ['rules[0].minCents']],
    ['rates missing', [{ type: 'scheme_rates' }], ['rules[0].rates']],
    ['no rate', [{ type: 'scheme_rates', rates: {} }], ['rules[0].rates']],
    ['bps above 10000', [{ type: 'scheme_rates', rates: { small: 10_001 } }], ['rules[0].rates.small']],
    ['negative bps', [{ type: 'scheme_rates', rates: { small: -1 } }], ['rules[0].rates.small']],
    ['unknown class', [{ type: 'scheme_rates', rates: { eti: 2500 } }], ['rules[0].rates.eti']],
    ['bonus above 10000', [{ type: 'scheme_rates', rates: { small: 3500 }, labelBonus: { small: 20_000 } }], ['rules[0].labelBonus.small']],
    ['bonus without rate', [{ type: 'scheme_rates', rates: { small: 3500 }, labelBonus: { large: 500 } }], ['rules[0].labelBonus.large']],
    ['rate + bonus above 100 %', [{ type: 'scheme_rates', rates: { small: 9000 }, labelBonus: { small: 1500 } }], ['rules[0].labelBonus.small']],
  ])('%s', (_name, rules, paths) => {
    expect(validateRules(rules).map((i) => i.path)).toEqual(paths);
  });

  it('reports every issue of a list, with readable messages', () => {
    expect(validateRules([
      { type: 'min_partners', min: 3 },
      { type: 'trl_window', min: 7, max: 4 },
      { type: 'max_partner_share', maxPct: 120 },
      { type: 'min_partners', min: 2 },
      { type: 'unknown' },
    ])).toEqual([
      { path: 'rules[1].max', message: 'must be at least min (7)' },
      { path: 'rules[2].maxPct', message: 'must be an integer percentage between 1 and 100' },
      { path: 'rules[3].type', message: 'duplicate rule type min_partners (already rules[0])' },
      { path: 'rules[4].type', message: `unknown rule type "unknown" (expected one of ${ELIGIBILITY_RULE_TYPES.join(', ')})` },
    ]);
  });
});
