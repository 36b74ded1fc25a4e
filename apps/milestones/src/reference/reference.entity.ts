import { ArrayType } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** What milestones needs of a submitted project (`project.submitted` / `project.resubmitted`). */
@Entity({ tableName: 'projects' })
export class ProjectRef {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) acronym!: string;
  /** ISO date. */
  @Property({ type: 'text' }) startDate!: string;
  @Property({ type: 'integer' }) durationMonths!: number;
  @Property({ type: 'uuid' }) coordinatorOrganisationId!: string;
  /** Consortium scope: members of these organisations see the project's milestones. */
  @Property({ type: ArrayType, columnType: 'uuid[]' }) organisationIds!: string[];
  @Property({ type: 'json' }) partnerNames!: Record<string, string>;
}

export const REFERENCE_ENTITIES = [ProjectRef];
