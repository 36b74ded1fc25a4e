import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_STATUSES, COMMITTEE_OUTCOMES, CRITERIA, RECOMMENDATIONS, type AdmissibilityCheck, type CaseStatus, type CommitteeOutcome, type Recommendation, type ScoreSummary } from '@poleflow/domain';
import { ASSIGNMENT_STATUSES, type AssignmentStatus, type RubricScores } from '../reviews/assignment.entity.js';
import type { ProjectSnapshot } from './case.entity.js';

export class PoleBrief {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'AV' }) code!: string;
  @ApiProperty({ example: 'Aerospace Valley' }) name!: string;
}

export class CheckView {
  @ApiProperty({ enum: ['theme_fit', 'collaborative_consortium', 'partner_share', 'regional_presence', 'lead_membership'] }) key!: string;
  @ApiProperty() passed!: boolean;
  @ApiProperty({ example: 'no partner bears more than 70 % of the costs (largest: Aerolab, 52.0 %)' }) reason!: string;
}

export class AdmissibilityView {
  @ApiProperty() admissible!: boolean;
  @ApiProperty({ nullable: true, type: String }) motivation!: string | null;
  @ApiProperty({ type: [String], description: 'failed checks the manager overrode, with the motivation' }) overriddenChecks!: string[];
  @ApiProperty({ format: 'date-time' }) decidedAt!: string;
}

export class DecisionView {
  @ApiProperty({ enum: COMMITTEE_OUTCOMES }) outcome!: CommitteeOutcome;
  @ApiProperty() motivation!: string;
  @ApiProperty({ type: [String] }) conditions!: string[];
  @ApiProperty({ type: [String] }) requestedChanges!: string[];
  @ApiProperty({ nullable: true, type: String, example: 'AV-2026-0042' }) labelNumber!: string | null;
  @ApiProperty({ format: 'date-time' }) decidedAt!: string;
}

export class RoundView {
  @ApiProperty() round!: number;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty({ type: AdmissibilityView, nullable: true }) admissibility!: AdmissibilityView | null;
  @ApiProperty({ type: DecisionView, nullable: true }) decision!: DecisionView | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) closedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) closedReason!: string | null;
}

export class LabelBrief {
  @ApiProperty({ example: 'AV-2026-0042' }) number!: string;
  @ApiProperty({ enum: ['active', 'revoked', 'expired'] }) status!: string;
  @ApiProperty({ format: 'date' }) validUntil!: string;
  @ApiProperty({ nullable: true, type: String }) callRef!: string | null;
}

export class ReviewView {
  @ApiProperty({ description: `per criterion (${CRITERIA.join(', ')}): { score 0–5, comment }`, type: 'object', additionalProperties: true }) scores!: RubricScores;
  @ApiProperty({ enum: RECOMMENDATIONS, nullable: true }) recommendation!: Recommendation | null;
  @ApiProperty({ nullable: true, type: String }) summary!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'weighted score 0–5 on the pole rubric, once complete' }) weightedScore!: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'null while a draft' }) submittedAt!: string | null;
}

export class AssignmentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() round!: number;
  @ApiProperty({ format: 'uuid', description: 'pole staff and the reviewer themself only' }) reviewerUserId!: string;
  @ApiProperty({ enum: ASSIGNMENT_STATUSES }) status!: AssignmentStatus;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) remindedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) withdrawalReason!: string | null;
  @ApiProperty({ type: ReviewView, nullable: true }) review!: ReviewView | null;
  @ApiProperty() version!: number;
}

/**
 * A labelling case as its viewer may see it. `viewer` says which cut: `staff` (everything), `reviewer`
 * (the project and the checks, their own assignment only), `consortium` (decisions and motivations only).
 */
