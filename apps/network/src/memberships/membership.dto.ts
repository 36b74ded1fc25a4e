import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsIn, IsObject, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { FEE_CLASSES } from './fees.js';
import { MEMBERSHIP_STATUSES } from './membership.entity.js';

export class MemberContactDto {
  @ApiProperty({ maxLength: 200 }) @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ maxLength: 254 }) @IsEmail() @MaxLength(254) email!: string;
  @ApiPropertyOptional({ maxLength: 40, nullable: true, type: String }) @IsOptional() @IsString() @Length(0, 40) phone?: string | null;
}

export class ApplyDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() poleId!: string;
  @ApiProperty({ format: 'uuid', description: 'an organisation the caller belongs to' }) @IsUUID() organisationId!: string;
  @ApiProperty({ maxLength: 120, description: 'the city shown in the member directory' }) @IsString() @Length(1, 120) city!: string;
  @ApiProperty({ type: [String], maxItems: 10, description: 'themes shown in the member directory' })
  @IsArray() @ArrayMaxSize(10) @IsString({ each: true }) @Length(1, 80, { each: true }) themes!: string[];
  @ApiProperty({ type: MemberContactDto, description: 'shown only to the pole\'s members and staff' }) @ValidateNested() @Type(() => MemberContactDto) contact!: MemberContactDto;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @Length(0, 2000) message?: string;
}

export class DecisionDto {
  @ApiProperty({ enum: ['accepted', 'refused'] }) @IsIn(['accepted', 'refused']) decision!: 'accepted' | 'refused';
  @ApiPropertyOptional({ maxLength: 2000, description: 'required to refuse' }) @IsOptional() @IsString() @Length(0, 2000) reason?: string;
  @ApiPropertyOptional({ format: 'date', description: 'first day of the first membership year (default today; within a year of today)' })
  @IsOptional() @MaxLength(10) @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'startsOn must be a date YYYY-MM-DD' }) startsOn?: string;
}

export class LeaveDto {
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @Length(0, 2000) reason?: string;
}

export class MembershipListQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'a pole the caller works for: all its memberships' }) @IsOptional() @IsUUID() poleId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'an organisation the caller belongs to' }) @IsOptional() @IsUUID() organisationId?: string;
  @ApiPropertyOptional({ enum: MEMBERSHIP_STATUSES }) @IsOptional() @IsIn(MEMBERSHIP_STATUSES) status?: string;
}

export class MembershipYearView {
  @ApiProperty({ format: 'date' }) startsOn!: string;
  @ApiProperty({ format: 'date' }) endsOn!: string;
  @ApiProperty({ enum: FEE_CLASSES }) feeClass!: string;
  @ApiProperty({ description: 'euro cents' }) feeCents!: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) invoicedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) paidAt!: string | null;
}

export class MemberContactView {
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ nullable: true, type: String }) phone!: string | null;
}

export class MembershipView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) poleId!: string;
  @ApiProperty() poleName!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty({ enum: MEMBERSHIP_STATUSES }) status!: string;
  @ApiProperty({ enum: FEE_CLASSES }) feeClass!: string;
  @ApiProperty({ description: 'the fee a year from the grid today, euro cents' }) currentFeeCents!: number;
  @ApiProperty() city!: string;
  @ApiProperty({ type: [String] }) themes!: string[];
  @ApiProperty({ type: MemberContactView }) contact!: MemberContactView;
  @ApiProperty({ nullable: true, type: String }) message!: string | null;
  @ApiProperty({ format: 'date-time' }) appliedAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) decidedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ type: [MembershipYearView] }) years!: MembershipYearView[];
  @ApiProperty({ nullable: true, type: String, format: 'date' }) endsOn!: string | null;
  @ApiProperty({ description: 'the renewal reminder has fired for the current year' }) renewalDue!: boolean;
  @ApiProperty({ description: 'also the ETag' }) version!: number;
}

export class MemberView {
  @ApiProperty({ format: 'uuid' }) membershipId!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() city!: string;
  @ApiProperty({ enum: ['company', 'research_organisation', 'training_body'] }) kind!: string;
  @ApiProperty({ enum: FEE_CLASSES, description: 'the size class (TPE, PME, ETI, GE) or LAB / TRAINING' }) feeClass!: string;
  @ApiProperty({ nullable: true, type: String, enum: ['micro', 'small', 'medium', 'large'] }) sizeEu!: string | null;
  @ApiProperty({ type: [String] }) themes!: string[];
  @ApiProperty({ format: 'date', nullable: true, type: String }) memberSince!: string | null;
  @ApiProperty({ type: MemberContactView, nullable: true, description: 'only for the pole\'s members and staff' }) contact!: MemberContactView | null;
}

export class MemberDirectoryView {
  @ApiProperty({ format: 'uuid' }) poleId!: string;
  @ApiProperty() poleName!: string;
  @ApiProperty({ description: 'whether the caller sees the members\' contacts (a member of the pole or its staff)' }) contactsVisible!: boolean;
  @ApiProperty({ type: [MemberView] }) members!: MemberView[];
}

export class MemberCountView {
  @ApiProperty({ format: 'uuid' }) poleId!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'active memberships; the published figure while the pole has none in poleflow; null when neither is known' }) members!: number | null;
  @ApiProperty({ enum: ['memberships', 'published', 'none'] }) source!: string;
}

export class FeeGridDto {
  @ApiProperty({ type: 'object', properties: Object.fromEntries(FEE_CLASSES.map((c) => [c, { type: 'integer', minimum: 0, description: 'euro cents a year' }])), example: { TPE: 30000, PME: 90000, ETI: 250000, GE: 600000, LAB: 100000, TRAINING: 50000 } })
  @IsObject() fees!: Record<string, number>;
  @ApiProperty({ description: 'labelling checks that the lead partner is a member of the pole' }) @IsBoolean() leadMembershipRequired!: boolean;
}

export class FeeGridView extends FeeGridDto {
  @ApiProperty({ format: 'uuid' }) poleId!: string;
  @ApiProperty({ description: '0 while the pole runs on the defaults; also the ETag' }) version!: number;
}

export const MAX_FEE_CENTS = 100_000_000;
export const validFee = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_FEE_CENTS;
