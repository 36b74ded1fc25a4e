import { ApiProperty } from '@nestjs/swagger';
import { consortiumTotals, declaresGber, PROJECT_STATUSES, type PartnerBudget, type PartnerRole, type ProjectStatus } from '@poleflow/domain';
import { BudgetDto } from './budget.dto.js';
import { DISSEMINATION_KINDS } from '@poleflow/contracts';
import { orderPartners } from './partner-order.js';
import { disseminationOf } from './project.snapshot.js';
import type { Partner, Project } from './project.entity.js';
import { LABELLING_OUTCOME_STATUSES, type LabellingOutcome, type LabellingOutcomeStatus } from '../labelling/labelling-outcome.entity.js';

export class PartnerView {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ nullable: true, type: String, description: 'From the organisations directory announced' }) name!: string | null;
  @ApiProperty({ description: 'A research organisation or training body: it makes the GBER declarations (non-economic activity, publication)' }) declaresGber!: boolean;
  @ApiProperty({ enum: ['coordinator', 'partner'] }) role!: PartnerRole;
  @ApiProperty({ type: BudgetDto }) budget!: PartnerBudget;
  @ApiProperty({ description: 'euro cents' }) totalCents!: number;
  @ApiProperty({ description: 'share of the consortium total, in %, rounded to 2 decimals (informative: caps are checked on cents)' }) sharePct!: number;
  @ApiProperty({ nullable: true, type: Boolean, description: 'Research organisations: the project is part of its non-economic activity (null: not declared)' })
  nonEconomicActivity!: boolean | null;
  @ApiProperty({ nullable: true, type: Boolean, description: 'Research organisations: it may publish its own results (null: not declared)' }) mayPublish!: boolean | null;
  @ApiProperty({ description: "The partner's members confirmed (or entered) its budget and declarations; required to submit" }) confirmed!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) confirmedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) confirmedBy!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When the coordinator changed a confirmed budget or declaration: the partner must confirm again' })
  confirmationResetAt!: string | null;
}

export class WideDisseminationView {
  @ApiProperty() declared!: boolean;
  @ApiProperty({ enum: DISSEMINATION_KINDS, isArray: true }) kinds!: string[];
}

export class LabellingOutcomeView {
  @ApiProperty({ format: 'uuid' }) poleId!: string;
  @ApiProperty({ description: 'The lead labelling pole; the others co-label' }) lead!: boolean;
  @ApiProperty({ enum: LABELLING_OUTCOME_STATUSES, description: "The pole's latest decision" }) status!: LabellingOutcomeStatus;
  @ApiProperty({ nullable: true, type: String, description: 'When labelled (and on a revoked label); anyone can verify it' }) labelNumber!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) validUntil!: string | null;
  @ApiProperty({ description: "The committee's motivation" }) motivation!: string;
  @ApiProperty({ type: [String] }) requestedChanges!: string[];
  @ApiProperty({ type: [String], description: 'Conditions attached to the label' }) conditions!: string[];
  @ApiProperty({ description: 'The submission round the pole decided on' }) round!: number;
  @ApiProperty({ format: 'date-time' }) decidedAt!: string;
}

export class RevisionRequestView {
  @ApiProperty({ format: 'uuid' }) poleId!: string;
  @ApiProperty() lead!: boolean;
  @ApiProperty({ type: [String] }) requestedChanges!: string[];
  @ApiProperty() motivation!: string;
}

