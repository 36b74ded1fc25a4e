import type { DeclarationEffects, DeclarationsRecord } from './assessment.js';
import { ArrayType, OptionalProps } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { EligibilityAssessment, GberResult } from '@poleflow/domain';
import type { MILESTONE_KEYS } from '@poleflow/contracts';
import type { AidForm } from '../calls/call.entity.js';

export const APPLICATION_STATUSES = ['assessing', 'eligible', 'ineligible', 'granted', 'refused'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export type MilestoneKey = (typeof MILESTONE_KEYS)[number];

export interface AssessmentRecord {
  eligibility: EligibilityAssessment;
  ceilings: GberResult;
  /** Absent on assessments made before declarations existed. */
  declarations?: DeclarationsRecord;
  declarationEffects?: DeclarationEffects;
  labelled: boolean;
  trigger: string;
  assessedAt: string;
  round: number;
}

export interface DecisionRecord {
  outcome: 'granted' | 'refused';
  motivation: string;
  partners: { organisationId: string; name: string; amountCents: number; aidForm: AidForm }[];
  tranches: { milestone: MilestoneKey; percent: number }[];
  totalCents: number;
  decidedBy: string;
  decidedAt: string;
}

/** A consortium's application of a submitted project to a call; assessed asynchronously, then decided. */
@Entity({ tableName: 'applications' })
@Unique({ properties: ['callId', 'projectId'] })
@Index({ properties: ['funderId', 'appliedAt', 'id'] })
export class Application {
  [OptionalProps]?: 'version';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) callId!: string;
  @Property({ type: 'uuid' }) funderId!: string;
  @Property({ type: 'uuid' }) projectId!: string;
  @Property({ type: 'text' }) status!: ApplicationStatus;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) appliedAt!: Date;
  @Property({ type: 'uuid' }) appliedBy!: string;
  /** Consortium scope (the partner organisations of the latest round). */
  @Property({ type: ArrayType, columnType: 'uuid[]' }) organisationIds!: string[];
  @Property({ type: 'json', nullable: true }) assessment!: AssessmentRecord | null;
  @Property({ type: 'json', nullable: true }) decision!: DecisionRecord | null;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) updatedAt!: Date;
  @Property({ type: 'integer', version: true }) version!: number;
}

export const APPLICATION_ENTITIES = [Application];
