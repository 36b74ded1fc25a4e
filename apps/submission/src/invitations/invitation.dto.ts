import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { INVITATION_STATUSES, type InvitationStatus } from '@poleflow/domain';
import { IfPresent } from '../projects/budget.dto.js';

export class InviteDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The organisation invited (found with GET /api/v1/organisations/public); or `email`' })
  @IfPresent() @IsUUID('all') organisationId?: string;

  @ApiPropertyOptional({ format: 'email', description: 'A person to invite, who registers and brings or creates their organisation; or `organisationId`' })
  @IfPresent() @IsEmail() @MaxLength(320) email?: string;

  @ApiPropertyOptional({ enum: ['partner'], default: 'partner', description: 'The consortium role proposed (the coordinator is the project\'s creator)' })
  @IfPresent() @IsIn(['partner']) role?: 'partner';

  @ApiPropertyOptional({ maxLength: 2000, description: 'The contribution proposed to the partner (work packages, tasks), shown in the invitation' })
  @IfPresent() @IsString() @MaxLength(2000) message?: string;
}

export class AcceptInvitationDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Required for an invitation by e-mail: the caller\'s organisation that joins' })
  @IfPresent() @IsUUID('all') organisationId?: string;
}

export class DeclineInvitationDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @IfPresent() @IsString() @MaxLength(2000) reason?: string;
}

export class InvitationListQuery {
  @ApiPropertyOptional({ enum: INVITATION_STATUSES, description: 'Default: pending' })
  @IsOptional() @IsIn(INVITATION_STATUSES) status?: InvitationStatus;
}

export class InvitedProjectView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() acronym!: string;
  @ApiProperty() title!: string;
  @ApiProperty() summary!: string;
  @ApiProperty({ format: 'uuid' }) coordinatorOrganisationId!: string;
  @ApiProperty({ nullable: true, type: String }) coordinatorName!: string | null;
  @ApiProperty({ type: [String], description: 'Targeted poles, lead first' }) poleIds!: string[];
  @ApiProperty({ nullable: true, type: String, format: 'date' }) startDate!: string | null;
  @ApiProperty({ nullable: true, type: Number }) durationMonths!: number | null;
  @ApiProperty() status!: string;
}

export class InvitationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: InvitedProjectView, description: 'What the invited partner needs to decide' }) project!: InvitedProjectView;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null for an invitation by e-mail not yet accepted' }) organisationId!: string | null;
  @ApiProperty({ nullable: true, type: String }) organisationName!: string | null;
  @ApiProperty({ nullable: true, type: String }) email!: string | null;
  @ApiProperty({ enum: ['partner'] }) role!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ enum: INVITATION_STATUSES }) status!: InvitationStatus;
  @ApiProperty({ format: 'uuid' }) invitedBy!: string;
  @ApiProperty({ format: 'date-time' }) invitedAt!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Who accepted, declined or withdrew it' }) answeredBy!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) answeredAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) declineReason!: string | null;
}

export class InvitationListView {
  @ApiProperty({ type: InvitationView, isArray: true }) items!: InvitationView[];
}
