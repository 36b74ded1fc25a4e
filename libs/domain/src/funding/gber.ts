import { RESEARCH_CATEGORIES, type ResearchCategory } from '../budget.js';
import { DomainError } from '../domain-error.js';
import type { PartnerKind } from '../project.machine.js';
import type { SizeEu } from '../size-category.js';
import { GBER_LATEST, GBER_RULE_VERSIONS, GBER_RULES, type GberRuleSet, type GberRuleVersion } from './gber.data.js';
import { checkCollaboration, isResearchOrganisation, type CollaborationCheck } from './gber.collaboration.js';
import { eur, FULL_BPS, pct } from './gber.format.js';
import { validate } from './gber.validate.js';
import { sizeClassOf } from './size-class.js';

/*
 * GBER article 25 aid-intensity engine (DOMAIN.md §4), pure: no I/O, no clock.
 *
 * For each partner and research category it gives the legal ceiling (GBER: base intensity, size
 * bonus, collaboration bonus (b), 80 % cap), the funding scheme's own ceiling, the applied
 * intensity (the lower of both) and the maximum aid in cents, plus the art. 4(1)(i) notification
 * check. Rule figures come from the versioned table in gber.data.ts.
 *
 * Exact arithmetic: intensities in basis points (10000 = 100 %), money in integer cents, shares
 * compared by cross-multiplication in BigInt (70.00 % holds, 70.01 % fails), aid rounded down.
 *
 * The same types are re-exported from their home modules (one spelling per concept).
 */

export type { ResearchCategory } from '../budget.js';
export type { PartnerKind } from '../project.machine.js';
export type { SizeEu } from '../size-category.js';
export { GBER_LATEST, GBER_RULE_VERSIONS, GBER_RULES } from './gber.data.js';
export type { GberRuleSet, GberRuleVersion, GberSource, NotificationThreshold } from './gber.data.js';

/** Size classes of the GBER bonus; micro counts as small. */
export type GberSize = 'small' | 'medium' | 'large';
/** Rate classes a funding scheme may set (training bodies use the research-organisation rate). */
export type SchemeRateClass = GberSize | 'research_organisation';

export interface GberPartner {
  id: string;
  name: string;
  kind: PartnerKind;
  /** null for research organisations / training bodies */
  sizeEu: SizeEu | null;
  /** eligible costs per category, integer cents */
  costsCents: Partial<Record<ResearchCategory, number>>;
  /** research organisations: free to publish their own results (collaboration condition (b)) */
  mayPublish?: boolean;
  /** research organisations: the project is part of their non-economic activity (outside State aid) */
  nonEconomic?: boolean;
}

export interface SchemeRates {
  /** the funding scheme's own ceiling per size class and category, basis points; absent = no scheme ceiling */
  bySize?: Partial<Record<SchemeRateClass, Partial<Record<ResearchCategory, number>>>>;
}

export interface GberInput {
  partners: GberPartner[];
  /** results widely disseminated (conferences, publications, open-access repositories, free/open-source software) */
  wideDissemination?: boolean;
  scheme?: SchemeRates;
  /** default GBER_LATEST */
  ruleVersion?: GberRuleVersion;
}

/** An increase of art. 25(6)/(7); `points` are percentage points (+15 = 1500 bps). */
export interface GberBonus {
  kind: 'size' | 'collaboration';
  points: number;
  reason: string;
}

export interface CategoryCeiling {
  category: ResearchCategory;
  costsCents: number;
  gberBps: number;
  schemeBps: number | null;
  /** min(gber, scheme ?? gber) */
  appliedBps: number;
  /** floor(costs × applied / 10000) */
  maxAidCents: number;
  bonuses: GberBonus[];
  /** the 80 % cap cut the sum of base and bonuses */
  capped: boolean;
  /** the scheme rate is strictly below the GBER ceiling */
  limitedByScheme: boolean;
}

