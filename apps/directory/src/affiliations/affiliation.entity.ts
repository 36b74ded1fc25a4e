import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { AFFILIATION_KINDS } from '@poleflow/contracts';

export type AffiliationKind = (typeof AFFILIATION_KINDS)[number];
/** An organisation's admin is also a member (one row per person and organisation: `member` or `admin`). */
export const ORGANISATION_ROLES = ['member', 'admin'] as const;
export const POLE_ROLES = ['reviewer', 'pole_manager'] as const;
export const FUNDER_ROLES = ['funder_officer'] as const;
export type AffiliationRole = (typeof ORGANISATION_ROLES)[number] | (typeof POLE_ROLES)[number] | (typeof FUNDER_ROLES)[number];

/**
 * Who belongs where: an account is a member of organisations, staff (reviewer / pole manager) of poles, or
 * officer of funders. Roles in the access token are derived from these rows at sign-in and refresh.
 * `targetId` points at an organisation, pole or funder depending on `kind` (no FK: one column, three tables).
 */
@Entity({ tableName: 'affiliations' })
@Unique({ properties: ['accountId', 'kind', 'targetId', 'role'] })
@Index({ properties: ['kind', 'targetId'] })
export class Affiliation {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) accountId!: string;
  @Property({ type: 'text' }) kind!: AffiliationKind;
  @Property({ type: 'uuid' }) targetId!: string;
  @Property({ type: 'text' }) role!: AffiliationRole;
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' }) createdAt!: Date;
}
