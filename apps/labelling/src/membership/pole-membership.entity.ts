import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * Which organisations are members of which pole, from network's `membership.*` events: the membership
 * admissibility check (a pole may require the lead partner to be a member). One row per pole and organisation,
 * naming the membership that last made it active, so that an older membership's end never undoes a newer one.
 */
@Entity({ tableName: 'pole_memberships' })
export class PoleMembership {
  @PrimaryKey({ type: 'uuid' }) poleId!: string;
  @PrimaryKey({ type: 'uuid' }) organisationId!: string;
  @Property({ type: 'uuid' }) membershipId!: string;
  @Property({ type: 'boolean' }) active!: boolean;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) updatedAt!: Date;
}

/** A pole's rule, from `membership.requirement_changed`: the lead partner must be a member (no row: not required). */
@Entity({ tableName: 'membership_requirements' })
export class MembershipRequirement {
  @PrimaryKey({ type: 'uuid' }) poleId!: string;
  @Property({ type: 'boolean' }) leadMembershipRequired!: boolean;
}

export const POLE_MEMBERSHIP_ENTITIES = [PoleMembership, MembershipRequirement];
