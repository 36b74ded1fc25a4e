import {
  RESEARCH_CATEGORIES, assessEligibility, type EligibilityAssessment, gberCeilings, labelStatus, schemeRateBps, type ApplicationFacts, type EligibilityRule, type GberPartner, type GberResult,
  type ResearchCategory, type SchemeRateClass, type SchemeRates,
} from '@poleflow/domain';
import type { Call } from '../calls/call.entity.js';
import type { LabelRef, ProjectSnapshot } from '../reference/reference.entity.js';
import type { AssessmentRecord } from './application.entity.js';

const CATEGORIES: readonly ResearchCategory[] = RESEARCH_CATEGORIES;
const CLASSES: readonly SchemeRateClass[] = ['small', 'medium', 'large', 'research_organisation'];

/** What the eligibility rules look at, from the project as last submitted and the labels received. */
export function applicationFacts(snapshot: ProjectSnapshot, labels: readonly LabelRef[], appliedAt: Date, today: Date): ApplicationFacts {
  return {
    appliedAt: appliedAt.toISOString(),
    project: { startDate: snapshot.startDate, trlStart: snapshot.trlStart, trlTarget: snapshot.trlTarget, totalCents: snapshot.totalCents },
    partners: snapshot.partners.map((p) => ({
      organisationId: p.organisationId, name: p.name, kind: p.kind, siren: p.siren, region: p.region, regions: p.regions ?? [p.region], sizeEu: p.sizeEu, categoryFr: p.categoryFr,
      role: p.role, totalCents: p.totalCents,
    })),
    labels: labels.map((l) => ({ poleId: l.poleId, number: l.number, status: labelStatus({ revokedAt: l.revoked ? today : null, validUntil: l.validUntil }, today), validUntil: l.validUntil })),
  };
}

/** What the consortium declared (DOMAIN.md §4.4) and what the assessment used of it. */
export interface DeclarationsRecord {
  wideDissemination: { declared: boolean; kinds: string[] };
  partners: {
    organisationId: string; name: string;
    nonEconomicActivity: boolean | null; mayPublish: boolean | null; confirmed: boolean;
    /** What the GBER engine was given: confirmed declarations, else the defaults (economic activity; free to publish). */
    used: { nonEconomic: boolean; mayPublish: boolean };
  }[];
}

/** The ceilings without any declaration and with them: what the declarations changed. */
export interface DeclarationEffects {
  collaborationBonus: { without: boolean; with: boolean };
  partners: { organisationId: string; name: string; maxAidCentsWithout: number; maxAidCentsWith: number; outsideStateAid: boolean }[];
  totalMaxAidCentsWithout: number;
  totalMaxAidCentsWith: number;
}

const researchLike = (kind: string): boolean => kind !== 'company';

/**
 * The research organisations' declarations as the engine takes them. Only a declaration its partner confirmed
 * counts; without one, a research organisation is in an economic activity (the cautious ceiling) and assumed free
 * to publish (the platform's behaviour before declarations existed).
 */
export function declarationsOf(snapshot: ProjectSnapshot): DeclarationsRecord {
  return {
    wideDissemination: snapshot.wideDissemination ?? { declared: false, kinds: [] },
    partners: snapshot.partners.filter((p) => researchLike(p.kind)).map((p) => {
      const d = p.declarations ?? { nonEconomicActivity: null, mayPublish: null, confirmed: false };
      return {
        organisationId: p.organisationId, name: p.name, nonEconomicActivity: d.nonEconomicActivity, mayPublish: d.mayPublish, confirmed: d.confirmed,
        used: { nonEconomic: d.confirmed && d.nonEconomicActivity === true, mayPublish: d.confirmed && d.mayPublish !== null ? d.mayPublish : true },
      };
    }),
  };
}

/**
 * The GBER partners of a project: eligible costs per research category from the consortium's budget, with the
 * research organisations' declarations (`declarationsOf`), or without any when `declared` is false.
 */
export function gberPartners(snapshot: ProjectSnapshot, declared = true): GberPartner[] {
  const used = new Map(declarationsOf(snapshot).partners.map((d) => [d.organisationId, d.used]));
  return snapshot.partners.map((p) => {
    const d = declared ? used.get(p.organisationId) : undefined;
    return {
      id: p.organisationId, name: p.name, kind: p.kind, sizeEu: p.sizeEu,
      costsCents: Object.fromEntries(CATEGORIES.flatMap((c) => {
        const sum = Object.values(p.budget[c] ?? {}).reduce((s, v) => s + (v ?? 0), 0);
        return sum > 0 ? [[c, sum]] : [];
      })),
      ...(researchLike(p.kind) ? { mayPublish: d?.mayPublish ?? true, ...(d?.nonEconomic ? { nonEconomic: true } : {}) } : {}),
    };
  });
}

function effectsOf(without: GberResult, withDeclarations: GberResult): DeclarationEffects {
  return {
    collaborationBonus: { without: without.collaboration.applies, with: withDeclarations.collaboration.applies },
    partners: withDeclarations.partners.map((p, i) => ({
      organisationId: p.partnerId, name: p.name, maxAidCentsWithout: without.partners[i].maxAidCents, maxAidCentsWith: p.maxAidCents, outsideStateAid: p.outsideStateAid,
    })),
    totalMaxAidCentsWithout: without.totalMaxAidCents,
    totalMaxAidCentsWith: withDeclarations.totalMaxAidCents,
  };
}

/** The call's own rates (with the label bonus when the project holds a valid label) as GBER scheme ceilings. */
export function schemeOf(rules: readonly EligibilityRule[], labelled: boolean): SchemeRates | undefined {
  const bySize: NonNullable<SchemeRates['bySize']> = {};
  for (const cls of CLASSES) {
    const bps = schemeRateBps(rules, cls, labelled);
    if (bps !== null) bySize[cls] = Object.fromEntries(CATEGORIES.map((c) => [c, bps]));
  }
  return Object.keys(bySize).length ? { bySize } : undefined;
}

/** Eligibility under the call's rules and the legal ceilings per partner: the whole assessment, pure. */
export function assess(call: Pick<Call, 'rules'>, snapshot: ProjectSnapshot, labels: readonly LabelRef[], appliedAt: Date, trigger: string, now = new Date()): AssessmentRecord {
  const facts = applicationFacts(snapshot, labels, appliedAt, now);
  const labelled = facts.labels.some((l) => l.status === 'active');
  const scheme = schemeOf(call.rules, labelled);
  const declarations = declarationsOf(snapshot);
  const ceilings = gberCeilings({ partners: gberPartners(snapshot), wideDissemination: declarations.wideDissemination.declared, ...(scheme ? { scheme } : {}) });
  const without = gberCeilings({ partners: gberPartners(snapshot, false), ...(scheme ? { scheme } : {}) });
  return {
    eligibility: assessEligibility(call.rules, facts),
    ceilings, declarations, declarationEffects: effectsOf(without, ceilings),
    labelled, trigger, assessedAt: now.toISOString(), round: snapshot.round,
  };
}

/** Every rule's outcome as the views show it (application, preview). */
export const ruleOutcomes = (e: EligibilityAssessment) => e.outcomes.map((o) => ({ type: o.rule.type, rule: o.rule, passed: o.passed, reason: o.reason }));

/** Each partner's ceiling as events and previews carry it. */
export const partnerCeilings = (c: GberResult) => c.partners.map((p) => ({ organisationId: p.partnerId, name: p.name, maxAidCents: p.maxAidCents, outsideStateAid: p.outsideStateAid }));
