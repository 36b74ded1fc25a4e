import { BigIntType, DecimalType } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { CATEGORY_FR, ORGANISATION_KINDS, SIZE_EU } from '@poleflow/contracts';

export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];
export type SizeEu = (typeof SIZE_EU)[number];
export type CategoryFr = (typeof CATEGORY_FR)[number];

/** A legal unit (SIREN) taking part in projects: a company, a research organisation or a training body. */
@Entity({ tableName: 'organisations' })
export class Organisation {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text' }) kind!: OrganisationKind;
  /** One organisation per SIREN (INSEE legal-unit id, DOMAIN.md §7). */
  @Property({ type: 'text', unique: true }) siren!: string;
  /** The establishment (SIREN + NIC) that runs the projects, when given. */
  @Property({ type: 'text', nullable: true }) siret!: string | null;
  @Property({ type: 'text' }) region!: string;
  /** NAF rév. 2 / APE code, `NN.NNL`. */
  @Property({ type: 'text', nullable: true }) nafCode!: string | null;
  /** Staff in annual work units (may be fractional: 2003/361/EC annex art. 5). */
  @Property({ type: new DecimalType('number'), precision: 12, scale: 2, nullable: true }) headcount!: number | null;
  @Property({ type: new BigIntType('number'), nullable: true }) turnoverCents!: number | null;
  @Property({ type: new BigIntType('number'), nullable: true }) balanceSheetCents!: number | null;
  /** Computed from the financials for companies; null for research organisations and training bodies (DOMAIN.md §5). */
  @Property({ type: 'text', nullable: true }) sizeEu!: SizeEu | null;
  @Property({ type: 'text', nullable: true }) categoryFr!: CategoryFr | null;
  /** Optimistic lock: the ETag is derived from it (If-Match on PATCH). */
  @Property({ type: 'integer', version: true }) version!: number;
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' }) createdAt!: Date;
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() }) updatedAt!: Date;
}
