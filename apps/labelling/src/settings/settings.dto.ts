import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsObject, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import type { Weights } from '@poleflow/domain';

export class PoleSettingsDto {
  @ApiProperty({ minimum: 1, maximum: 10, description: 'submitted reviews needed before the committee may decide' })
  @IsInt() @Min(1) @Max(10) quorum!: number;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { strategy_fit: 20, innovation: 20, market_potential: 20, consortium_quality: 15, territorial_impact: 10, budget_realism: 15 } })
  @IsObject() weights!: Weights;

  @ApiProperty({ description: 'admissibility: at least two companies and one research or training body' }) @IsBoolean() collaborativeRequired!: boolean;
  @ApiProperty({ minimum: 1, maximum: 100, example: 70 }) @IsInt() @Min(1) @Max(100) maxPartnerSharePct!: number;
  @ApiProperty({ minimum: 0, maximum: 100, example: 25, description: 'lead pole: share of the costs borne in its regions' }) @IsInt() @Min(0) @Max(100) minLeadRegionalSharePct!: number;
  @ApiProperty({ minimum: 1, maximum: 180, description: 'default review period in days' }) @IsInt() @Min(1) @Max(180) reviewDays!: number;
  @ApiProperty({ minimum: 1, maximum: 60 }) @IsInt() @Min(1) @Max(60) labelValidityMonths!: number;
}

export class PoleSettingsView extends PoleSettingsDto {
  @ApiProperty({ format: 'uuid' }) poleId!: string;
  @ApiProperty({ description: '0 while the pole runs on the defaults; also the ETag' }) version!: number;
}

export class PoolMemberDto {
  @ApiPropertyOptional({ type: [String], maxItems: 30 })
  @IsOptional() @IsArray() @ArrayMaxSize(30) @IsString({ each: true }) @Length(1, 100, { each: true }) expertise?: string[];
  @ApiPropertyOptional({ description: 'an unavailable reviewer keeps their assignments but gets no new one' }) @IsOptional() @IsBoolean() available?: boolean;
}

export class PoolMemberView {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty() available!: boolean;
  @ApiProperty({ type: [String] }) expertise!: string[];
  @ApiProperty({ type: [String], description: 'organisations the reviewer works for (conflict-of-interest data)' }) organisations!: string[];
  @ApiProperty({ description: 'assignments waiting for a review' }) openAssignments!: number;
  @ApiProperty() overdueAssignments!: number;
  @ApiProperty({ format: 'date-time' }) since!: string;
}
