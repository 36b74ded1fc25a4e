import { ArrayType, OptionalProps } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { AID_FORMS } from '@poleflow/contracts';
import type { MilestoneKey, MilestoneStatus } from '@poleflow/domain';

/** One plan per funding decision (a project funded by several funders has several plans). */
@Entity({ tableName: 'plans' })
@Index({ properties: ['projectId'] })
export class Plan {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) projectId!: string;
  @Property({ type: 'uuid', unique: true }) applicationId!: string;
  @Property({ type: 'uuid' }) funderId!: string;
  @Property({ type: 'text' }) funderName!: string;
  @Property({ type: 'integer' }) totalCents!: number;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) createdAt!: Date;
}

export type AidForm = (typeof AID_FORMS)[number];
export interface PartnerShare { organisationId: string; name: string; amountCents: number; aidForm: AidForm }
export interface Report {
  attempt: number; trlReached: number; spentCents: number; summary: string; reportedBy: string; reportedAt: string; marketLaunch: MarketLaunch | null;
  /** The evidence files attached when the report was made. */
  evidence: { id: string; filename: string; sha256: string }[];
}
export interface MarketLaunch { product: string; launchDate: string; firstCustomers: string[]; revenueCents: number | null }
export interface Review { decision: 'validated' | 'rejected'; comment: string; by: string; at: string }

/** A milestone of a plan and its tranche; its reports and the funder's reviews are kept as history. */
@Entity({ tableName: 'milestones' })
@Index({ properties: ['projectId', 'dueAt'] })
@Index({ properties: ['funderId', 'dueAt'] })
export class Milestone {
  [OptionalProps]?: 'version';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) planId!: string;
  @Property({ type: 'uuid' }) projectId!: string;
  @Property({ type: 'uuid' }) funderId!: string;
  @Property({ type: 'text' }) key!: MilestoneKey;
  @Property({ type: 'text' }) status!: MilestoneStatus;
  @Property({ type: 'integer' }) attempts!: number;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) dueAt!: Date;
  @Property({ type: 'integer' }) trlExpected!: number;
  @Property({ type: 'integer' }) percent!: number;
  @Property({ type: 'bigint', columnType: 'bigint' }) amountCents!: string;
  @Property({ type: 'json' }) partners!: PartnerShare[];
  @Property({ type: 'json' }) reports!: Report[];
  @Property({ type: 'json' }) reviews!: Review[];
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) remindedAt!: Date | null;
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) overdueAt!: Date | null;
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) escalatedAt!: Date | null;
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) releasedAt!: Date | null;
  @Property({ type: 'json', nullable: true }) repayments!: { organisationId: string; dueDate: string; amountCents: number }[] | null;
  @Property({ type: ArrayType, columnType: 'uuid[]' }) organisationIds!: string[];
  @Property({ type: 'datetime', columnType: 'timestamptz' }) updatedAt!: Date;
  @Property({ type: 'integer', version: true }) version!: number;
}

export const PLAN_ENTITIES = [Plan, Milestone];
