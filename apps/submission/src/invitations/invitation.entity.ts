import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { InvitationStatus, PartnerRole } from '@poleflow/domain';

/**
 * The coordinator's invitation to join a project's consortium, addressed to an organisation or to a person by
 * e-mail (bound to an organisation when one of its members accepts). Only an accepted invitation makes a partner.
 */
@Entity({ tableName: 'invitations' })
@Index({ properties: ['projectId'] })
@Index({ properties: ['organisationId', 'status'] })
@Index({ properties: ['email', 'status'] })
export class Invitation {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) projectId!: string;
  /** Null until a member of an organisation accepts an invitation sent by e-mail. */
  @Property({ type: 'uuid', nullable: true }) organisationId!: string | null;
  /** Lower-cased; only on invitations by e-mail. */
  @Property({ type: 'text', nullable: true }) email!: string | null;
  @Property({ type: 'text' }) role!: PartnerRole;
  @Property({ type: 'text', default: '' }) message!: string;
  @Property({ type: 'text' }) status!: InvitationStatus;
  @Property({ type: 'uuid' }) invitedBy!: string;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) invitedAt!: Date;
  @Property({ type: 'uuid', nullable: true }) answeredBy!: string | null;
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) answeredAt!: Date | null;
  @Property({ type: 'text', nullable: true }) declineReason!: string | null;
}

export const INVITATION_ENTITIES = [Invitation];
