import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';

export const AUDIENCE_KINDS = ['user', 'organisation', 'pole', 'funder'] as const;
export type AudienceKind = (typeof AUDIENCE_KINDS)[number];

/**
 * An in-app notification for whoever has to act next: a reviewer (user), a consortium (its organisations), a
 * pole's managers (pole) or a funder's officers (funder). One per (event, audience); read state is per row
 * (whoever of the audience marks it read, marks it for all of them).
 */
@Entity({ tableName: 'notifications' })
@Unique({ properties: ['eventId', 'audienceKind', 'audienceId'] })
@Index({ properties: ['audienceKind', 'audienceId', 'createdAt'] })
export class Notification {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) eventId!: string;
  @Property({ type: 'text' }) eventType!: string;
  @Property({ type: 'text' }) audienceKind!: AudienceKind;
  @Property({ type: 'uuid' }) audienceId!: string;
  @Property({ type: 'uuid', nullable: true }) projectId!: string | null;
  /** What to do, in one sentence. */
  @Property({ type: 'text' }) message!: string;
  /** The API path of the thing to act on. */
  @Property({ type: 'text' }) link!: string;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) readAt!: Date | null;
}

export const NOTIFICATION_ENTITIES = [Notification];
