import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** A notification e-mail (table `emails`, written with raw SQL by EmailOutbox; this entity serves the admin list). */
@Entity({ tableName: 'emails' })
export class EmailMessage {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text', unique: true }) key!: string;
  @Property({ type: 'uuid' }) accountId!: string;
  @Property({ type: 'uuid', nullable: true }) notificationId!: string | null;
  @Property({ type: 'text' }) kind!: string;
  @Property({ type: 'text' }) status!: string;
  @Property({ type: 'text' }) toAddress!: string;
  @Property({ type: 'text' }) language!: string;
  @Property({ type: 'text' }) subject!: string;
  @Property({ type: 'text' }) textBody!: string;
  @Property({ type: 'text' }) htmlBody!: string;
  @Property({ type: 'text' }) link!: string;
  @Property({ type: 'integer', default: 0 }) attempts!: number;
  /** Resends by an admin after a final failure; each one is a new job (`<id>.r<n>`). */
  @Property({ type: 'integer', default: 0 }) resends!: number;
  @Property({ type: 'text', nullable: true }) lastError!: string | null;
  @Property({ type: 'uuid', nullable: true }) digestId!: string | null;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) sentAt!: Date | null;
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) failedAt!: Date | null;
}

export const EMAIL_ENTITIES = [EmailMessage];
