import { OptionalProps } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { Criterion, Recommendation } from '@poleflow/domain';

export const ASSIGNMENT_STATUSES = ['assigned', 'submitted', 'withdrawn', 'cancelled'] as const;
/** assigned → submitted (review in); assigned → withdrawn (the reviewer declared a conflict); → cancelled (round superseded or case closed). */
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

export type CriterionScore = { score: number; comment: string };
export type RubricScores = Partial<Record<Criterion, CriterionScore>>;

/** A reviewer asked to review one round of one case, by a due date; the review is written on it. */
@Entity({ tableName: 'assignments' })
@Index({ properties: ['caseId', 'round'] })
@Index({ properties: ['reviewerUserId', 'assignedAt', 'id'] })
export class Assignment {
  [OptionalProps]?: 'version';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) caseId!: string;
  @Property({ type: 'uuid' }) projectId!: string;
  @Property({ type: 'uuid' }) poleId!: string;
  @Property({ type: 'integer' }) round!: number;
  @Property({ type: 'uuid' }) reviewerUserId!: string;
  @Property({ type: 'text' }) status!: AssignmentStatus;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) dueAt!: Date;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) assignedAt!: Date;
  @Property({ type: 'uuid' }) assignedBy!: string;
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) remindedAt!: Date | null;
  /** Set by the due-date timer when the review was not in: the case is flagged to its managers. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) overdueAt!: Date | null;
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) withdrawnAt!: Date | null;
  @Property({ type: 'text', nullable: true }) withdrawalReason!: string | null;
  // The review (a draft until submitted; never edited after).
  @Property({ type: 'json', nullable: true }) scores!: RubricScores | null;
  @Property({ type: 'text', nullable: true }) recommendation!: Recommendation | null;
  @Property({ type: 'text', nullable: true }) summary!: string | null;
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) submittedAt!: Date | null;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) updatedAt!: Date;
  @Property({ type: 'integer', version: true }) version!: number;
}

export const REVIEW_ENTITIES = [Assignment];