export interface PartnerCeiling {
  partnerId: string;
  name: string;
  /** research organisation's non-economic activity */
  outsideStateAid: boolean;
  /** categories with costs > 0, in RESEARCH_CATEGORIES order */
  categories: CategoryCeiling[];
  totalCostsCents: number;
  maxAidCents: number;
  /** > 50 % of the partner's eligible costs, else the category with the lowest threshold among its costs (DOMAIN §4.1) */
  predominantCategory: ResearchCategory | null;
  /** per undertaking per project; thresholdCents 0 and required false when outside State aid or without costs */
  notification: { thresholdCents: number; required: boolean; ruleVersion: string; source: string };
  notes: string[];
}

export interface GberResult {
  ruleVersion: string;
  /** bonus (b): one reason per condition — (i) undertakings incl. an SME, (ii) research organisations, (iii) wide dissemination */
  collaboration: { applies: boolean; reasons: string[] };
  partners: PartnerCeiling[];
  totalCostsCents: number;
  totalMaxAidCents: number;
}

export interface IntensityResult {
  bps: number;
  bonuses: GberBonus[];
  capped: boolean;
}

const GBER_SIZES: readonly GberSize[] = ['small', 'medium', 'large'];

function assertNever(x: never): never {
  throw new Error(`unexpected value ${JSON.stringify(x)}`);
}

// ---------------------------------------------------------------------------------------------
// Category labels (English)
// ---------------------------------------------------------------------------------------------

export function categoryLabel(c: ResearchCategory): string {
  switch (c) {
    case 'fundamental':
      return 'fundamental research';
    case 'industrial':
      return 'industrial research';
    case 'experimental':
      return 'experimental development';
    case 'feasibility':
      return 'feasibility study';
    default:
      return assertNever(c);
  }
}

// ---------------------------------------------------------------------------------------------
// Intensity of one category for one size class
// ---------------------------------------------------------------------------------------------

function rulesFor(version: GberRuleVersion | undefined): GberRuleSet {
  const v = version ?? GBER_LATEST;
  if (!(GBER_RULE_VERSIONS as readonly string[]).includes(v)) {
    throw new DomainError('INVALID_GBER_INPUT', 'invalid GBER input', 400, {
      errors: [{ path: 'ruleVersion', message: `unknown GBER rule version ${JSON.stringify(v)}; known: ${GBER_RULE_VERSIONS.join(', ')}` }],
    });
  }
  return GBER_RULES[v];
}

function intensity(
  rules: GberRuleSet,
  category: ResearchCategory,
  size: GberSize,
  collaboration: boolean,
  wording: { size: string; collaboration: string },
): IntensityResult {
  const bonuses: GberBonus[] = [];
  const label = categoryLabel(category);

  let sizeBps: number;
  switch (size) {
    case 'small':
      sizeBps = rules.sizeBonusBps[category].small;
      break;
    case 'medium':
      sizeBps = rules.sizeBonusBps[category].medium;
      break;
    case 'large':
      sizeBps = 0;
      break;
    default:
      return assertNever(size);
  }
  if (sizeBps > 0) {
    const article = category === 'feasibility' ? rules.articles.feasibilitySizeBonus : rules.articles.sizeBonus;
    bonuses.push({ kind: 'size', points: sizeBps / 100, reason: `${wording.size}: +${sizeBps / 100} points for ${label} (GBER ${article})` });
  }

  const collaborationBps = collaboration ? rules.collaborationBonusBps[category] : 0;
  if (collaborationBps > 0) {
    bonuses.push({
      kind: 'collaboration',
      points: collaborationBps / 100,
      reason: `${wording.collaboration}: +${collaborationBps / 100} points for ${label} (GBER ${rules.articles.collaborationBonus})`,
    });
  }

  const sum = rules.baseBps[category] + sizeBps + collaborationBps;
  const cap = rules.capBps[category];
  return { bps: Math.min(sum, cap), bonuses, capped: sum > cap };
}

