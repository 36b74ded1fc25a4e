import { OptionalProps } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { AID_FORMS } from '@poleflow/contracts';
import type { EligibilityRule } from '@poleflow/domain';

export type AidForm = (typeof AID_FORMS)[number];

/** A funder's call for projects (appel à projets), with its typed eligibility rules (libs/domain funding). */
@Entity({ tableName: 'calls' })
@Index({ properties: ['funderId', 'closesAt'] })
export class Call {
  [OptionalProps]?: 'version' | 'publishedAt' | 'closedAt';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) funderId!: string;
  @Property({ type: 'text' }) title!: string;
  @Property({ type: 'text' }) description!: string;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) opensAt!: Date;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) closesAt!: Date;
  /** Intermediate cut-off dates (relève), ISO dates; applications are assessed in waves. */
  @Property({ type: 'json' }) cutoffs!: string[];
  @Property({ type: 'json' }) aidForms!: AidForm[];
  @Property({ type: 'json' }) rules!: EligibilityRule[];
  /** null while a draft: only its funder's officers see it, nobody applies; publishing makes it public. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) publishedAt!: Date | null;
  /** When an officer closed it before its closing date (closesAt is then moved to that moment). */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) closedAt!: Date | null;
  @Property({ type: 'uuid' }) createdBy!: string;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) updatedAt!: Date;
  @Property({ type: 'integer', version: true }) version!: number;
}

export type CallStatus = 'draft' | 'upcoming' | 'open' | 'closed';
export const CALL_STATUSES = ['draft', 'upcoming', 'open', 'closed'] as const;

/** A draft until published; then by its dates (closing early moves closesAt to the moment it was closed). */
export const callStatus = (c: Pick<Call, 'opensAt' | 'closesAt'> & { publishedAt?: Date | null; closedAt?: Date | null }, now = new Date()): CallStatus =>
  c.publishedAt === null ? 'draft' : c.closedAt ? 'closed' : now < c.opensAt ? 'upcoming' : now > c.closesAt ? 'closed' : 'open';

export const CALL_ENTITIES = [Call];
