import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ORGANISATION_ROLES } from '../affiliations/affiliation.entity.js';
import { FRENCH_REGIONS } from '../reference/regions.js';
import { JOIN_REQUEST_STATUSES, type JoinRequestStatus } from './join-request.entity.js';
import type { OrganisationRole } from './organisation.dto.js';

export class JoinRequestDto {
  @ApiProperty({ example: '732 829 320', description: 'the SIREN of the organisation to join' }) @IsString() @MaxLength(20) siren!: string;
  @ApiPropertyOptional({ example: 'Ingénieure essais, équipe de Toulouse' }) @IsOptional() @IsString() @MaxLength(1000) message?: string;
}

export class DecideJoinRequestDto {
  @ApiPropertyOptional({ description: 'shown to the requester when refused' }) @IsOptional() @IsString() @MaxLength(1000) reason?: string;
}

export class JoinRequestQuery {
  @ApiPropertyOptional({ enum: JOIN_REQUEST_STATUSES, description: 'default pending' }) @IsOptional() @IsIn(JOIN_REQUEST_STATUSES) status?: JoinRequestStatus;
}

export class SetMemberRoleDto {
  @ApiProperty({ enum: ORGANISATION_ROLES }) @IsIn(ORGANISATION_ROLES) role!: OrganisationRole;
}

export class OrganisationLookupView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() siren!: string;
  @ApiProperty({ enum: FRENCH_REGIONS }) region!: string;
  @ApiProperty({ description: 'the caller already belongs to it' }) member!: boolean;
}

export class JoinRequestView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: JOIN_REQUEST_STATUSES }) status!: JoinRequestStatus;
  @ApiProperty({ nullable: true, type: String }) message!: string | null;
  @ApiProperty({ nullable: true, type: Object, description: 'the establishment (siret, address, region) added on approval, when the request came from registering a new SIRET' })
  establishment!: { siret: string; address: string | null; region: string } | null;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) decidedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}
