import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { LabellingCaseStatus } from '@poleflow/domain';

/**
 * One pole's labelling case on a project, as labelling's events describe it (latest round). The project's
 * stage is the aggregate of its cases (libs/domain `labellingStage`), so co-labelling poles all count.
 */
@Entity({ tableName: 'labelling_cases' })
@Index({ name: 'labelling_cases_pole_id_index', properties: ['poleId'] })
export class LabellingCaseView {
  @PrimaryKey({ type: 'uuid' }) projectId!: string;
  @PrimaryKey({ type: 'uuid' }) poleId!: string;
  @Property({ type: 'uuid' }) caseId!: string;
  @Property({ type: 'text' }) poleName!: string;
  @Property({ type: 'text' }) poleCode!: string;
  /** The lead labelling pole; the others co-label. */
  @Property({ type: 'boolean' }) lead!: boolean;
  /** The project's submission round the case reviews. */
  @Property({ type: 'integer' }) round!: number;
  @Property({ type: 'text' }) status!: LabellingCaseStatus;
  @Property({ type: 'text', nullable: true }) labelNumber!: string | null;
  /** ISO calendar date. */
  @Property({ type: 'date', nullable: true }) validUntil!: string | null;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) updatedAt!: Date;
}

export const LABELLING_ENTITIES = [LabellingCaseView];