/**
 * The GBER maximum intensity for a category and size class (DOMAIN.md §4.4 table); `collaboration`
 * = one condition of art. 25(6)(b) holds. Micro enterprises use 'small'; research organisations in
 * an economic activity use 'large'.
 */
export function maxIntensityBps(category: ResearchCategory, size: GberSize, collaboration: boolean, version?: GberRuleVersion): IntensityResult {
  const rules = rulesFor(version);
  const errors: { path: string; message: string }[] = [];
  if (!(RESEARCH_CATEGORIES as readonly string[]).includes(category)) errors.push({ path: 'category', message: `unknown research category ${JSON.stringify(category)}` });
  if (!GBER_SIZES.includes(size)) errors.push({ path: 'size', message: `unknown GBER size class ${JSON.stringify(size)} (micro counts as small)` });
  if (errors.length > 0) throw new DomainError('INVALID_GBER_INPUT', 'invalid GBER input', 400, { errors });
  return intensity(rules, category, size, collaboration, {
    size: `${size} enterprise`,
    collaboration: 'collaboration or wide dissemination',
  });
}

// ---------------------------------------------------------------------------------------------
// Ceilings per partner
// ---------------------------------------------------------------------------------------------

/** The GBER size of a partner: its scheme size class, research organisations and training bodies counting as large. */
function gberSizeOf(p: GberPartner): GberSize {
  const c = sizeClassOf(p);
  return c === 'research_organisation' ? 'large' : c;
}


function sizeWording(p: GberPartner): string {
  return p.sizeEu === 'micro' ? 'micro enterprise (counts as small)' : `${p.sizeEu ?? 'large'} enterprise`;
}

/**
 * Predominant category of a partner's costs: the one above 50 %; otherwise the category with the
 * lowest notification threshold among those it has costs in ("if unclear, the lower threshold
 * applies", DOMAIN.md §4.1). null without costs.
 */
function predominant(rules: GberRuleSet, p: GberPartner, total: number): { category: ResearchCategory | null; majority: boolean } {
  if (total === 0) return { category: null, majority: false };
  for (const c of RESEARCH_CATEGORIES) {
    if ((p.costsCents[c] ?? 0) * 2 > total) return { category: c, majority: true };
  }
  let best: ResearchCategory | null = null;
  for (const c of RESEARCH_CATEGORIES) {
    if ((p.costsCents[c] ?? 0) === 0) continue;
    if (best === null || rules.notificationThresholds[c].thresholdCents < rules.notificationThresholds[best].thresholdCents) best = c;
  }
  return { category: best, majority: false };
}

