import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PROJECT_STAGES } from '@poleflow/domain';
import { FunderDashboard } from '../funding/funder-dashboard.controller.js';
import { DASHBOARD_FORMATS, type DashboardFormat } from './csv.js';
import { EXPORT_ROWS, type ExportRows } from './exports.js';

export class DashboardQuery {
  @ApiPropertyOptional({ enum: DASHBOARD_FORMATS, description: 'xlsx, csv-fr and csv: one row per project (per application for a funder) with French headers and euros, as an Excel workbook (plus a milestones and a tranches sheet), a CSV for French spreadsheets (UTF-8 BOM, `;`, decimal comma) or an RFC 4180 CSV (`,`, decimal point; also chosen by `Accept: text/csv`)' })
  @IsOptional() @IsIn(DASHBOARD_FORMATS)
  format?: DashboardFormat;

  @ApiPropertyOptional({ enum: EXPORT_ROWS, description: 'The rows of a CSV: entities (default), milestones, tranches (released), or metrics (csv only: the former `metric,value` dump of the JSON figures)' })
  @IsOptional() @IsIn(EXPORT_ROWS)
  rows?: ExportRows;
}

/** Projects counted by their current stage: every stage listed, 0 when none. */
export class StageCounts {
  [stage: string]: number;
}
for (const stage of PROJECT_STAGES) ApiProperty({ type: Number })(StageCounts.prototype, stage);

export const emptyStageCounts = (): StageCounts => Object.fromEntries(PROJECT_STAGES.map((s) => [s, 0]));

export class DashboardProjects {
  @ApiProperty() total!: number;
  @ApiProperty({ type: StageCounts }) byStage!: StageCounts;
}

export class PoleLabelling {
  @ApiProperty({ description: "The pole's cases with a decision: labelled, revoked (labelled, then revoked), not labelled, support letter, inadmissible (latest round)" })
  decided!: number;
  @ApiProperty({ description: 'Decided cases that got the label (labelled or revoked)' }) labelled!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'labelled / decided, 0 to 1 (4 decimals); null before any decision' }) labelRate!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: "Median days (1 decimal) from the pole's round-1 case opening to its label, over the projects it labelled; null before any label" })
  medianDaysToLabel!: number | null;
}

export class PoleAid {
  @ApiProperty({ description: 'Distinct projects the pole granted a label to (any round, even if later revoked)' }) labelledProjects!: number;
  @ApiProperty({ description: 'Sum of the aid granted to those projects, by every funder, in euro cents' }) leveragedCents!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'leveragedCents / labelledProjects, rounded to the cent; null before any label' })
  perLabelledProjectCents!: number | null;
}

export class PoleDashboard {
  @ApiProperty({ format: 'uuid' }) poleId!: string;
  @ApiProperty({ nullable: true, type: String, description: 'As labelling names it; null before its first case' }) name!: string | null;
  @ApiProperty({ nullable: true, type: String }) code!: string | null;
  @ApiProperty({ type: DashboardProjects, description: 'Projects targeting the pole, by stage' }) projects!: DashboardProjects;
  @ApiProperty({ type: PoleLabelling }) labelling!: PoleLabelling;
  @ApiProperty({ type: PoleAid }) aid!: PoleAid;
  @ApiProperty({ type: String, isArray: true, description: 'How the figures are computed, and what the platform does not know' }) notes!: string[];
}

export class FunderDelivery {
  @ApiProperty({ description: 'Aid committed: the sum granted on its calls, in euro cents (= grantedCents)' }) committedCents!: number;
  @ApiProperty({ description: 'Tranches released (tranche.released), in euro cents' }) releasedCents!: number;
  @ApiProperty({ description: "Its milestones currently overdue (the latest of their overdue/reported/validated/released events is an overdue)" }) overdueMilestones!: number;
  @ApiProperty({ description: 'Of those, escalated to the funder and the pole' }) escalatedMilestones!: number;
}

export class FunderMonth {
  @ApiProperty({ example: '2026-12', description: 'a calendar month (Europe/Paris)' }) month!: string;
  @ApiProperty({ description: 'Aid committed by the end of the month (cumulative), euro cents' }) committedCents!: number;
  @ApiProperty({ description: 'Tranches released by the end of the month (cumulative), euro cents' }) releasedCents!: number;
}

export class FunderPortfolioItem {
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty() acronym!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: PROJECT_STAGES }) stage!: string;
  @ApiProperty() callTitle!: string;
  @ApiProperty({ description: 'Aid granted, euro cents' }) grantedCents!: number;
  @ApiProperty({ description: 'Tranches released so far, euro cents' }) releasedCents!: number;
  @ApiProperty({ format: 'date-time', description: 'When the aid was granted (the application\'s last funding event)' }) grantedAt!: string;
  @ApiProperty({ format: 'date-time', description: 'The project\'s last stage change' }) stageAt!: string;
}

export class FunderDashboardWithDelivery extends FunderDashboard {
  @ApiProperty({ type: FunderDelivery, description: 'Committed vs released aid and overdue milestones' }) delivery!: FunderDelivery;
  @ApiProperty({ type: FunderMonth, isArray: true, description: 'Committed vs released aid over time, cumulative, one entry per month from the first grant to this month' })
  months!: FunderMonth[];
  @ApiProperty({ type: DashboardProjects, description: 'The projects that applied to its calls, by stage' }) projectsByStage!: DashboardProjects;
  @ApiProperty({ type: FunderPortfolioItem, isArray: true, description: 'Its funded projects (granted applications), with stage and amounts, by acronym (at most 500)' })
  portfolio!: FunderPortfolioItem[];
}

export class RegionDashboard {
  @ApiProperty({ description: 'The region as organisations name it' }) region!: string;
  @ApiProperty({ type: DashboardProjects, description: 'Projects whose coordinator is in the region, by stage' }) projects!: DashboardProjects;
  @ApiProperty({ description: 'Aid granted to those projects, in euro cents' }) aidGrantedCents!: number;
  @ApiProperty({ description: 'Those projects on the market (stage market)' }) onMarket!: number;
}
