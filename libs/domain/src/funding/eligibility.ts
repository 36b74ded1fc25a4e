/*
 * Eligibility rules a funder picks for a call (DOMAIN.md §3: FUI, PSPC-Régions, i-Démo, ANR,
 * regional aid; §4.6 incentive effect; §5 company sizes) and a pure evaluator that says, for every
 * rule, whether it passes and why, in French and English.
 *
 * Conventions: money is integer euro cents; rates are basis points (10000 = 100 %); percentages
 * of a call (max_partner_share) are integers 1..100. Dates are compared as UTC calendar days
 * (YYYY-MM-DD), as labelStatus does (labelling/label.ts): a date-time with a zone designator is
 * converted to its UTC day, one without is read as written. A label's validUntil is its last
 * valid day (inclusive).
 */

import { both, bpsText, isCalendarDay, join, money, pctText, shareText, utcDay, type Text } from './bilingual.js';
import { foldAccents } from '../text.js';
import { sizeClassOf } from './size-class.js';

export { sizeClassOf };

export const ELIGIBILITY_RULE_TYPES = [
  'label_required',
  'min_partners',
  'min_independent_companies',
  'sme_or_eti_required',
  'research_organisation_required',
  'company_coordinator',
  'max_partner_share',
  'lead_in_regions',
  'start_after_application',
  'trl_window',
  'budget_range',
  'scheme_rates',
] as const;

type RateClass = 'small' | 'medium' | 'large' | 'research_organisation';
/** The classes of a scheme_rates rule (also checked by validateRules). */
export const RATE_CLASSES: readonly RateClass[] = ['small', 'medium', 'large', 'research_organisation'];

export type EligibilityRule =
  | { type: 'label_required'; poleIds?: string[] }
  | { type: 'min_partners'; min: number }
  | { type: 'min_independent_companies'; min: number }
  | { type: 'sme_or_eti_required' }
  | { type: 'research_organisation_required' }
  | { type: 'company_coordinator' }
  | { type: 'max_partner_share'; maxPct: number }
  | { type: 'lead_in_regions'; regions: string[] }
  | { type: 'start_after_application' }
  | { type: 'trl_window'; min: number; max: number }
  | { type: 'budget_range'; minCents?: number; maxCents?: number }
  | { type: 'scheme_rates'; rates: Partial<Record<RateClass, number>>; labelBonus?: Partial<Record<RateClass, number>> };

export type EligibilityRuleType = EligibilityRule['type'];

// Compile-time check: ELIGIBILITY_RULE_TYPES and the union list the same types.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _sameTypes: Same<EligibilityRuleType, (typeof ELIGIBILITY_RULE_TYPES)[number]> = true;

export interface ApplicationFacts {
  /** ISO date-time of the aid application. */
  appliedAt: string;
  project: { startDate: string; trlStart: number; trlTarget: number; totalCents: number };
  partners: {
    organisationId: string;
    name: string;
    kind: 'company' | 'research_organisation' | 'training_body';
    siren: string;
    /** The head office's region. */
    region: string;
    /** Every region where the partner has an establishment (absent: only `region`). */
    regions?: string[];
    sizeEu: 'micro' | 'small' | 'medium' | 'large' | null;
    categoryFr: 'TPE' | 'PME' | 'ETI' | 'GE' | null;
    role: 'coordinator' | 'partner';
    totalCents: number;
  }[];
  labels: { poleId: string; number: string; status: 'active' | 'revoked' | 'expired'; validUntil: string }[];
}

export interface RuleOutcome {
  rule: EligibilityRule;
  passed: boolean;
  reason: { fr: string; en: string };
}

export interface EligibilityAssessment {
  eligible: boolean;
  outcomes: RuleOutcome[];
}

type Partner = ApplicationFacts['partners'][number];
type Label = ApplicationFacts['labels'][number];

function assertNever(x: never): never {
  throw new Error(`unexpected value ${JSON.stringify(x)}`);
}

// ---------------------------------------------------------------------------------------------
// Partners in reasons
// ---------------------------------------------------------------------------------------------

const isCents = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;

const KIND: Record<Partner['kind'], Text> = {
  company: { fr: 'une entreprise', en: 'a company' },
  research_organisation: { fr: 'un organisme de recherche', en: 'a research organisation' },
  training_body: { fr: 'un organisme de formation', en: 'a training body' },
};

