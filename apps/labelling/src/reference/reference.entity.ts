import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** Poles as directory published them (`pole.published`): name, short code for label numbers, regions, themes. */
@Entity({ tableName: 'poles' })
export class PoleRef {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) code!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'json' }) regions!: string[];
  @Property({ type: 'json' }) themes!: string[];
}

/** Organisations as directory announced them: the SIREN tells two establishments of one company apart. */
@Entity({ tableName: 'organisations' })
export class OrganisationRef {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text' }) siren!: string;
}

/**
 * Who works for which organisation (`affiliation.changed`, kind organisation): the data a conflict of interest
 * is detected from (a reviewer employed by a partner of the consortium).
 */
@Entity({ tableName: 'memberships' })
@Index({ properties: ['organisationId'] })
export class Membership {
  @PrimaryKey({ type: 'uuid' }) userId!: string;
  @PrimaryKey({ type: 'uuid' }) organisationId!: string;
}

/**
 * A pole's reviewer pool. Appointment is directory's (`affiliation.changed`, kind pole, role reviewer); the
 * pole's managers keep here what labelling needs on top: expertise keywords and availability. A removed
 * reviewer stays as inactive so that past assignments keep their reviewer.
 */
@Entity({ tableName: 'pool_members' })
export class PoolMember {
  @PrimaryKey({ type: 'uuid' }) poleId!: string;
  @PrimaryKey({ type: 'uuid' }) userId!: string;
  @Property({ type: 'boolean' }) active!: boolean;
  @Property({ type: 'boolean', default: true }) available!: boolean;
  @Property({ type: 'json' }) expertise!: string[];
  @Property({ type: 'datetime', columnType: 'timestamptz' }) since!: Date;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) updatedAt!: Date;
}

export const REFERENCE_ENTITIES = [PoleRef, OrganisationRef, Membership, PoolMember];
