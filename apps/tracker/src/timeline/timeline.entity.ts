import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { ProjectStage } from '@poleflow/domain';

/** The tracker's read model of a project: what the timeline needs to answer and to scope access. */
@Entity({ tableName: 'projects' })
// Dashboards at scale (Migration20261206040000): projects by targeted pole, and by coordinator (first organisation).
@Index({ name: 'projects_pole_ids_gin', expression: 'create index "projects_pole_ids_gin" on "tracker"."projects" using gin ("pole_ids" jsonb_path_ops)' })
@Index({ name: 'projects_coordinator_index', expression: 'create index "projects_coordinator_index" on "tracker"."projects" (("organisation_ids"->>0))' })
export class ProjectView {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) acronym!: string;
  @Property({ type: 'text' }) title!: string;
  @Property({ type: 'text' }) stage!: ProjectStage;
  /** The latest submission round (0 before the first submission). */
  @Property({ type: 'integer', default: 0 }) round!: number;
  /** Organisations whose members may see the project (coordinator, then every partner once submitted). */
  @Property({ type: 'json' }) organisationIds!: string[];
  /** Poles the project targets; their staff may see it once submitted. */
  @Property({ type: 'json' }) poleIds!: string[];
  @Property({ type: 'datetime', columnType: 'timestamptz' }) updatedAt!: Date;
}

@Entity({ tableName: 'timeline_entries' })
@Index({ properties: ['projectId', 'occurredAt'] })
export class TimelineEntry {
  /** The event id: one entry per event, whatever the number of deliveries. */
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) projectId!: string;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) occurredAt!: Date;
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' }) recordedAt!: Date;
  @Property({ type: 'text' }) type!: string;
  @Property({ type: 'text' }) source!: string;
  @Property({ type: 'uuid', nullable: true }) actorUserId?: string | null;
  @Property({ type: 'text', nullable: true }) actorRole?: string | null;
  @Property({ type: 'text' }) stage!: ProjectStage;
  @Property({ type: 'text' }) summary!: string;
  @Property({ type: 'text' }) correlationId!: string;
}

/** Organisations as directory announced them, to write readable summaries. */
@Entity({ tableName: 'organisations' })
export class OrganisationView {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text' }) siren!: string;
  @Property({ type: 'text' }) kind!: string;
  @Property({ type: 'text' }) region!: string;
}

export const TRACKER_ENTITIES = [ProjectView, TimelineEntry, OrganisationView];
