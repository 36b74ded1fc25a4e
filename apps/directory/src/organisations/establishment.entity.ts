import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * An establishment (SIRET = SIREN + NIC) of an organisation: its address and region. One organisation per
 * SIREN, many establishments; the regions of its establishments are where the organisation is present
 * (labelling's regional presence, funding's regional rules).
 */
@Entity({ tableName: 'establishments' })
@Index({ properties: ['organisationId'] })
export class Establishment {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) organisationId!: string;
  @Property({ type: 'text', unique: true }) siret!: string;
  @Property({ type: 'text', nullable: true }) address!: string | null;
  @Property({ type: 'text' }) region!: string;
  /** The siège social; at most one per organisation (partial unique index in the migration). */
  @Property({ type: 'boolean' }) headOffice!: boolean;
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' }) createdAt!: Date;
}
