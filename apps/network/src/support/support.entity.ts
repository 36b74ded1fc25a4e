import { OptionalProps } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { SUPPORT_AREAS } from '@poleflow/contracts';

export type SupportArea = (typeof SUPPORT_AREAS)[number];
export const SUPPORT_STATUSES = ['open', 'in_progress', 'awaiting_member', 'closed'] as const;
export type SupportStatus = (typeof SUPPORT_STATUSES)[number];
export const SUPPORT_MESSAGE_KINDS = ['question', 'answer', 'more_info', 'reply'] as const;
export type SupportMessageKind = (typeof SUPPORT_MESSAGE_KINDS)[number];

export interface SupportMessage {
  id: string;
  authorId: string;
  side: 'member' | 'staff';
  kind: SupportMessageKind;
  body: string;
  at: string;
}

/**
 * A member's request for help from its pole (DOMAIN.md: the four support areas beyond R&D funding, or another):
 * open → in progress (taken by a staff member) ⇄ awaiting the member (more information asked) → closed. Its
 * messages are kept in order; a due date arms a reminder and an overdue timer.
 */
@Entity({ tableName: 'support_requests' })
@Index({ properties: ['poleId', 'status'] })
@Index({ properties: ['organisationId'] })
export class SupportRequest {
  [OptionalProps]?: 'version';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) poleId!: string;
  @Property({ type: 'uuid' }) organisationId!: string;
  @Property({ type: 'uuid' }) membershipId!: string;
  @Property({ type: 'text' }) area!: SupportArea;
  /** What "other" means for this request. */
  @Property({ type: 'text', nullable: true }) areaDetail!: string | null;
  @Property({ type: 'text' }) subject!: string;
  @Property({ type: 'text' }) status!: SupportStatus;
  @Property({ type: 'uuid', nullable: true }) assigneeId!: string | null;
  /** ISO date: the pole answers by the end of this day. */
  @Property({ type: 'text' }) dueOn!: string;
  @Property({ type: 'json' }) messages!: SupportMessage[];
  @Property({ type: 'uuid' }) openedBy!: string;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) openedAt!: Date;
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) takenAt!: Date | null;
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) closedAt!: Date | null;
  @Property({ type: 'text', nullable: true }) outcome!: string | null;
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) remindedAt!: Date | null;
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) overdueAt!: Date | null;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) updatedAt!: Date;
  @Property({ type: 'integer', version: true }) version!: number;
}

/** A file attached to a support request, stored as milestone evidence is (bytea, SHA-256, type checked on the content). */
@Entity({ tableName: 'support_attachments' })
@Index({ properties: ['requestId', 'uploadedAt'] })
export class SupportAttachment {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) requestId!: string;
  @Property({ type: 'uuid' }) poleId!: string;
  @Property({ type: 'uuid' }) organisationId!: string;
  @Property({ type: 'text' }) filename!: string;
  @Property({ type: 'text' }) contentType!: string;
  @Property({ type: 'integer' }) sizeBytes!: number;
  @Property({ type: 'text' }) sha256!: string;
  @Property({ type: 'blob', columnType: 'bytea', lazy: true }) content!: Buffer;
  @Property({ type: 'uuid' }) uploadedBy!: string;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) uploadedAt!: Date;
}

export const SUPPORT_ENTITIES = [SupportRequest, SupportAttachment];
