import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Project } from '../projects/project.entity.js';

export const LABELLING_OUTCOME_STATUSES = ['labelled', 'not_labelled', 'inadmissible', 'support_letter', 'revision_requested', 'revoked'] as const;
export type LabellingOutcomeStatus = (typeof LABELLING_OUTCOME_STATUSES)[number];

/**
 * A pole's latest decision on the project, as labelling announced it (`label.*`); one row per (project, pole),
 * replaced by the pole's next decision. Never a reviewer identity: the consortium reads these.
 */
@Entity({ tableName: 'labelling_outcomes' })
export class LabellingOutcome {
  @ManyToOne(() => Project, { primary: true, mapToPk: true, deleteRule: 'cascade', fieldName: 'project_id' }) projectId!: string;
  @PrimaryKey({ type: 'uuid' }) poleId!: string;
  @Property({ type: 'uuid' }) caseId!: string;
  /** The lead labelling pole; the others co-label. */
  @Property({ type: 'boolean' }) lead!: boolean;
  @Property({ type: 'text' }) status!: LabellingOutcomeStatus;
  /** Set when labelled, and on the revoked label. */
  @Property({ type: 'text', nullable: true }) labelNumber!: string | null;
  /** ISO calendar date; set when labelled. */
  @Property({ type: 'date', nullable: true }) validUntil!: string | null;
  @Property({ type: 'text' }) motivation!: string;
  @Property({ type: 'json' }) requestedChanges!: string[];
  @Property({ type: 'json' }) conditions!: string[];
  /** The project's submission round the pole decided on. */
  @Property({ type: 'integer' }) round!: number;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) decidedAt!: Date;
}

export const LABELLING_ENTITIES = [LabellingOutcome];
