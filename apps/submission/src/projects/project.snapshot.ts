import type { EventPayload } from '@poleflow/contracts';
import {
  declaresGber, partnerTotal, validateForSubmission, type PartnerBudget, type PartnerKind, type PartnerRole, type ValidationIssue,
} from '@poleflow/domain';
import type { OrganisationRef } from '../reference/reference.entity.js';
import type { WideDissemination } from './project.entity.js';
import { orderPartners } from './partner-order.js';

export type ProjectSnapshot = EventPayload<'project.submitted'>;

export interface SnapshotProject {
  id: string;
  acronym: string;
  title: string;
  summary: string;
  themes: string[];
  keywords: string[];
  trlStart: number | null;
  trlTarget: number | null;
  startDate: string | null;
  durationMonths: number | null;
  poleIds: string[];
  wideDissemination: WideDissemination | null;
}

export interface SnapshotPartner {
  organisationId: string;
  role: PartnerRole;
  budget: PartnerBudget;
  addedAt: Date;
  nonEconomicActivity: boolean | null;
  mayPublish: boolean | null;
  confirmedAt: Date | null;
}

/** A partner's GBER declarations as the wire carries them; only confirmed ones count in an assessment. */
export function declarationsOf(p: Pick<SnapshotPartner, 'nonEconomicActivity' | 'mayPublish' | 'confirmedAt'>): ProjectSnapshot['partners'][number]['declarations'] & object {
  return { nonEconomicActivity: p.nonEconomicActivity, mayPublish: p.mayPublish, confirmed: p.confirmedAt !== null };
}

/** Not declared = no wide dissemination. */
export function disseminationOf(p: Pick<SnapshotProject, 'wideDissemination'>): NonNullable<ProjectSnapshot['wideDissemination']> {
  return p.wideDissemination ? { declared: p.wideDissemination.declared, kinds: [...p.wideDissemination.kinds] } : { declared: false, kinds: [] };
}

export type OrganisationFacts = Pick<OrganisationRef, 'id' | 'name' | 'kind' | 'siren' | 'region' | 'sizeEu' | 'categoryFr'> & { regions?: string[] | null };

/**
 * Every reason the project cannot be (re)submitted: the project machine's completeness rules
 * (`validateForSubmission`), plus the fields the `project.submitted` wire snapshot requires (summary, start
 * date, duration) and partners the organisations read model knows (their kind is needed by the rules).
 * The 70 % cap per partner is NOT checked here: labelling checks it.
 */
export function submissionIssues(project: SnapshotProject, partners: readonly SnapshotPartner[], orgs: ReadonlyMap<string, OrganisationFacts>): ValidationIssue[] {
  const ordered = orderPartners(partners);
  const issues: ValidationIssue[] = [];
  const known: { organisationId: string; role: PartnerRole; kind: PartnerKind; totalCostCents: number }[] = [];
  ordered.forEach((x, i) => {
    const org = orgs.get(x.organisationId);
    if (!org) issues.push({ path: `partners[${i}].organisationId`, message: `organisation ${x.organisationId} is unknown` });
    else known.push({ organisationId: x.organisationId, role: x.role, kind: org.kind, totalCostCents: partnerTotal(x.budget) });
  });
  issues.push(...validateForSubmission({
    trlStart: project.trlStart ?? Number.NaN, trlTarget: project.trlTarget ?? Number.NaN, poles: project.poleIds, partners: known,
  }));
  if (!project.summary.trim()) issues.push({ path: 'summary', message: 'a summary is required' });
  if (project.startDate === null) issues.push({ path: 'startDate', message: 'a start date is required' });
  if (project.durationMonths === null) issues.push({ path: 'durationMonths', message: 'a duration is required' });
  return issues;
}

const required = <T>(v: T | null, field: string): T => {
  if (v === null) throw new Error(`snapshot: ${field} is missing; check submissionIssues first`);
  return v;
};

/**
 * The `project.submitted` / `project.resubmitted` payload: the full project as submitted, partners enriched
 * from the organisations read model (coordinator first), poles in order with the first one as lead.
 * Pure; call it only once `submissionIssues` returned nothing.
 */
export function buildSnapshot(project: SnapshotProject, round: number, partners: readonly SnapshotPartner[], orgs: ReadonlyMap<string, OrganisationFacts>): ProjectSnapshot {
  const members = orderPartners(partners).map((x) => {
    const org = orgs.get(x.organisationId);
    if (!org) throw new Error(`snapshot: organisation ${x.organisationId} is unknown`);
    return {
      organisationId: x.organisationId, name: org.name, kind: org.kind, siren: org.siren, region: org.region, regions: org.regions?.length ? [...org.regions] : [org.region], sizeEu: org.sizeEu,
      categoryFr: org.categoryFr, role: x.role, budget: x.budget, totalCents: partnerTotal(x.budget),
      ...(declaresGber(org.kind) ? { declarations: declarationsOf(x) } : {}),
    };
  });
  return {
    projectId: project.id, round, acronym: project.acronym, title: project.title, summary: project.summary,
    themes: [...project.themes], keywords: [...project.keywords],
    trlStart: required(project.trlStart, 'trlStart'), trlTarget: required(project.trlTarget, 'trlTarget'),
    startDate: required(project.startDate, 'startDate'), durationMonths: required(project.durationMonths, 'durationMonths'),
    poles: project.poleIds.map((poleId, i) => ({ poleId, lead: i === 0 })),
    partners: members,
    totalCents: members.reduce((s, m) => s + m.totalCents, 0),
    wideDissemination: disseminationOf(project),
  };
}
