import { ApiProperty } from '@nestjs/swagger';
import { consortiumTotals, PROJECT_STATUSES, type PartnerBudget, type PartnerRole, type ProjectStatus } from '@poleflow/domain';
import { BudgetDto } from './budget.dto.js';
import { orderPartners } from './partner-order.js';
import type { Partner, Project } from './project.entity.js';

export class PartnerView {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ nullable: true, type: String, description: 'From the organisations directory announced' }) name!: string | null;
  @ApiProperty({ enum: ['coordinator', 'partner'] }) role!: PartnerRole;
  @ApiProperty({ type: BudgetDto }) budget!: PartnerBudget;
  @ApiProperty({ description: 'euro cents' }) totalCents!: number;
  @ApiProperty({ description: 'share of the consortium total, in %, rounded to 2 decimals (informative: caps are checked on cents)' }) sharePct!: number;
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
}

export class ProjectPageView {
  @ApiProperty({ type: ProjectView, isArray: true }) items!: ProjectView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

export function toProjectView(p: Project, partners: readonly Partner[], names: ReadonlyMap<string, string>): ProjectView {
  const ordered = orderPartners(partners);
  const totals = consortiumTotals(ordered);
  return {
    id: p.id, acronym: p.acronym, title: p.title, summary: p.summary, themes: p.themes, keywords: p.keywords,
    trlStart: p.trlStart, trlTarget: p.trlTarget, startDate: p.startDate, durationMonths: p.durationMonths, poleIds: p.poleIds,
    coordinatorOrganisationId: p.coordinatorOrganisationId, status: p.status, round: p.round,
    submittedAt: p.submittedAt ? p.submittedAt.toISOString() : null, createdAt: p.createdAt.toISOString(), updatedAt: p.updatedAt.toISOString(),
    version: p.version,
    partners: ordered.map((x, i) => ({
      organisationId: x.organisationId, name: names.get(x.organisationId) ?? null, role: x.role, budget: x.budget,
      totalCents: totals.byPartner[i].totalCents, sharePct: round2(totals.byPartner[i].sharePct),
    })),
    totalCents: totals.totalCents,
  };
}
