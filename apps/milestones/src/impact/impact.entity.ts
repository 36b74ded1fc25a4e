import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';

/**
 * A project's post-launch impact for one calendar year, reported by its coordinator once the market launch is
 * validated. One row per project and year: a report of the current or previous year is corrected in place.
 */
@Entity({ tableName: 'impact_reports' })
@Unique({ properties: ['projectId', 'year'] })
export class ImpactReport {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) projectId!: string;
  @Property({ type: 'integer' }) year!: number;
  /** Euro cents; bigint (a year's revenue passes 2^31 cents at 21 M€). */
  @Property({ type: 'bigint', columnType: 'bigint' }) revenueCents!: string;
  @Property({ type: 'integer' }) jobsCreated!: number;
  @Property({ type: 'integer' }) patentsFiled!: number;
  /** Share of the revenue made abroad, basis points (0..10000). */
  @Property({ type: 'integer', nullable: true }) exportsShareBps!: number | null;
  @Property({ type: 'text', nullable: true }) comment!: string | null;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) updatedAt!: Date;
  @Property({ type: 'uuid' }) updatedBy!: string;
}

export const IMPACT_ENTITIES = [ImpactReport];