export class ProjectView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() acronym!: string;
  @ApiProperty() title!: string;
  @ApiProperty() summary!: string;
  @ApiProperty({ type: [String] }) themes!: string[];
  @ApiProperty({ type: [String] }) keywords!: string[];
  @ApiProperty({ nullable: true, type: Number }) trlStart!: number | null;
  @ApiProperty({ nullable: true, type: Number }) trlTarget!: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) startDate!: string | null;
  @ApiProperty({ nullable: true, type: Number }) durationMonths!: number | null;
  @ApiProperty({ type: [String], description: 'In order; the first is the lead pole' }) poleIds!: string[];
  @ApiProperty({ format: 'uuid' }) coordinatorOrganisationId!: string;
  @ApiProperty({ enum: PROJECT_STATUSES }) status!: ProjectStatus;
  @ApiProperty() round!: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) submittedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ description: 'Optimistic-lock version; the ETag is W/"<version>"' }) version!: number;
  @ApiProperty({ type: PartnerView, isArray: true, description: 'Coordinator first' }) partners!: PartnerView[];
  @ApiProperty({ description: 'Consortium total, euro cents' }) totalCents!: number;
  @ApiProperty({ type: WideDisseminationView, description: "The consortium's declaration of wide dissemination (not declared: false)" })
  wideDissemination!: WideDisseminationView;
  @ApiProperty({ type: LabellingOutcomeView, isArray: true, description: 'Each pole\'s latest labelling decision (marks the poles that labelled it); lead first' })
  labelling!: LabellingOutcomeView[];
  @ApiProperty({
    type: RevisionRequestView, isArray: true,
    description: 'While the project is revision_requested: what each pole asked to change in the current round, before resubmitting',
  })
  openRevisionRequests!: RevisionRequestView[];
}

export class ProjectPageView {
  @ApiProperty({ type: ProjectView, isArray: true }) items!: ProjectView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** Lead pole first, then in the project's pole order. */
function orderOutcomes(p: Project, outcomes: readonly LabellingOutcome[]): LabellingOutcome[] {
  const rank = (o: LabellingOutcome): number => (o.lead ? -1 : p.poleIds.includes(o.poleId) ? p.poleIds.indexOf(o.poleId) : p.poleIds.length);
  return [...outcomes].sort((a, b) => rank(a) - rank(b) || a.poleId.localeCompare(b.poleId));
}

export function toProjectView(p: Project, partners: readonly Partner[], orgs: ReadonlyMap<string, { name: string; kind: string }>, outcomes: readonly LabellingOutcome[]): ProjectView {
  const ordered = orderPartners(partners);
  const labelling = orderOutcomes(p, outcomes);
  const totals = consortiumTotals(ordered);
  return {
    id: p.id, acronym: p.acronym, title: p.title, summary: p.summary, themes: p.themes, keywords: p.keywords,
    trlStart: p.trlStart, trlTarget: p.trlTarget, startDate: p.startDate, durationMonths: p.durationMonths, poleIds: p.poleIds,
    coordinatorOrganisationId: p.coordinatorOrganisationId, status: p.status, round: p.round,
    submittedAt: p.submittedAt ? p.submittedAt.toISOString() : null, createdAt: p.createdAt.toISOString(), updatedAt: p.updatedAt.toISOString(),
    version: p.version,
    partners: ordered.map((x, i) => ({
      organisationId: x.organisationId, name: orgs.get(x.organisationId)?.name ?? null, declaresGber: declaresGber(orgs.get(x.organisationId)?.kind ?? ''), role: x.role, budget: x.budget,
      totalCents: totals.byPartner[i].totalCents, sharePct: round2(totals.byPartner[i].sharePct),
      nonEconomicActivity: x.nonEconomicActivity, mayPublish: x.mayPublish, confirmed: x.confirmedAt !== null,
      confirmedAt: x.confirmedAt?.toISOString() ?? null, confirmedBy: x.confirmedBy, confirmationResetAt: x.confirmationResetAt?.toISOString() ?? null,
    })),
    totalCents: totals.totalCents,
    wideDissemination: disseminationOf(p),
    labelling: labelling.map((o) => ({
      poleId: o.poleId, lead: o.lead, status: o.status, labelNumber: o.labelNumber, validUntil: o.validUntil, motivation: o.motivation,
      requestedChanges: o.requestedChanges, conditions: o.conditions, round: o.round, decidedAt: o.decidedAt.toISOString(),
    })),
    openRevisionRequests: p.status !== 'revision_requested' ? [] : labelling
      .filter((o) => o.status === 'revision_requested' && o.round === p.round)
      .map((o) => ({ poleId: o.poleId, lead: o.lead, requestedChanges: o.requestedChanges, motivation: o.motivation })),
  };
}