const SIZE_EU: Record<NonNullable<Partner['sizeEu']>, Text> = {
  micro: { fr: 'micro', en: 'micro' },
  small: { fr: 'petite', en: 'small' },
  medium: { fr: 'moyenne', en: 'medium' },
  large: { fr: 'grande', en: 'large' },
};

const CLASS_NAME: Record<RateClass, Text> = {
  small: { fr: 'petites entreprises', en: 'small enterprises' },
  medium: { fr: 'moyennes entreprises', en: 'medium-sized enterprises' },
  large: { fr: 'grandes entreprises', en: 'large enterprises' },
  research_organisation: { fr: 'organismes de recherche', en: 'research organisations' },
};

/** "Aerolab (PME, small)" / "Aerolab (PME, petite)"; "(size unknown)" when neither is known. */
function withSize(p: Partner): Text {
  const parts: Text[] = [];
  if (p.categoryFr !== null) parts.push(both(p.categoryFr));
  if (p.sizeEu !== null) parts.push(SIZE_EU[p.sizeEu] ?? both(String(p.sizeEu)));
  const inner = parts.length === 0 ? { fr: 'taille inconnue', en: 'size unknown' } : join(parts);
  return { fr: `${p.name} (${inner.fr})`, en: `${p.name} (${inner.en})` };
}

const names = (ps: readonly Partner[]): string => ps.map((p) => p.name).join(', ');

const INVALID_APPLIED_AT: Text = {
  fr: 'la date de la demande est invalide',
  en: 'the application date is invalid',
};

// ---------------------------------------------------------------------------------------------
// Labels
// ---------------------------------------------------------------------------------------------

/** null when the label counts on `day` (active, validUntil ≥ day, accepted pole); else why not. */
function labelProblem(label: Label, day: string, poleIds: readonly string[] | undefined): Text | null {
  const id = { fr: `${label.number} (pôle ${label.poleId})`, en: `${label.number} (pole ${label.poleId})` };
  if (poleIds !== undefined && poleIds.length > 0 && !poleIds.includes(label.poleId)) {
    return { fr: `${id.fr} ne relève pas d'un pôle accepté`, en: `${id.en} is not from an accepted pole` };
  }
  switch (label.status) {
    case 'revoked':
      return { fr: `${id.fr} est révoqué`, en: `${id.en} is revoked` };
    case 'expired':
      return { fr: `${id.fr} est expiré`, en: `${id.en} is expired` };
    case 'active':
      break;
    default:
      return assertNever(label.status);
  }
  if (!isCalendarDay(label.validUntil)) {
    return { fr: `${id.fr} a une date de fin de validité invalide`, en: `${id.en} has an invalid end of validity` };
  }
  if (label.validUntil < day) {
    return { fr: `${id.fr} n'était valable que jusqu'au ${label.validUntil}`, en: `${id.en} was valid only until ${label.validUntil}` };
  }
  return null;
}

const validLabels = (labels: readonly Label[], day: string, poleIds?: readonly string[]): Label[] =>
  labels.filter((l) => labelProblem(l, day, poleIds) === null);

function labelRequired(rule: Extract<EligibilityRule, { type: 'label_required' }>, facts: ApplicationFacts): [boolean, Text] {
  const day = utcDay(facts.appliedAt);
  if (day === null) return [false, INVALID_APPLIED_AT];
  const poleIds = rule.poleIds !== undefined && rule.poleIds.length > 0 ? rule.poleIds : undefined;
  const valid = validLabels(facts.labels, day, poleIds);
  if (valid.length > 0) {
    const items = join(valid.map((l) => ({
      fr: `${l.number} du pôle ${l.poleId} (valable jusqu'au ${l.validUntil})`,
      en: `${l.number} from pole ${l.poleId} (valid until ${l.validUntil})`,
    })));
    return [true, {
      fr: `le projet détient un label valide au ${day} : ${items.fr}`,
      en: `the project holds a valid label on ${day}: ${items.en}`,
    }];
  }
  const from = poleIds === undefined
    ? { fr: '', en: '' }
    : { fr: ` des pôles ${poleIds.join(', ')}`, en: ` from the poles ${poleIds.join(', ')}` };
  const why = facts.labels.length === 0
    ? { fr: 'le projet ne détient aucun label', en: 'the project holds no label' }
    : join(facts.labels.map((l) => labelProblem(l, day, poleIds) as Text), '; ');
  return [false, {
    fr: `aucun label valide au ${day}${from.fr} : ${why.fr}`,
    en: `no label valid on ${day}${from.en}: ${why.en}`,
  }];
}

