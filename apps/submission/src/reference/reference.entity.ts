import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { CATEGORY_FR, ORGANISATION_KINDS, SIZE_EU } from '@poleflow/contracts';

export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];
export type SizeEu = (typeof SIZE_EU)[number];
export type CategoryFr = (typeof CATEGORY_FR)[number];

/**
 * Organisations as directory announced them (`organisation.registered` / `organisation.updated`): what a
 * project needs to check that a partner exists and to enrich the submitted snapshot.
 */
@Entity({ tableName: 'organisations' })
export class OrganisationRef {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text' }) kind!: OrganisationKind;
  @Property({ type: 'text' }) siren!: string;
  /** The head office's region. */
  @Property({ type: 'text' }) region!: string;
  /** Every region where it has an establishment, head office first (null: known from an event older than establishments). */
  @Property({ type: 'json', nullable: true }) regions?: string[] | null;
  /** Null for research organisations and training bodies (not enterprises; DOMAIN.md §5). */
  @Property({ type: 'text', nullable: true }) sizeEu!: SizeEu | null;
  @Property({ type: 'text', nullable: true }) categoryFr!: CategoryFr | null;
}

/** Poles as directory published them (`pole.published`): a project may only target a known pole. */
@Entity({ tableName: 'poles' })
export class PoleRef {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) slug!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'json' }) regions!: string[];
  @Property({ type: 'json' }) themes!: string[];
}

export const REFERENCE_ENTITIES = [OrganisationRef, PoleRef];
