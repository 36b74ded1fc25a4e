import { OptionalProps } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { FeeClass, FeeGrid } from './fees.js';

export const MEMBERSHIP_STATUSES = ['applied', 'active', 'refused', 'left', 'lapsed'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

/** One year of a membership, its fee from the grid of the day, and what the pole recorded of its payment. */
export interface MembershipYearRecord {
  startsOn: string;
  endsOn: string;
  feeClass: FeeClass;
  feeCents: number;
  invoicedAt: string | null;
  paidAt: string | null;
}

export interface MemberContact { name: string; email: string; phone: string | null }

/**
 * An organisation's membership of a pole: applied, then accepted (active, year after year) or refused; an active
 * member leaves, or lapses when a year ends without renewal. At most one live (applied or active) membership per
 * pole and organisation (partial unique index).
 */
@Entity({ tableName: 'memberships' })
@Index({ properties: ['poleId', 'status'] })
@Index({ properties: ['organisationId'] })
export class Membership {
  [OptionalProps]?: 'version';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) poleId!: string;
  @Property({ type: 'uuid' }) organisationId!: string;
  @Property({ type: 'text' }) status!: MembershipStatus;
  @Property({ type: 'text' }) feeClass!: FeeClass;
  /** Public facts of the member directory, given with the application. */
  @Property({ type: 'text' }) city!: string;
  @Property({ type: 'json' }) themes!: string[];
  /** Shown only to the pole's other members and its staff. */
  @Property({ type: 'json' }) contact!: MemberContact;
  @Property({ type: 'text', nullable: true }) message!: string | null;
  @Property({ type: 'uuid' }) appliedBy!: string;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) appliedAt!: Date;
  @Property({ type: 'uuid', nullable: true }) decidedBy!: string | null;
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) decidedAt!: Date | null;
  /** Why it was refused, or why the member left. */
  @Property({ type: 'text', nullable: true }) reason!: string | null;
  @Property({ type: 'json' }) years!: MembershipYearRecord[];
  /** The end of the last year (null before acceptance): renewals and lapses are found by it. */
  @Property({ type: 'text', nullable: true }) endsOn!: string | null;
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) renewalRemindedAt!: Date | null;
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) endedAt!: Date | null;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) updatedAt!: Date;
  @Property({ type: 'integer', version: true }) version!: number;
}

/** A pole's membership settings: its fee grid (editable by its managers) and whether labelling requires the lead partner to be a member. */
@Entity({ tableName: 'membership_settings' })
export class MembershipSettings {
  [OptionalProps]?: 'version';
  @PrimaryKey({ type: 'uuid' }) poleId!: string;
  @Property({ type: 'json' }) fees!: FeeGrid;
  @Property({ type: 'boolean' }) leadMembershipRequired!: boolean;
  @Property({ type: 'uuid', nullable: true }) updatedBy!: string | null;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) updatedAt!: Date;
  @Property({ type: 'integer', version: true }) version!: number;
}

export const MEMBERSHIP_ENTITIES = [Membership, MembershipSettings];
