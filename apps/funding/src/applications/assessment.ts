import {
  RESEARCH_CATEGORIES, assessEligibility, gberCeilings, labelStatus, schemeRateBps, type ApplicationFacts, type EligibilityRule, type GberPartner,
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

/**
 * The GBER partners of a project: eligible costs per research category from the consortium's budget.
 * Research organisations are assumed free to publish and, without a declaration, treated as economic
 * activity (the cautious ceiling).
 */
export function gberPartners(snapshot: ProjectSnapshot): GberPartner[] {
  return snapshot.partners.map((p) => ({
    id: p.organisationId, name: p.name, kind: p.kind, sizeEu: p.sizeEu,
    costsCents: Object.fromEntries(CATEGORIES.flatMap((c) => {
      const sum = Object.values(p.budget[c] ?? {}).reduce((s, v) => s + (v ?? 0), 0);
      return sum > 0 ? [[c, sum]] : [];
    })),
    ...(p.kind === 'company' ? {} : { mayPublish: true }),
  }));
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
  return {
    eligibility: assessEligibility(call.rules, facts),
    ceilings: gberCeilings({ partners: gberPartners(snapshot), ...(scheme ? { scheme } : {}) }),
    labelled, trigger, assessedAt: now.toISOString(), round: snapshot.round,
  };
}
