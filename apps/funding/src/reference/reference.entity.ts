import { ArrayType } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { EventPayload } from '@poleflow/contracts';

export type ProjectSnapshot = EventPayload<'project.submitted'>;

/** Funders as directory published them (`funder.published`). */
@Entity({ tableName: 'funders' })
export class FunderRef {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text' }) kind!: string;
  @Property({ type: 'text', nullable: true }) region!: string | null;
}

/**
 * The latest submitted content of a project (`project.submitted` / `project.resubmitted`): an application is
 * built from it, never by calling submission (ARCHITECTURE.md §2).
 */
@Entity({ tableName: 'projects' })
export class ProjectRef {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'integer' }) round!: number;
  @Property({ type: 'boolean' }) withdrawn!: boolean;
  @Property({ type: 'uuid' }) coordinatorOrganisationId!: string;
  @Property({ type: ArrayType, columnType: 'uuid[]' }) organisationIds!: string[];
  @Property({ type: 'json' }) snapshot!: ProjectSnapshot;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) updatedAt!: Date;
}

/** Labels granted to projects (`label.granted`, `label.revoked`): what `label_required` rules check. */
@Entity({ tableName: 'labels' })
@Index({ properties: ['projectId'] })
export class LabelRef {
  @PrimaryKey({ type: 'text' }) number!: string;
  @Property({ type: 'uuid' }) projectId!: string;
  @Property({ type: 'uuid' }) poleId!: string;
  @Property({ type: 'text' }) poleName!: string;
  @Property({ type: 'date' }) validUntil!: string;
  @Property({ type: 'boolean' }) revoked!: boolean;
}

export const REFERENCE_ENTITIES = [FunderRef, ProjectRef, LabelRef];