// ---------------------------------------------------------------------------------------------
// Consortium
// ---------------------------------------------------------------------------------------------

function minPartners(min: number, facts: ApplicationFacts): [boolean, Text] {
  // Distinct organisations: one listed twice counts once.
  const partners = [...new Map(facts.partners.map((p) => [p.organisationId, p] as const)).values()];
  const n = partners.length;
  const list = n === 0 ? '' : ` (${names(partners)})`;
  return [n >= min, {
    fr: `${n} partenaire${n > 1 ? 's' : ''}${list}, minimum ${min}`,
    en: `${n} partner${n === 1 ? '' : 's'}${list}, minimum ${min}`,
  }];
}

const normaliseSiren = (s: string): string => s.replace(/\s+/g, '');

function minIndependentCompanies(min: number, facts: ApplicationFacts): [boolean, Text] {
  const companies = facts.partners.filter((p) => p.kind === 'company');
  const bySiren = new Map<string, Partner[]>();
  const noSiren: Partner[] = [];
  for (const c of companies) {
    const siren = normaliseSiren(c.siren);
    if (siren === '') noSiren.push(c);
    else bySiren.set(siren, [...(bySiren.get(siren) ?? []), c]);
  }
  const n = bySiren.size;
  const counted = [...bySiren.values()].map((cs) => cs[0]);
  const notes: Text[] = [];
  for (const [siren, cs] of bySiren) {
    if (cs.length > 1) {
      notes.push({
        fr: `${names(cs)} partagent le SIREN ${siren} et comptent pour une`,
        en: `${names(cs)} share SIREN ${siren} and count once`,
      });
    }
  }
  for (const c of noSiren) notes.push({ fr: `${c.name} n'a pas de SIREN et ne compte pas`, en: `${c.name} has no SIREN and does not count` });
  const list = n === 0 ? '' : ` (${names(counted)})`;
  const tail = notes.length === 0 ? { fr: '', en: '' } : join(notes, '; ');
  return [n >= min, {
    fr: `${n} entreprise${n > 1 ? 's' : ''} de SIREN distinct${n > 1 ? 's' : ''}${list}, minimum ${min}${tail.fr === '' ? '' : ` ; ${tail.fr}`}`,
    en: `${n} compan${n === 1 ? 'y' : 'ies'} with distinct SIRENs${list}, minimum ${min}${tail.en === '' ? '' : `; ${tail.en}`}`,
  }];
}

const isSmeOrEti = (p: Partner): boolean =>
  p.kind === 'company' &&
  (p.categoryFr === 'TPE' || p.categoryFr === 'PME' || p.categoryFr === 'ETI' ||
    p.sizeEu === 'micro' || p.sizeEu === 'small' || p.sizeEu === 'medium');

function smeOrEtiRequired(facts: ApplicationFacts): [boolean, Text] {
  const companies = facts.partners.filter((p) => p.kind === 'company');
  const found = companies.filter(isSmeOrEti);
  if (found.length > 0) {
    const l = join(found.map(withSize));
    return [true, { fr: `PME ou ETI dans le consortium : ${l.fr}`, en: `SME or ETI in the consortium: ${l.en}` }];
  }
  if (companies.length === 0) return [false, { fr: 'aucune entreprise dans le consortium', en: 'no company in the consortium' }];
  const l = join(companies.map(withSize));
  return [false, { fr: `aucune PME ni ETI parmi les entreprises : ${l.fr}`, en: `no SME or ETI among the companies: ${l.en}` }];
}

function researchOrganisationRequired(facts: ApplicationFacts): [boolean, Text] {
  const labs = facts.partners.filter((p) => p.kind === 'research_organisation');
  if (labs.length > 0) {
    return [true, {
      fr: `organisme${labs.length > 1 ? 's' : ''} de recherche dans le consortium : ${names(labs)}`,
      en: `research organisation${labs.length > 1 ? 's' : ''} in the consortium: ${names(labs)}`,
    }];
  }
  const schools = facts.partners.filter((p) => p.kind === 'training_body');
  const note = schools.length === 0
    ? { fr: '', en: '' }
    : { fr: ` (les organismes de formation ne comptent pas : ${names(schools)})`, en: ` (training bodies do not count: ${names(schools)})` };
  return [false, { fr: `aucun organisme de recherche dans le consortium${note.fr}`, en: `no research organisation in the consortium${note.en}` }];
}

