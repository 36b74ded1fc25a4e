import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsUUID, MaxLength } from 'class-validator';
import { AFFILIATION_KINDS } from '@poleflow/contracts';
import { FUNDER_ROLES, ORGANISATION_ROLES, POLE_ROLES, type AffiliationKind, type AffiliationRole } from './affiliation.entity.js';

const ALL_ROLES = [...ORGANISATION_ROLES, ...POLE_ROLES, ...FUNDER_ROLES];
const STAFF_KINDS = ['pole', 'funder'] as const;
const STAFF_ROLES = [...POLE_ROLES, ...FUNDER_ROLES] as const;

export class AffiliationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty({ enum: AFFILIATION_KINDS }) kind!: AffiliationKind;
  @ApiProperty({ format: 'uuid', description: 'the organisation, pole or funder' }) targetId!: string;
  @ApiProperty({ nullable: true, type: String, description: 'its name, when it still exists' }) targetName!: string | null;
  @ApiProperty({ enum: ALL_ROLES }) role!: AffiliationRole;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class GrantStaffAffiliationDto {
  @ApiProperty({ example: 'reviewer@aerospace-valley.test' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail() @MaxLength(254) email!: string;

  @ApiProperty({ enum: STAFF_KINDS }) @IsIn(STAFF_KINDS) kind!: (typeof STAFF_KINDS)[number];

  @ApiProperty({ format: 'uuid', description: 'the pole or funder id' }) @IsUUID() targetId!: string;

  @ApiProperty({ enum: STAFF_ROLES, description: 'reviewer or pole_manager for a pole; funder_officer for a funder' })
  @IsIn(STAFF_ROLES) role!: (typeof STAFF_ROLES)[number];
}

export class AddMemberDto {
  @ApiProperty({ example: 'bruno@composites.test', description: 'an existing account' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail() @MaxLength(254) email!: string;
}
