import { ArrayType, OptionalProps } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { EventPayload } from '@poleflow/contracts';
import type { AdmissibilityCheck, CaseStatus, CommitteeOutcome, ScoreSummary, Weights } from '@poleflow/domain';

export type ProjectSnapshot = EventPayload<'project.submitted'>;

/**
 * One pole's review of one project (the first pole the consortium listed is the lead; the others co-label).
 * A resubmission opens a new round on the same case; each round's record is a `CaseRound`.
 */
@Entity({ tableName: 'cases' })
@Unique({ properties: ['projectId', 'poleId'] })
@Index({ properties: ['poleId', 'openedAt', 'id'] })
export class LabellingCase {
  [OptionalProps]?: 'version';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) projectId!: string;
  @Property({ type: 'uuid' }) poleId!: string;
  @Property({ type: 'boolean' }) lead!: boolean;
  /** The project's submission round this case currently reviews. */
  @Property({ type: 'integer' }) round!: number;
  @Property({ type: 'text' }) status!: CaseStatus;
  @Property({ type: 'text' }) acronym!: string;
  @Property({ type: 'text' }) title!: string;
  /** Partner organisations of the current round: who may read the decisions (consortium scope). */
  @Property({ type: ArrayType, columnType: 'uuid[]' }) organisationIds!: string[];
  @Property({ type: 'datetime', columnType: 'timestamptz' }) openedAt!: Date;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) updatedAt!: Date;
  /** Optimistic lock, exposed as the ETag: two managers deciding at once cannot both win. */
  @Property({ type: 'integer', version: true }) version!: number;
}

export interface AdmissibilityRecord {
  admissible: boolean;
  motivation: string | null;
  overriddenChecks: string[];
  decidedBy: string;
  decidedAt: string;
}

export interface DecisionRecord {
  outcome: CommitteeOutcome;
  motivation: string;
  conditions: string[];
  requestedChanges: string[];
  labelNumber: string | null;
  decidedBy: string;
  decidedAt: string;
  /** The committee's view of the reviews when it decided (pole staff only). */
  scores: ScoreSummary;
  weights: Weights;
}

/** What happened in one round: the snapshot reviewed, the checks, admissibility, the decision. */
@Entity({ tableName: 'case_rounds' })
export class CaseRound {
  @PrimaryKey({ type: 'uuid' }) caseId!: string;
  @PrimaryKey({ type: 'integer' }) round!: number;
  @Property({ type: 'json' }) snapshot!: ProjectSnapshot;
  @Property({ type: 'json' }) checks!: AdmissibilityCheck[];
  @Property({ type: 'datetime', columnType: 'timestamptz' }) openedAt!: Date;
  @Property({ type: 'json', nullable: true }) admissibility!: AdmissibilityRecord | null;
  @Property({ type: 'json', nullable: true }) decision!: DecisionRecord | null;
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) closedAt!: Date | null;
  /** Why the round ended without a decision: superseded by a resubmission, project withdrawn, pole removed. */
  @Property({ type: 'text', nullable: true }) closedReason!: string | null;
}

/**
 * A pole's labelling settings, set by its managers; a pole without a row uses the defaults
 * (DEFAULT_WEIGHTS, quorum 2, 21 days to review, labels valid 24 months).
 */
@Entity({ tableName: 'pole_settings' })
export class PoleSettings {
  [OptionalProps]?: 'version';
  @PrimaryKey({ type: 'uuid' }) poleId!: string;
  @Property({ type: 'integer' }) quorum!: number;
  @Property({ type: 'json' }) weights!: Weights;
  @Property({ type: 'boolean' }) collaborativeRequired!: boolean;
  @Property({ type: 'integer' }) maxPartnerSharePct!: number;
  @Property({ type: 'integer' }) minLeadRegionalSharePct!: number;
  @Property({ type: 'integer' }) reviewDays!: number;
  @Property({ type: 'integer' }) labelValidityMonths!: number;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) updatedAt!: Date;
  @Property({ type: 'integer', version: true }) version!: number;
}

export const CASE_ENTITIES = [LabellingCase, CaseRound, PoleSettings];
