import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** A granted label: a public certificate anyone can verify by its number (`AV-2026-0042`). */
@Entity({ tableName: 'labels' })
@Index({ properties: ['projectId'] })
export class Label {
  @PrimaryKey({ type: 'text' }) number!: string;
  @Property({ type: 'uuid', unique: true }) caseId!: string;
  @Property({ type: 'integer' }) round!: number;
  @Property({ type: 'uuid' }) projectId!: string;
  @Property({ type: 'text' }) acronym!: string;
  @Property({ type: 'text' }) title!: string;
  @Property({ type: 'uuid' }) poleId!: string;
  @Property({ type: 'text' }) poleCode!: string;
  @Property({ type: 'text' }) poleName!: string;
  @Property({ type: 'boolean' }) lead!: boolean;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) grantedAt!: Date;
  /** ISO date (YYYY-MM-DD), inclusive. */
  @Property({ type: 'date' }) validUntil!: string;
  /** The funding call the label was given for, when the consortium named one. */
  @Property({ type: 'text', nullable: true }) callRef!: string | null;
  @Property({ type: 'json' }) conditions!: string[];
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) revokedAt!: Date | null;
  @Property({ type: 'text', nullable: true }) revocationMotivation!: string | null;
}

/** Next label number per pole and year, taken in the decision's transaction (gapless per pole-year). */
@Entity({ tableName: 'label_counters' })
export class LabelCounter {
  @PrimaryKey({ type: 'uuid' }) poleId!: string;
  @PrimaryKey({ type: 'integer' }) year!: number;
  @Property({ type: 'integer' }) last!: number;
}

export const LABEL_ENTITIES = [Label, LabelCounter];