export class CaseView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['staff', 'reviewer', 'consortium'] }) viewer!: 'staff' | 'reviewer' | 'consortium';
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty() acronym!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: PoleBrief }) pole!: PoleBrief;
  @ApiProperty({ description: 'the lead labelling pole; the others co-label' }) lead!: boolean;
  @ApiProperty() round!: number;
  @ApiProperty({ enum: CASE_STATUSES }) status!: CaseStatus;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ description: 'also the ETag (W/"<version>")' }) version!: number;
  @ApiProperty({ type: [RoundView], description: 'every round, oldest first; the last is the current one' }) rounds!: RoundView[];
  @ApiProperty({ type: LabelBrief, nullable: true }) label!: LabelBrief | null;
  @ApiPropertyOptional({ type: [CheckView], description: 'staff and reviewers: admissibility checks of the current round' }) checks?: AdmissibilityCheck[];
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'staff and reviewers: the project as submitted for the current round' }) project?: ProjectSnapshot;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'integer' }, description: 'staff and reviewers: the pole\'s rubric weights (the weighted total of a review)' }) weights?: Record<string, number>;
  @ApiPropertyOptional({ description: 'staff: submitted reviews of the current round / quorum' }) quorum?: number;
  @ApiPropertyOptional({ type: [AssignmentView], description: 'staff: every assignment of the current round; reviewer: their own' }) assignments?: AssignmentView[];
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'staff: weighted average and each criterion\'s spread over the submitted reviews' }) scores?: ScoreSummary;
  @ApiPropertyOptional({ description: 'staff: assignments past their due date without a review' }) overdueReviews?: number;
}

/** Pole staff, in the case list: where the current round's reviews stand. */
export class ReviewProgress {
  @ApiProperty({ description: 'reviews submitted in the current round' }) submitted!: number;
  @ApiProperty({ description: 'assignments waiting for a review' }) open!: number;
  @ApiProperty({ description: 'the pole\'s quorum' }) quorum!: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'the earliest due date of the open assignments' }) nextDueAt!: string | null;
  @ApiProperty({ description: 'open assignments past their due date' }) overdue!: number;
}

export class CaseSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty() acronym!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: PoleBrief }) pole!: PoleBrief;
  @ApiProperty() lead!: boolean;
  @ApiProperty() round!: number;
  @ApiProperty({ enum: CASE_STATUSES }) status!: CaseStatus;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiPropertyOptional({ type: ReviewProgress, description: 'pole staff only: the current round\'s reviews' }) reviews?: ReviewProgress;
}

export class CasePage {
  @ApiProperty({ type: [CaseSummary] }) items!: CaseSummary[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

/** A reviewer's own assignment in their list: the project and the pole named. */
export class MyAssignmentView extends AssignmentView {
  @ApiProperty() acronym!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'uuid' }) poleId!: string;
  @ApiProperty({ example: 'Aerospace Valley' }) poleName!: string;
}

export class AssignmentPage {
  @ApiProperty({ type: MyAssignmentView, isArray: true }) items!: MyAssignmentView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class ConflictView {
  @ApiProperty({ nullable: true, type: String, description: 'the consortium organisation the reviewer is tied to; null for a declared conflict' }) organisationName!: string | null;
  @ApiProperty({ enum: ['same_organisation', 'same_company_group', 'declared'] }) basis!: 'same_organisation' | 'same_company_group' | 'declared';
  @ApiProperty({ nullable: true, type: String, description: 'declared: the reviewer\'s reason' }) reason!: string | null;
}

/** A reviewer of the pole's pool as a candidate for one case: workload, expertise, conflicts with this consortium. */
export class CandidateView {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() available!: boolean;
  @ApiProperty({ type: [String] }) expertise!: string[];
  @ApiProperty({ type: [String], description: 'organisations the reviewer works for' }) organisations!: string[];
  @ApiProperty() openAssignments!: number;
  @ApiProperty() overdueAssignments!: number;
  @ApiProperty({ type: [ConflictView], description: 'empty: no conflict of interest; otherwise the assignment is refused (409 CONFLICT_OF_INTEREST)' }) conflicts!: ConflictView[];
  @ApiProperty({ nullable: true, enum: ['assigned', 'submitted', 'withdrawn'], description: 'this round\'s assignment of the reviewer, if any' }) assignment!: 'assigned' | 'submitted' | 'withdrawn' | null;
}
