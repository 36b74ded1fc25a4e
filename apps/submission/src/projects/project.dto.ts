import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean, ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateNested,
} from 'class-validator';
import { PageQuery } from '@poleflow/http';
import { DISSEMINATION_KINDS } from '@poleflow/contracts';
import { PROJECT_STATUSES, type PartnerRole, type ProjectStatus } from '@poleflow/domain';
import type { DisseminationKind } from './project.entity.js';
import { BudgetDto, IfPresent } from './budget.dto.js';

const ACRONYM = { minLength: 2, maxLength: 20 };
const TITLE = { minLength: 1, maxLength: 300 };

/** Content fields a consortium fills in progressively; all optional while in draft. */
export class ProjectContentDto {
  @ApiPropertyOptional({ maxLength: 10_000 })
  @IfPresent() @IsString() @MaxLength(10_000) summary?: string;

  @ApiPropertyOptional({ type: [String], maxItems: 20 })
  @IfPresent() @IsArray() @ArrayMaxSize(20) @ArrayUnique() @IsString({ each: true }) @Length(1, 100, { each: true }) themes?: string[];

  @ApiPropertyOptional({ type: [String], maxItems: 30 })
  @IfPresent() @IsArray() @ArrayMaxSize(30) @ArrayUnique() @IsString({ each: true }) @Length(1, 100, { each: true }) keywords?: string[];

  @ApiPropertyOptional({ minimum: 1, maximum: 9, description: 'Technology Readiness Level at start (EU scale)' })
  @IfPresent() @IsInt() @Min(1) @Max(9) trlStart?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 9, description: 'Technology Readiness Level targeted at the end' })
  @IfPresent() @IsInt() @Min(1) @Max(9) trlTarget?: number;

  @ApiPropertyOptional({ format: 'date', example: '2026-01-01' })
  @IfPresent() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'startDate must be a date YYYY-MM-DD' }) @IsISO8601({ strict: true }) startDate?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 120 })
  @IfPresent() @IsInt() @Min(1) @Max(120) durationMonths?: number;

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: 10, description: 'Targeted poles in order; the first is the lead pole' })
  @IfPresent() @IsArray() @ArrayMaxSize(10) @ArrayUnique() @IsUUID('all', { each: true }) poleIds?: string[];
}

export class CreateProjectDto extends ProjectContentDto {
  @ApiProperty(ACRONYM) @IsString() @Length(ACRONYM.minLength, ACRONYM.maxLength) acronym!: string;
  @ApiProperty(TITLE) @IsString() @Length(TITLE.minLength, TITLE.maxLength) title!: string;
  @ApiProperty({ format: 'uuid', description: "The coordinator ('chef de file'); the caller must be one of its members" })
  @IsUUID('all') coordinatorOrganisationId!: string;
}

export class UpdateProjectDto extends ProjectContentDto {
  @ApiPropertyOptional(ACRONYM) @IfPresent() @IsString() @Length(ACRONYM.minLength, ACRONYM.maxLength) acronym?: string;
  @ApiPropertyOptional(TITLE) @IfPresent() @IsString() @Length(TITLE.minLength, TITLE.maxLength) title?: string;
}

export class PutPartnerDto {
  @ApiPropertyOptional({ enum: ['coordinator', 'partner'], description: "Defaults to the organisation's role; the coordinator cannot be changed here" })
  @IfPresent() @IsIn(['coordinator', 'partner']) role?: PartnerRole;

  @ApiProperty({ type: BudgetDto })
  @IsObject() @ValidateNested() @Type(() => BudgetDto) budget!: BudgetDto;
}

/** GBER declarations of a research organisation; a missing field is left unchanged, null clears it. */
export class DeclarationsDto {
  @ApiPropertyOptional({ nullable: true, type: Boolean, description: "The project belongs to the organisation's non-economic activity (outside State aid, DOMAIN.md §4.4)" })
  @IsOptional() @IsBoolean() nonEconomicActivity?: boolean | null;

  @ApiPropertyOptional({ nullable: true, type: Boolean, description: 'The organisation may publish its own results (GBER collaboration condition)' })
  @IsOptional() @IsBoolean() mayPublish?: boolean | null;
}

export class DisseminationDto {
  @ApiProperty({ description: 'The results are widely disseminated (GBER art. 25(6)(b)(ii))' })
  @IsBoolean() declared!: boolean;

  @ApiPropertyOptional({ enum: DISSEMINATION_KINDS, isArray: true, description: 'How; at least one when declared' })
  @IfPresent() @IsArray() @ArrayMaxSize(DISSEMINATION_KINDS.length) @ArrayUnique() @IsIn(DISSEMINATION_KINDS, { each: true }) kinds?: DisseminationKind[];
}

export class WithdrawProjectDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @IfPresent() @IsString() @MaxLength(2000) reason?: string;
}

export class ProjectListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PROJECT_STATUSES })
  @IsOptional() @IsIn(PROJECT_STATUSES) status?: ProjectStatus;
}
