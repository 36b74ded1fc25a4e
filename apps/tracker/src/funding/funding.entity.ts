import { BigIntType } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { FundingApplicationStatus } from '@poleflow/domain';

/** A funder as directory announced it (`funder.published`), for the funder dashboard. */
@Entity({ tableName: 'funders' })
export class FunderView {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text' }) kind!: string;
  @Property({ type: 'text', nullable: true }) region!: string | null;
}

/**
 * One funding application of a project, as funding's events describe it. The project's stage is the aggregate
 * of its applications (libs/domain `stageAfterFunding`), so a grant by one funder is not undone by another's
 * refusal; the funder dashboard counts these rows.
 */
@Entity({ tableName: 'funding_applications' })
@Index({ properties: ['funderId', 'updatedAt'] })
export class FundingView {
  @PrimaryKey({ type: 'uuid' }) projectId!: string;
  @PrimaryKey({ type: 'uuid' }) applicationId!: string;
  @Property({ type: 'uuid' }) callId!: string;
  @Property({ type: 'text' }) callTitle!: string;
  @Property({ type: 'uuid' }) funderId!: string;
  @Property({ type: 'text' }) funderName!: string;
  @Property({ type: 'text' }) status!: FundingApplicationStatus;
  /** The aid granted (euro cents), once granted. */
  @Property({ type: new BigIntType('number'), nullable: true }) grantedCents!: number | null;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) updatedAt!: Date;
}

export const FUNDING_ENTITIES = [FunderView, FundingView];
