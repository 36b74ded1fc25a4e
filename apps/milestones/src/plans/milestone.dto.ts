import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MILESTONE_STATUSES, type MilestoneStatus } from '@poleflow/domain';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';

export class MilestoneListQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'one project\'s milestones by due date; without it, those the caller may see across projects (an officer\'s funders), escalated and overdue first' })
  @IsOptional() @IsUUID() projectId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() funderId?: string;
  @ApiPropertyOptional({ enum: MILESTONE_STATUSES }) @IsOptional() @IsIn(MILESTONE_STATUSES) status?: MilestoneStatus;
}

export class MarketLaunchDto {
  @ApiProperty({ maxLength: 300 }) @IsString() @Length(1, 300) product!: string;
  @ApiProperty({ format: 'date' }) @MaxLength(10) @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'launchDate must be a date YYYY-MM-DD' }) launchDate!: string;
  @ApiProperty({ type: [String], description: 'first customers (names)' }) @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @Length(1, 200, { each: true }) firstCustomers!: string[];
  @ApiPropertyOptional({ description: 'first revenue, euro cents' }) @IsOptional() @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) revenueCents?: number;
}

export class ReportDto {
  @ApiProperty({ minimum: 1, maximum: 9 }) @IsInt() @Min(1) @Max(9) trlReached!: number;
  @ApiProperty({ description: 'costs spent so far, euro cents' }) @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) spentCents!: number;
  @ApiProperty({ maxLength: 8000 }) @IsString() @Length(1, 8000) summary!: string;
  @ApiPropertyOptional({ type: MarketLaunchDto, description: 'required for the market_launch milestone' })
  @IsOptional() @ValidateNested() @Type(() => MarketLaunchDto) marketLaunch?: MarketLaunchDto;
}

export class ReviewDto {
  @ApiProperty({ enum: ['validated', 'rejected'] }) @IsIn(['validated', 'rejected']) decision!: 'validated' | 'rejected';
  @ApiProperty({ maxLength: 4000, description: 'required to reject' }) @IsString() @Length(0, 4000) comment!: string;
}

export class RescheduleDto {
  @ApiProperty({ format: 'date-time' }) @IsISO8601({ strict: true }) dueAt!: string;
}

export class MilestoneView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) planId!: string;
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({ format: 'uuid' }) funderId!: string;
  @ApiProperty() funderName!: string;
  @ApiProperty({ description: 'the project\'s acronym' }) acronym!: string;
  @ApiProperty({ enum: ['proof_of_concept', 'prototype', 'industrialisation', 'market_launch'] }) key!: string;
  @ApiProperty({ enum: ['planned', 'reported', 'validated', 'rejected'] }) status!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty() overdue!: boolean;
  @ApiProperty() escalated!: boolean;
  @ApiProperty() trlExpected!: number;
  @ApiProperty() percent!: number;
  @ApiProperty({ description: 'the tranche, euro cents' }) amountCents!: number;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) partners!: unknown[];
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) reports!: unknown[];
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) reviews!: unknown[];
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) releasedAt!: string | null;
  @ApiProperty({ nullable: true, type: 'array', items: { type: 'object', additionalProperties: true } }) repayments!: unknown[] | null;
  @ApiProperty({ description: 'also the ETag' }) version!: number;
}
