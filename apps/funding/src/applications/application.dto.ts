import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { AID_FORMS, MILESTONE_KEYS } from '@poleflow/contracts';
import { PageQuery } from '@poleflow/http';
import type { AidForm } from '../calls/call.entity.js';
import { APPLICATION_STATUSES, type ApplicationStatus, type MilestoneKey } from './application.entity.js';

export class ApplyDto {
  @ApiProperty({ format: 'uuid', description: 'a submitted project whose coordinating organisation the caller belongs to' }) @IsUUID() projectId!: string;
}

export class ApplicationListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() callId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() projectId?: string;
  @ApiPropertyOptional({ enum: APPLICATION_STATUSES }) @IsOptional() @IsIn(APPLICATION_STATUSES) status?: ApplicationStatus;
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'by the latest assessment: eligible or not (applications still being assessed match neither)' })
  @IsOptional() @IsIn(['true', 'false']) eligible?: 'true' | 'false';
}

export class GrantLineDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() organisationId!: string;
  @ApiProperty({ description: 'euro cents', example: 30_000_000 }) @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) amountCents!: number;
  @ApiProperty({ enum: AID_FORMS }) @IsIn(AID_FORMS) aidForm!: AidForm;
}

export class TrancheDto {
  @ApiProperty({ enum: MILESTONE_KEYS }) @IsIn(MILESTONE_KEYS) milestone!: MilestoneKey;
  @ApiProperty({ minimum: 1, maximum: 100 }) @IsInt() @Min(1) @Max(100) percent!: number;
}

export class DecisionDto {
  @ApiProperty({ enum: ['granted', 'refused'] }) @IsIn(['granted', 'refused']) outcome!: 'granted' | 'refused';
  @ApiProperty({ maxLength: 8000 }) @IsString() @Length(1, 8000) motivation!: string;
  @ApiPropertyOptional({ type: [GrantLineDto], description: 'granted: amount and aid form per partner, each within its ceiling' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => GrantLineDto) partners?: GrantLineDto[];
  @ApiPropertyOptional({ type: [TrancheDto], description: 'granted: percentages tied to milestones, adding up to 100' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(4) @ValidateNested({ each: true }) @Type(() => TrancheDto) tranches?: TrancheDto[];
}

export class ApplicationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) callId!: string;
  @ApiProperty() callTitle!: string;
  @ApiProperty({ format: 'uuid' }) funderId!: string;
  @ApiProperty() funderName!: string;
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty() acronym!: string;
  @ApiProperty({ enum: APPLICATION_STATUSES, description: 'assessing until the asynchronous assessment is in' }) status!: ApplicationStatus;
  @ApiProperty({ format: 'date-time' }) appliedAt!: string;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true, description: 'eligible, every rule\'s outcome with its reason (fr, en), the per-partner ceilings (GBER), what triggered it, the GBER `declarations` (wide dissemination; per research organisation: non-economic activity, may publish, confirmed, and what was used) and `declarationEffects` (collaboration bonus and each partner\'s ceiling without and with the declarations)' })
  assessment!: unknown;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true }) decision!: unknown;
  @ApiProperty({ description: 'also the ETag' }) version!: number;
}

export class ApplicationPage {
  @ApiProperty({ type: [ApplicationView] }) items!: ApplicationView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
