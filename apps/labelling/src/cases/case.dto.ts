import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '@poleflow/http';
import { CASE_STATUSES, COMMITTEE_OUTCOMES, type CaseStatus, type CommitteeOutcome } from '@poleflow/domain';

export class CaseListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() poleId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() projectId?: string;
  @ApiPropertyOptional({ enum: CASE_STATUSES }) @IsOptional() @IsIn(CASE_STATUSES) status?: CaseStatus;
}

export class AdmissibilityDto {
  @ApiProperty({ description: 'true: the case goes to review; false: it closes as inadmissible' })
  @IsBoolean() admissible!: boolean;

  @ApiPropertyOptional({ maxLength: 4000, description: 'required to declare a case inadmissible, or to admit it despite a failed check' })
  @IsOptional() @IsString() @MaxLength(4000) motivation?: string;
}

export class DecisionDto {
  @ApiProperty({ enum: COMMITTEE_OUTCOMES }) @IsIn(COMMITTEE_OUTCOMES) outcome!: CommitteeOutcome;

  @ApiProperty({ maxLength: 8000, description: 'always required; the consortium reads it' })
  @IsString() @Length(1, 8000) motivation!: string;

  @ApiPropertyOptional({ type: [String], description: 'labelled only: conditions attached to the label' })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @Length(1, 1000, { each: true }) conditions?: string[];

  @ApiPropertyOptional({ type: [String], description: 'revision_requested only: the changes the consortium must make' })
  @IsOptional() @IsArray() @ArrayMaxSize(30) @IsString({ each: true }) @Length(1, 1000, { each: true }) requestedChanges?: string[];

  @ApiPropertyOptional({ maxLength: 200, example: 'i-Démo 2026 – vague 2', description: 'labelled only: the funding call the label is given for' })
  @IsOptional() @IsString() @Length(1, 200) callRef?: string;

  @ApiPropertyOptional({ format: 'date', description: 'labelled only: validity end; default from the pole settings' })
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'validUntil must be a date YYYY-MM-DD' }) @IsISO8601({ strict: true }) validUntil?: string;
}

export class AssignReviewerDto {
  @ApiProperty({ format: 'uuid', description: 'a reviewer of the pole\'s pool' }) @IsUUID() reviewerUserId!: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'default: now + the pole\'s review period' })
  @IsOptional() @IsISO8601({ strict: true }) dueAt?: string;
}
