import { OptionalProps } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { DISSEMINATION_KINDS } from '@poleflow/contracts';
import type { PartnerBudget, PartnerRole, ProjectStatus } from '@poleflow/domain';

export type DisseminationKind = (typeof DISSEMINATION_KINDS)[number];
export interface WideDissemination { declared: boolean; kinds: DisseminationKind[] }

/**
 * A collaborative R&D project as its consortium writes it. Content fields stay nullable while in draft;
 * completeness is checked at (re)submission (libs/domain `validateForSubmission`).
 */
@Entity({ tableName: 'projects' })
@Index({ properties: ['createdAt', 'id'] })
export class Project {
  /** Set by the ORM (optimistic lock starts at 1). */
  [OptionalProps]?: 'version';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) acronym!: string;
  @Property({ type: 'text' }) title!: string;
  @Property({ type: 'text', default: '' }) summary!: string;
  @Property({ type: 'json' }) themes!: string[];
  @Property({ type: 'json' }) keywords!: string[];
  @Property({ type: 'integer', nullable: true }) trlStart!: number | null;
  @Property({ type: 'integer', nullable: true }) trlTarget!: number | null;
  /** ISO calendar date (YYYY-MM-DD). */
  @Property({ type: 'date', nullable: true }) startDate!: string | null;
  @Property({ type: 'integer', nullable: true }) durationMonths!: number | null;
  /** Targeted poles, in order: the first one is the lead pole. */
  @Property({ type: 'json' }) poleIds!: string[];
  @Property({ type: 'uuid' }) coordinatorOrganisationId!: string;
  /** The consortium's declaration of wide dissemination (GBER art. 25(6)(b)(ii)), by the coordinator; null = not declared. */
  @Property({ type: 'json', nullable: true }) wideDissemination!: WideDissemination | null;
  @Property({ type: 'text' }) status!: ProjectStatus;
  /** 0 until first submitted, then 1, +1 per resubmission (libs/domain project machine). */
  @Property({ type: 'integer', default: 0 }) round!: number;
  /** Time of the latest (re)submission; pole staff may see the project once it is set. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) submittedAt!: Date | null;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) updatedAt!: Date;
  /** Optimistic lock, exposed as the ETag; bumped by every write, partners included (updatedAt is touched). */
  @Property({ type: 'integer', version: true }) version!: number;
}

/** One organisation of a project's consortium, with its budget in cents by research category and cost type. */
@Entity({ tableName: 'partners' })
@Index({ properties: ['organisationId'] })
export class Partner {
  @ManyToOne(() => Project, { primary: true, mapToPk: true, deleteRule: 'cascade', fieldName: 'project_id' }) projectId!: string;
  @PrimaryKey({ type: 'uuid' }) organisationId!: string;
  @Property({ type: 'text' }) role!: PartnerRole;
  /** Always complete (every category × cost type), so it satisfies the wire contract as is. */
  @Property({ type: 'json' }) budget!: PartnerBudget;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) addedAt!: Date;
  /** Research organisations: the project belongs to its non-economic activity (outside State aid); null = not declared. */
  @Property({ type: 'boolean', nullable: true }) nonEconomicActivity!: boolean | null;
  /** Research organisations: it may publish its own results (GBER collaboration condition); null = not declared. */
  @Property({ type: 'boolean', nullable: true }) mayPublish!: boolean | null;
  /** When a member of this organisation confirmed (or entered) its budget and declarations; reset by the coordinator's changes. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) confirmedAt!: Date | null;
  @Property({ type: 'uuid', nullable: true }) confirmedBy!: string | null;
  /** Set when the coordinator changed a confirmed budget or declaration (the partner must confirm again). */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) confirmationResetAt!: Date | null;
}

/** A funder whose call the project applied to (`funding.requested`): its officers may read the project. */
@Entity({ tableName: 'project_funders' })
export class ProjectFunder {
  @PrimaryKey({ type: 'uuid' }) projectId!: string;
  @PrimaryKey({ type: 'uuid' }) funderId!: string;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) appliedAt!: Date;
}

export const PROJECT_ENTITIES = [Project, Partner, ProjectFunder];
