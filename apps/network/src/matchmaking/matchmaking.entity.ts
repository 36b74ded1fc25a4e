import { OptionalProps } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { PartnerKind } from '@poleflow/matching';

/**
 * What an organisation does, for matchmaking (issue 15 §2): French keywords, themes, NAF code, equipment and
 * platforms, the kinds of partner it looks for. Edited by the organisation's members. The search vector
 * (`search`, French full text of name, description, keywords, equipment: libs/matching) is written by SQL on
 * every save, never by the ORM.
 */
@Entity({ tableName: 'organisation_profiles' })
export class OrganisationProfile {
  [OptionalProps]?: 'version';
  @PrimaryKey({ type: 'uuid' }) organisationId!: string;
  @Property({ type: 'text' }) description!: string;
  @Property({ type: 'json' }) keywords!: string[];
  /** Keys of the themes vocabulary (themes.fr.json). */
  @Property({ type: 'json' }) themes!: string[];
  /** NAF rév. 2 code when it differs from (or completes) the directory's. */
  @Property({ type: 'text', nullable: true }) nafCode!: string | null;
  @Property({ type: 'json' }) equipment!: string[];
  @Property({ type: 'json' }) seeks!: PartnerKind[];
  @Property({ type: 'text', nullable: true }) city!: string | null;
  @Property({ type: 'uuid' }) updatedBy!: string;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) updatedAt!: Date;
  @Property({ type: 'integer', version: true }) version!: number;
}

export const REQUEST_VISIBILITIES = ['pole', 'all_poles'] as const;
export type RequestVisibility = (typeof REQUEST_VISIBILITIES)[number];
export const REQUEST_STATUSES = ['open', 'found', 'closed'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/**
 * A "partner wanted" request (issue 15 §2): posted by a member organisation of `poleId`; seen by that pole's
 * members and staff (`pole`) or by every pole's members and staff (`all_poles`). `found` when the author closes it
 * with a partner (the pole's dashboard counts them).
 */
@Entity({ tableName: 'partner_requests' })
@Index({ properties: ['status', 'createdAt'] })
@Index({ properties: ['authorOrganisationId'] })
export class PartnerRequest {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) authorOrganisationId!: string;
  @Property({ type: 'uuid' }) authorUserId!: string;
  @Property({ type: 'uuid' }) poleId!: string;
  @Property({ type: 'text' }) title!: string;
  @Property({ type: 'text' }) idea!: string;
  @Property({ type: 'text' }) competence!: string;
  @Property({ type: 'json' }) kindsSought!: PartnerKind[];
  @Property({ type: 'json' }) regionsSought!: string[];
  @Property({ type: 'json' }) themes!: string[];
  @Property({ type: 'date' }) deadline!: string;
  @Property({ type: 'text' }) visibility!: RequestVisibility;
  @Property({ type: 'text' }) status!: RequestStatus;
  @Property({ type: 'uuid', nullable: true }) foundOrganisationId!: string | null;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) closedAt!: Date | null;
}

export const CONTACT_STATUSES = ['pending', 'accepted', 'declined'] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

/** A contact request from one organisation to another; once accepted, both sides exchange messages. */
@Entity({ tableName: 'contacts' })
@Index({ properties: ['fromOrganisationId', 'requestedAt'] })
@Index({ properties: ['toOrganisationId', 'requestedAt'] })
export class Contact {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) fromOrganisationId!: string;
  @Property({ type: 'uuid' }) toOrganisationId!: string;
  @Property({ type: 'uuid', nullable: true }) partnerRequestId!: string | null;
  @Property({ type: 'text' }) message!: string;
  @Property({ type: 'text' }) status!: ContactStatus;
  @Property({ type: 'uuid' }) requestedBy!: string;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) requestedAt!: Date;
  @Property({ type: 'uuid', nullable: true }) answeredBy!: string | null;
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) answeredAt!: Date | null;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) lastActivityAt!: Date;
}

@Entity({ tableName: 'contact_messages' })
@Index({ properties: ['contactId', 'postedAt'] })
export class ContactMessage {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) contactId!: string;
  @Property({ type: 'uuid' }) authorOrganisationId!: string;
  @Property({ type: 'uuid' }) postedBy!: string;
  @Property({ type: 'text' }) body!: string;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) postedAt!: Date;
}

/** Projects as submission announced them: drafts get suggestions; partners sharing one collaborated. */
@Entity({ tableName: 'projects' })
export class ProjectCopy {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) acronym!: string;
  @Property({ type: 'text' }) title!: string;
  @Property({ type: 'text' }) summary!: string;
  @Property({ type: 'json' }) themes!: string[];
  @Property({ type: 'json' }) keywords!: string[];
  @Property({ type: 'uuid' }) coordinatorOrganisationId!: string;
  /** `draft` until `project.submitted`. */
  @Property({ type: 'text' }) status!: string;
}

@Entity({ tableName: 'project_partners' })
@Unique({ properties: ['projectId', 'organisationId'] })
@Index({ properties: ['organisationId'] })
export class ProjectPartnerCopy {
  @PrimaryKey({ type: 'uuid' }) projectId!: string;
  @PrimaryKey({ type: 'uuid' }) organisationId!: string;
  @Property({ type: 'text' }) projectTitle!: string;
}

export const MATCHMAKING_ENTITIES = [OrganisationProfile, PartnerRequest, Contact, ContactMessage, ProjectCopy, ProjectPartnerCopy];