/** The single coordinator, or the reason why there is not exactly one. */
function coordinatorOf(facts: ApplicationFacts): Partner | Text {
  const cs = facts.partners.filter((p) => p.role === 'coordinator');
  if (cs.length === 1) return cs[0];
  if (cs.length === 0) return { fr: 'aucun coordinateur désigné', en: 'no coordinator designated' };
  return {
    fr: `${cs.length} coordinateurs (${names(cs)}) : un seul est attendu`,
    en: `${cs.length} coordinators (${names(cs)}): exactly one is expected`,
  };
}

const isPartner = (x: Partner | Text): x is Partner => 'organisationId' in x;

function companyCoordinator(facts: ApplicationFacts): [boolean, Text] {
  const c = coordinatorOf(facts);
  if (!isPartner(c)) return [false, c];
  const kind = KIND[c.kind];
  if (c.kind === 'company') return [true, { fr: `le coordinateur ${c.name} est ${kind.fr}`, en: `the coordinator ${c.name} is ${kind.en}` }];
  return [false, {
    fr: `le coordinateur ${c.name} est ${kind.fr}, pas une entreprise`,
    en: `the coordinator ${c.name} is ${kind.en}, not a company`,
  }];
}

function maxPartnerShare(maxPct: number, facts: ApplicationFacts): [boolean, Text] {
  const max = pctText(maxPct);
  const invalid = facts.partners.filter((p) => !isCents(p.totalCents));
  if (invalid.length > 0) {
    return [false, {
      fr: `coût invalide pour ${names(invalid)} : les parts ne peuvent pas être calculées`,
      en: `invalid cost for ${names(invalid)}: the shares cannot be computed`,
    }];
  }
  // Total costs = the sum of the partners' costs, so that the shares add up to 100 %.
  const total = facts.partners.reduce((sum, p) => sum + p.totalCents, 0);
  if (total <= 0) {
    return [false, {
      fr: 'le coût total des partenaires est nul : les parts ne peuvent pas être calculées',
      en: "the partners' total cost is 0: the shares cannot be computed",
    }];
  }
  // Exact integer arithmetic: share > max %  ⇔  cents·100 > max·total (exactly max % passes).
  const above = facts.partners.filter((p) => BigInt(p.totalCents) * 100n > BigInt(maxPct) * BigInt(total));
  if (above.length > 0) {
    const each = above.map((p) => {
      const s = shareText(p.totalCents, total, 'up');
      return { fr: `${p.name} porte ${s.fr} des coûts`, en: `${p.name} bears ${s.en} of the costs` };
    });
    const l = join(each, '; ');
    return [false, { fr: `${l.fr} (maximum ${max.fr})`, en: `${l.en} (maximum ${max.en})` }];
  }
  const largest = facts.partners.reduce((a, b) => (b.totalCents > a.totalCents ? b : a));
  const s = shareText(largest.totalCents, total, 'nearest');
  return [true, {
    fr: `part la plus élevée : ${largest.name} porte ${s.fr} des coûts (maximum ${max.fr})`,
    en: `largest share: ${largest.name} bears ${s.en} of the costs (maximum ${max.en})`,
  }];
}

/**
 * Trim, lower-case, strip accents (NFD), unify apostrophes, spaces/underscores/hyphens → '-'.
 * validateRules uses it too, to find duplicate regions.
 */
