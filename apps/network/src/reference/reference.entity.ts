import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { CATEGORY_FR, ORGANISATION_KINDS, SIZE_EU } from '@poleflow/contracts';

/** Poles as directory published them (`pole.published`), with the member figure it publishes (null: unknown). */
@Entity({ tableName: 'poles' })
export class PoleRef {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) slug!: string;
  @Property({ type: 'text' }) code!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'json' }) regions!: string[];
  @Property({ type: 'json' }) themes!: string[];
  /** The published member count (poles data), shown while the pole has no member in poleflow. */
  @Property({ type: 'integer', nullable: true }) publishedMembers!: number | null;
}

/** Organisations as directory announced them (`organisation.registered` / `organisation.updated`). */
@Entity({ tableName: 'organisations' })
export class OrganisationRef {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text' }) kind!: (typeof ORGANISATION_KINDS)[number];
  @Property({ type: 'text' }) siren!: string;
  /** Head office's region. */
  @Property({ type: 'text' }) region!: string;
  @Property({ type: 'json' }) regions!: string[];
  @Property({ type: 'text', nullable: true }) nafCode!: string | null;
  @Property({ type: 'text', nullable: true }) sizeEu!: (typeof SIZE_EU)[number] | null;
  @Property({ type: 'text', nullable: true }) categoryFr!: (typeof CATEGORY_FR)[number] | null;
}

export const REFERENCE_ENTITIES = [PoleRef, OrganisationRef];
