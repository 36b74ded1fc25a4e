import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { AID_FORMS } from '@poleflow/contracts';
import { PageQuery } from '@poleflow/http';
import { ELIGIBILITY_RULE_TYPES, type EligibilityRule } from '@poleflow/domain';
import { CALL_STATUSES, type AidForm, type CallStatus } from '../calls/call.entity.js';

export class CreateCallDto {
  @ApiProperty({ format: 'uuid', description: 'a funder the caller is an officer of' }) @IsUUID() funderId!: string;
  @ApiProperty({ maxLength: 300, example: 'i-Démo 2026 — projets collaboratifs' }) @IsString() @Length(3, 300) title!: string;
  @ApiPropertyOptional({ maxLength: 10_000 }) @IsOptional() @IsString() @MaxLength(10_000) description?: string;
  @ApiProperty({ format: 'date-time' }) @IsISO8601({ strict: true }) opensAt!: string;
  @ApiProperty({ format: 'date-time' }) @IsISO8601({ strict: true }) closesAt!: string;
  @ApiPropertyOptional({ type: [String], format: 'date', description: 'intermediate cut-off dates (relèves)' })
  @IsOptional() @IsArray() @ArrayMaxSize(12) @IsISO8601({ strict: true }, { each: true }) cutoffs?: string[];
  @ApiProperty({ enum: AID_FORMS, isArray: true }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(AID_FORMS.length) @ArrayUnique() @IsIn(AID_FORMS, { each: true }) aidForms!: AidForm[];
  @ApiProperty({
    type: 'array', items: { type: 'object', additionalProperties: true },
    description: 'typed eligibility rules from GET /api/v1/eligibility-rules, e.g. { "type": "max_partner_share", "maxPct": 70 }; amounts in cents, rates in basis points',
  })
  @IsArray() @ArrayMaxSize(30) rules!: EligibilityRule[];
  @ApiPropertyOptional({ default: false, description: 'true: keep it as a draft (only its funder\'s officers see it) until POST /calls/{id}/publish; by default the call is published at once' })
  @IsOptional() @IsBoolean() draft?: boolean;
}

export class CallListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() funderId?: string;
  @ApiPropertyOptional({ enum: CALL_STATUSES, description: 'draft: only the drafts of the caller\'s funders (officers)' }) @IsOptional() @IsIn(CALL_STATUSES) status?: CallStatus;
}

export class CallView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) funderId!: string;
  @ApiProperty() funderName!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ format: 'date-time' }) opensAt!: string;
  @ApiProperty({ format: 'date-time' }) closesAt!: string;
  @ApiProperty({ type: [String] }) cutoffs!: string[];
  @ApiProperty({ enum: CALL_STATUSES }) status!: CallStatus;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'null while a draft' }) publishedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'set when an officer closed it before its closing date' }) closedAt!: string | null;
  @ApiProperty({ enum: AID_FORMS, isArray: true }) aidForms!: AidForm[];
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) rules!: EligibilityRule[];
  @ApiProperty() version!: number;
}

export class CallPage {
  @ApiProperty({ type: [CallView] }) items!: CallView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class LocalisedTextView {
  @ApiProperty() fr!: string;
  @ApiProperty() en!: string;
}

/** One entry of the eligibility rule catalogue (GET /eligibility-rules). */
export class RuleCatalogueEntry {
  @ApiProperty({ enum: ELIGIBILITY_RULE_TYPES }) type!: string;
  @ApiProperty({ type: LocalisedTextView }) title!: LocalisedTextView;
  @ApiProperty({ type: LocalisedTextView }) description!: LocalisedTextView;
}