export const normaliseRegion = (s: string): string =>
  foldAccents(s).replace(/[’‘`]/g, "'").replace(/[\s_-]+/g, '-');

function leadInRegions(regions: readonly string[], facts: ApplicationFacts): [boolean, Text] {
  const c = coordinatorOf(facts);
  if (!isPartner(c)) return [false, c];
  const accepted = regions.join(', ');
  const wanted = new Set(regions.map(normaliseRegion));
  const elsewhere = (c.regions ?? []).filter((r) => normaliseRegion(r) !== normaliseRegion(c.region) && wanted.has(normaliseRegion(r)));
  const passed = wanted.has(normaliseRegion(c.region)) || elsewhere.length > 0;
  if (passed && !wanted.has(normaliseRegion(c.region))) {
    // The head office is elsewhere, but an establishment is in an accepted region (regional presence).
    return [true, {
      fr: `le coordinateur ${c.name} a un établissement en région ${elsewhere.join(', ')} (siège en ${c.region} ; régions acceptées : ${accepted})`,
      en: `the coordinator ${c.name} has an establishment in ${elsewhere.join(', ')} (head office in ${c.region}; accepted regions: ${accepted})`,
    }];
  }
  if (passed) {
    return [true, {
      fr: `le coordinateur ${c.name} est situé en région ${c.region} (régions acceptées : ${accepted})`,
      en: `the coordinator ${c.name} is located in ${c.region} (accepted regions: ${accepted})`,
    }];
  }
  return [false, {
    fr: `le coordinateur ${c.name} est situé en région ${c.region}, hors des régions acceptées (${accepted})`,
    en: `the coordinator ${c.name} is located in ${c.region}, outside the accepted regions (${accepted})`,
  }];
}

// ---------------------------------------------------------------------------------------------
// Project
// ---------------------------------------------------------------------------------------------

function startAfterApplication(facts: ApplicationFacts): [boolean, Text] {
  const applied = utcDay(facts.appliedAt);
  if (applied === null) return [false, INVALID_APPLIED_AT];
  const start = utcDay(facts.project.startDate);
  if (start === null) return [false, { fr: 'la date de démarrage du projet est invalide', en: 'the project start date is invalid' }];
  if (start >= applied) {
    return [true, {
      fr: `le projet démarre le ${start}, pas avant la date de la demande (${applied})`,
      en: `the project starts on ${start}, not before the application date (${applied})`,
    }];
  }
  return [false, {
    fr: `le projet démarre le ${start}, avant la date de la demande (${applied}) : des travaux commencés avant la demande n'ont pas d'effet incitatif`,
    en: `the project starts on ${start}, before the application date (${applied}): work started before applying has no incentive effect`,
  }];
}

function trlWindow(min: number, max: number, facts: ApplicationFacts): [boolean, Text] {
  const { trlStart, trlTarget } = facts.project;
  const problems: Text[] = [];
  if (!(trlStart >= min)) {
    problems.push({ fr: `le projet part du TRL ${trlStart}, sous le minimum TRL ${min}`, en: `the project starts at TRL ${trlStart}, below the minimum TRL ${min}` });
  }
  if (!(trlTarget <= max)) {
    problems.push({ fr: `le projet vise le TRL ${trlTarget}, au-delà du maximum TRL ${max}`, en: `the project targets TRL ${trlTarget}, above the maximum TRL ${max}` });
  }
  if (problems.length > 0) return [false, join(problems, '; ')];
  return [true, {
    fr: `TRL ${trlStart} → ${trlTarget}, dans la fenêtre TRL ${min} à ${max}`,
    en: `TRL ${trlStart} → ${trlTarget}, within the window TRL ${min} to ${max}`,
  }];
}

function budgetRange(minCents: number | undefined, maxCents: number | undefined, facts: ApplicationFacts): [boolean, Text] {
  const total = facts.project.totalCents;
  if (!isCents(total)) return [false, { fr: 'le coût total du projet est invalide', en: 'the total project cost is invalid' }];
  const t = money(total);
  if (minCents !== undefined && total < minCents) {
    const m = money(minCents);
    return [false, { fr: `coût total du projet ${t.fr}, sous le minimum de ${m.fr}`, en: `total project cost ${t.en}, below the minimum of ${m.en}` }];
  }
  if (maxCents !== undefined && total > maxCents) {
    const m = money(maxCents);
    return [false, { fr: `coût total du projet ${t.fr}, au-delà du maximum de ${m.fr}`, en: `total project cost ${t.en}, above the maximum of ${m.en}` }];
  }
  const range: Text =
    minCents !== undefined && maxCents !== undefined
      ? { fr: `entre ${money(minCents).fr} et ${money(maxCents).fr}`, en: `between ${money(minCents).en} and ${money(maxCents).en}` }
      : minCents !== undefined
        ? { fr: `au moins ${money(minCents).fr}`, en: `at least ${money(minCents).en}` }
        : maxCents !== undefined
          ? { fr: `au plus ${money(maxCents).fr}`, en: `at most ${money(maxCents).en}` }
          : { fr: 'sans limite', en: 'no limit' };
  return [true, { fr: `coût total du projet ${t.fr} (attendu : ${range.fr})`, en: `total project cost ${t.en} (expected: ${range.en})` }];
}

// ---------------------------------------------------------------------------------------------
// Scheme rates
// ---------------------------------------------------------------------------------------------

type SchemeRates = Extract<EligibilityRule, { type: 'scheme_rates' }>;

const effectiveBps = (rule: SchemeRates, size: RateClass, labelled: boolean): number | null => {
  const rate = rule.rates[size];
  if (rate === undefined) return null;
  return Math.min(10_000, rate + (labelled ? (rule.labelBonus?.[size] ?? 0) : 0));
};

function schemeRates(rule: SchemeRates, facts: ApplicationFacts): [boolean, Text] {
  const day = utcDay(facts.appliedAt);
  const labels = day === null ? [] : validLabels(facts.labels, day);
  const labelled = labels.length > 0;
  const items: Text[] = [];
  for (const size of RATE_CLASSES) {
    const rate = rule.rates[size];
    if (rate === undefined) continue;
    const bonus = rule.labelBonus?.[size] ?? 0;
    const name = CLASS_NAME[size];
    const base = bpsText(rate);
    if (labelled && bonus > 0) {
      const eff = bpsText(effectiveBps(rule, size, true) as number);
      const b = bpsText(bonus);
      items.push({
        fr: `${name.fr} ${eff.fr} (${base.fr} + ${b.fr} de bonus label)`,
        en: `${name.en} ${eff.en} (${base.en} + ${b.en} label bonus)`,
      });
    } else if (bonus > 0) {
      const b = bpsText(bonus);
      items.push({ fr: `${name.fr} ${base.fr} (+ ${b.fr} si labellisé)`, en: `${name.en} ${base.en} (+ ${b.en} if labelled)` });
    } else {
      items.push({ fr: `${name.fr} ${base.fr}`, en: `${name.en} ${base.en}` });
    }
  }
  const rates = items.length === 0 ? { fr: 'aucun taux défini', en: 'no rate set' } : join(items);
  const head = labelled
    ? { fr: `projet labellisé (${labels.map((l) => l.number).join(', ')})`, en: `labelled project (${labels.map((l) => l.number).join(', ')})` }
    : { fr: 'projet sans label valide', en: 'project without a valid label' };
  return [true, {
    fr: `taux d'aide maximaux du dispositif, ${head.fr} : ${rates.fr}`,
    en: `maximum aid rates of the scheme, ${head.en}: ${rates.en}`,
  }];
}

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