function ceilingsOf(rules: GberRuleSet, p: GberPartner, collab: CollaborationCheck, scheme: SchemeRates | undefined): PartnerCeiling {
  const notes: string[] = [];
  const lab = isResearchOrganisation(p);
  const outsideStateAid = lab && p.nonEconomic === true;
  const size = gberSizeOf(p);
  const schemeClass = sizeClassOf(p);

  if (p.kind === 'company') {
    if (p.sizeEu === 'micro') notes.push('micro enterprise: counts as small for the GBER size bonus');
    if (p.nonEconomic !== undefined) notes.push('nonEconomic ignored: it applies to research organisations and training bodies only');
    if (p.mayPublish !== undefined) notes.push('mayPublish ignored: the publication condition concerns research organisations only');
  } else {
    const what = p.kind === 'training_body' ? 'training body acting as a research organisation' : 'research organisation';
    if (p.sizeEu !== null) notes.push(`sizeEu ${p.sizeEu} ignored: a ${what} has no EU size class`);
    if (outsideStateAid) {
      notes.push(`${what} in its non-economic activity: outside State aid, no GBER limit (ceiling 100 %) and no notification threshold; the scheme rate still applies`);
    } else {
      notes.push(`${what} in an economic activity: GBER intensities of a large undertaking`);
    }
  }

  const categories: CategoryCeiling[] = [];
  for (const category of RESEARCH_CATEGORIES) {
    const costsCents = p.costsCents[category] ?? 0;
    if (costsCents === 0) continue;
    const legal: IntensityResult = outsideStateAid
      ? { bps: FULL_BPS, bonuses: [], capped: false }
      : intensity(rules, category, size, collab.applies, {
          size: sizeWording(p),
          collaboration: `bonus (b), ${collab.basis}`,
        });
    const schemeBps = scheme?.bySize?.[schemeClass]?.[category] ?? null;
    const appliedBps = schemeBps === null ? legal.bps : Math.min(legal.bps, schemeBps);
    const label = categoryLabel(category);
    if (legal.capped) {
      const sum = rules.baseBps[category] + legal.bonuses.reduce((s, b) => s + b.points * 100, 0);
      notes.push(`${label}: ${pct(sum)} capped at ${pct(rules.capBps[category])} (GBER ${rules.articles.cap})`);
    }
    if (schemeBps !== null && schemeBps > legal.bps) {
      notes.push(`${label}: scheme rate ${pct(schemeBps)} (${schemeClass}) is above the GBER ceiling ${pct(legal.bps)}; cut to the GBER`);
    }
    categories.push({
      category,
      costsCents,
      gberBps: legal.bps,
      schemeBps,
      appliedBps,
      maxAidCents: Number((BigInt(costsCents) * BigInt(appliedBps)) / BigInt(FULL_BPS)),
      bonuses: legal.bonuses,
      capped: legal.capped,
      limitedByScheme: schemeBps !== null && schemeBps < legal.bps,
    });
  }

  const totalCostsCents = categories.reduce((s, c) => s + c.costsCents, 0);
  const maxAidCents = categories.reduce((s, c) => s + c.maxAidCents, 0);
  const pred = predominant(rules, p, totalCostsCents);

  let notification: PartnerCeiling['notification'];
  if (outsideStateAid) {
    notification = { thresholdCents: 0, required: false, ruleVersion: rules.version, source: 'not State aid: non-economic activity of a research organisation (DOMAIN.md §5.3)' };
  } else if (pred.category === null) {
    notification = { thresholdCents: 0, required: false, ruleVersion: rules.version, source: 'no eligible costs' };
  } else {
    const t = rules.notificationThresholds[pred.category];
    const required = maxAidCents > t.thresholdCents;
    notification = { thresholdCents: t.thresholdCents, required, ruleVersion: rules.version, source: t.source };
    if (!pred.majority) {
      notes.push(`no category bears more than 50 % of the eligible costs: the lowest threshold among its categories applies (${categoryLabel(pred.category)})`);
    }
    if (!t.verified) notes.push(`notification threshold ${eur(t.thresholdCents)} (${t.version}) is unverified: ${t.note ?? 'check the official text'}`);
    if (required) {
      notes.push(`maximum aid ${eur(maxAidCents)} exceeds the notification threshold ${eur(t.thresholdCents)} for predominantly ${categoryLabel(pred.category)}: not block-exempted, notify the Commission or reduce the aid`);
    }
  }

  return {
    partnerId: p.id,
    name: p.name,
    outsideStateAid,
    categories,
    totalCostsCents,
    maxAidCents,
    predominantCategory: pred.category,
    notification,
    notes,
  };
}

/**
 * GBER art. 25 ceilings of a collaborative project, per partner and category. Throws
 * INVALID_GBER_INPUT (400) listing every bad field.
 */
export function gberCeilings(input: GberInput): GberResult {
  validate(input);
  const rules = rulesFor(input.ruleVersion);
  const collab = checkCollaboration(rules, input.partners, input.wideDissemination === true);
  const partners = input.partners.map((p) => ceilingsOf(rules, p, collab, input.scheme));
  return {
    ruleVersion: rules.version,
    collaboration: { applies: collab.applies, reasons: collab.reasons },
    partners,
    totalCostsCents: partners.reduce((s, p) => s + p.totalCostsCents, 0),
    totalMaxAidCents: partners.reduce((s, p) => s + p.maxAidCents, 0),
  };
}
