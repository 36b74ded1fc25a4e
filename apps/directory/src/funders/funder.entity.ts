import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

export const FUNDER_KINDS = ['national_agency', 'region'] as const;
export type FunderKind = (typeof FUNDER_KINDS)[number];

/** A public funder of pole projects (Bpifrance, ANR, a Region). Reference data, seeded. */
@Entity({ tableName: 'funders' })
export class Funder {
  /** uuid v5 of the slug (reference/ids.ts). */
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text', unique: true }) slug!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text' }) kind!: FunderKind;
  /** The region a regional council funds in; null for national agencies. */
  @Property({ type: 'text', nullable: true }) region!: string | null;
  @Property({ type: 'text', nullable: true }) website!: string | null;
}