function evaluate(rule: EligibilityRule, facts: ApplicationFacts): [boolean, Text] {
  switch (rule.type) {
    case 'label_required':
      return labelRequired(rule, facts);
    case 'min_partners':
      return minPartners(rule.min, facts);
    case 'min_independent_companies':
      return minIndependentCompanies(rule.min, facts);
    case 'sme_or_eti_required':
      return smeOrEtiRequired(facts);
    case 'research_organisation_required':
      return researchOrganisationRequired(facts);
    case 'company_coordinator':
      return companyCoordinator(facts);
    case 'max_partner_share':
      return maxPartnerShare(rule.maxPct, facts);
    case 'lead_in_regions':
      return leadInRegions(rule.regions, facts);
    case 'start_after_application':
      return startAfterApplication(facts);
    case 'trl_window':
      return trlWindow(rule.min, rule.max, facts);
    case 'budget_range':
      return budgetRange(rule.minCents, rule.maxCents, facts);
    case 'scheme_rates':
      return schemeRates(rule, facts);
    default:
      return assertNever(rule);
  }
}

/**
 * One outcome per rule, in the order of the rules (every failing rule is reported); eligible when
 * every rule passes (an empty rule list is eligible). Expects rules that validateRules accepts.
 */
export function assessEligibility(rules: readonly EligibilityRule[], facts: ApplicationFacts): EligibilityAssessment {
  const outcomes = rules.map((rule): RuleOutcome => {
    const [passed, reason] = evaluate(rule, facts);
    return { rule, passed, reason };
  });
  return { eligible: outcomes.every((o) => o.passed), outcomes };
}


/**
 * The scheme ceiling for the GBER engine, in basis points: the call's rate for `size`, plus its
 * label bonus when `labelled`, capped at 10000. null when the call has no scheme_rates rule, or
 * sets no rate for that class (no scheme ceiling: the GBER ceiling alone applies).
 */
export function schemeRateBps(rules: readonly EligibilityRule[], size: RateClass, labelled: boolean): number | null {
  const rule = rules.find((r): r is SchemeRates => r.type === 'scheme_rates');
  return rule === undefined ? null : effectiveBps(rule, size, labelled);
}
