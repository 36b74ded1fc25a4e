import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

export const JOIN_REQUEST_STATUSES = ['pending', 'approved', 'refused', 'cancelled'] as const;
export type JoinRequestStatus = (typeof JOIN_REQUEST_STATUSES)[number];

/**
 * A person asking to join an organisation that already exists (found by SIREN). An admin of the organisation
 * approves (the person becomes a member) or refuses it. One pending request per (organisation, account): a
 * partial unique index in the migration. A request made by registering a new SIRET of the organisation carries
 * that establishment, added on approval.
 */
@Entity({ tableName: 'join_requests' })
@Index({ properties: ['organisationId', 'status'] })
export class JoinRequest {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) organisationId!: string;
  @Property({ type: 'uuid' }) accountId!: string;
  @Property({ type: 'text' }) status!: JoinRequestStatus;
  @Property({ type: 'text', nullable: true }) message!: string | null;
  @Property({ type: 'json', nullable: true }) establishment!: { siret: string; address: string | null; region: string } | null;
  @Property({ type: 'uuid', nullable: true }) decidedBy!: string | null;
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) decidedAt!: Date | null;
  @Property({ type: 'text', nullable: true }) reason!: string | null;
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' }) createdAt!: Date;
}
