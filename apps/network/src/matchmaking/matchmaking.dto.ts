import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PARTNER_KINDS, THEME_KEYS, type PartnerKind, type ReasonCode } from '@poleflow/matching';
import { CONTACT_STATUSES, REQUEST_STATUSES, REQUEST_VISIBILITIES, type ContactStatus, type RequestStatus, type RequestVisibility } from './matchmaking.entity.js';

export class ProfileDto {
  @ApiProperty({ maxLength: 4000, description: 'What the organisation does, in French' })
  @IsString() @MaxLength(4000) description!: string;

  @ApiProperty({ type: [String], maxItems: 30, description: 'French keywords (competences, technologies, markets)' })
  @IsArray() @ArrayMaxSize(30) @IsString({ each: true }) @MaxLength(120, { each: true }) keywords!: string[];

  @ApiProperty({ type: [String], maxItems: 5, enum: THEME_KEYS })
  @IsArray() @ArrayMaxSize(5) @IsIn(THEME_KEYS, { each: true }) themes!: string[];

  @ApiPropertyOptional({ type: String, nullable: true, pattern: '^\\d{2}\\.\\d{2}[A-Z]$', description: 'NAF rév. 2 code (default: the directory\'s)' })
  @IsOptional() @Matches(/^\d{2}\.\d{2}[A-Z]$/) @MaxLength(6) nafCode?: string | null;

  @ApiProperty({ type: [String], maxItems: 20, description: 'Equipment and technology platforms open to partners' })
  @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(200, { each: true }) equipment!: string[];

  @ApiProperty({ type: [String], maxItems: 6, enum: PARTNER_KINDS, description: 'Kinds of partner sought' })
  @IsArray() @ArrayMaxSize(6) @IsIn(PARTNER_KINDS, { each: true }) seeks!: PartnerKind[];

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 120 })
  @IsOptional() @IsString() @MaxLength(120) city?: string | null;
}

export class ProfileView {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: PARTNER_KINDS }) partnerKind!: PartnerKind;
  @ApiProperty() region!: string;
  @ApiProperty({ type: String, nullable: true }) city!: string | null;
  @ApiProperty({ description: 'false: the organisation has not written its profile yet (fields empty)' }) exists!: boolean;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [String] }) keywords!: string[];
  @ApiProperty({ type: [String] }) themes!: string[];
  @ApiProperty({ type: String, nullable: true }) nafCode!: string | null;
  @ApiProperty({ type: [String] }) equipment!: string[];
  @ApiProperty({ type: [String], enum: PARTNER_KINDS }) seeks!: PartnerKind[];
  @ApiProperty({ description: "The caller is a member of this organisation (may edit)" }) mine!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updatedAt!: string | null;
}

export class ProfileListQuery {
  @ApiPropertyOptional({ maxLength: 200, description: 'French words (full-text search on what organisations do)' })
  @IsOptional() @IsString() @MaxLength(200) q?: string;

  @ApiPropertyOptional({ enum: THEME_KEYS }) @IsOptional() @IsIn(THEME_KEYS) theme?: string;
  @ApiPropertyOptional({ enum: PARTNER_KINDS }) @IsOptional() @IsIn(PARTNER_KINDS) kind?: PartnerKind;
  @ApiPropertyOptional({ maxLength: 60 }) @IsOptional() @IsString() @MaxLength(60) region?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
}

export class ProfileListView {
  @ApiProperty({ type: [ProfileView] }) items!: ProfileView[];
}

export class PartnerRequestDto {
  @ApiProperty({ format: 'uuid', description: 'The author organisation (the caller is its member), a member of `poleId`' })
  @IsUUID('all') organisationId!: string;

  @ApiProperty({ format: 'uuid', description: 'The pole through which the request is posted' })
  @IsUUID('all') poleId!: string;

  @ApiProperty({ minLength: 3, maxLength: 200 }) @IsString() @MinLength(3) @MaxLength(200) title!: string;
  @ApiProperty({ maxLength: 4000, description: 'The project idea' }) @IsString() @MinLength(3) @MaxLength(4000) idea!: string;
  @ApiProperty({ maxLength: 2000, description: 'The competence sought, in French' }) @IsString() @MinLength(3) @MaxLength(2000) competence!: string;

  @ApiProperty({ type: [String], enum: PARTNER_KINDS, maxItems: 6, description: 'Kinds of partner sought (empty: any)' })
  @IsArray() @ArrayMaxSize(6) @IsIn(PARTNER_KINDS, { each: true }) kindsSought!: PartnerKind[];

  @ApiProperty({ type: [String], maxItems: 18, description: 'Regions sought (empty: anywhere)' })
  @IsArray() @ArrayMaxSize(18) @IsString({ each: true }) @MaxLength(60, { each: true }) regionsSought!: string[];

  @ApiProperty({ type: [String], enum: THEME_KEYS, maxItems: 5 })
  @IsArray() @ArrayMaxSize(5) @IsIn(THEME_KEYS, { each: true }) themes!: string[];

  @ApiProperty({ format: 'date' }) @IsISO8601({ strict: true }) @MaxLength(10) deadline!: string;

  @ApiProperty({ enum: REQUEST_VISIBILITIES, description: "pole: the pole's members; all_poles: every pole's members" })
  @IsIn(REQUEST_VISIBILITIES) visibility!: RequestVisibility;
}

export class PartnerRequestListQuery {
  @ApiPropertyOptional({ enum: REQUEST_STATUSES, description: 'Default: open' }) @IsOptional() @IsIn(REQUEST_STATUSES) status?: RequestStatus;
  @ApiPropertyOptional({ enum: ['true', 'false'], description: "true: only the caller's organisations' requests" }) @IsOptional() @IsIn(['true', 'false']) mine?: 'true' | 'false';
}

export class CloseRequestDto {
  @ApiProperty({ enum: ['found', 'closed'], description: 'found: a partner was found (name it); closed: given up' })
  @IsIn(['found', 'closed']) outcome!: 'found' | 'closed';

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') organisationId?: string;
}

export class PartnerRequestView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) authorOrganisationId!: string;
  @ApiProperty() authorOrganisationName!: string;
  @ApiProperty({ format: 'uuid' }) poleId!: string;
  @ApiProperty() poleName!: string;
  @ApiProperty() title!: string;
  @ApiProperty() idea!: string;
  @ApiProperty() competence!: string;
  @ApiProperty({ type: [String], enum: PARTNER_KINDS }) kindsSought!: PartnerKind[];
  @ApiProperty({ type: [String] }) regionsSought!: string[];
  @ApiProperty({ type: [String] }) themes!: string[];
  @ApiProperty({ format: 'date' }) deadline!: string;
  @ApiProperty({ enum: REQUEST_VISIBILITIES }) visibility!: RequestVisibility;
  @ApiProperty({ enum: REQUEST_STATUSES }) status!: RequestStatus;
  @ApiProperty({ type: String, nullable: true }) foundOrganisationName!: string | null;
  @ApiProperty({ description: "The caller is a member of the author organisation" }) mine!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class PartnerRequestListView {
  @ApiProperty({ type: [PartnerRequestView] }) items!: PartnerRequestView[];
}

export class ReasonView {
  @ApiProperty({ enum: ['KEYWORDS', 'THEMES', 'KIND_SOUGHT', 'COMPLEMENTARY_KIND', 'COMPLEMENTARY_SIZE', 'REGION_SOUGHT', 'SAME_REGION', 'EQUIPMENT', 'EARLIER_COLLABORATION'] }) code!: ReasonCode;
  @ApiProperty({ description: 'The reason in French' }) fr!: string;
  @ApiProperty({ description: 'The reason in English' }) en!: string;
}

export class SuggestionView {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: PARTNER_KINDS }) partnerKind!: PartnerKind;
  @ApiProperty() region!: string;
  @ApiProperty({ minimum: 0, maximum: 100, description: 'Fit, 0–100' }) score!: number;
  @ApiProperty({ type: [ReasonView] }) reasons!: ReasonView[];
  @ApiProperty({ type: String, nullable: true, enum: [...CONTACT_STATUSES, null], description: "The caller's live contact with this organisation, if any" }) contactStatus!: ContactStatus | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) contactId!: string | null;
}

export class SuggestionListView {
  @ApiProperty({ type: [SuggestionView] }) items!: SuggestionView[];
  @ApiProperty({ type: [String], enum: PARTNER_KINDS, description: 'Kinds the suggestions favour (a draft: what its consortium lacks)' }) kindsSought!: PartnerKind[];
}

export class MatchQuery {
  @ApiProperty({ format: 'uuid', description: 'A project (draft or submitted) of the caller\'s consortium' }) @IsUUID('all') projectId!: string;
}

export class ContactDto {
  @ApiProperty({ format: 'uuid', description: "The caller's organisation" }) @IsUUID('all') fromOrganisationId!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') toOrganisationId!: string;
  @ApiProperty({ minLength: 1, maxLength: 2000 }) @IsString() @MinLength(1) @MaxLength(2000) message!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The partner request this contact answers or comes from' }) @IsOptional() @IsUUID('all') partnerRequestId?: string;
}

export class MessageDto {
  @ApiProperty({ minLength: 1, maxLength: 4000 }) @IsString() @MinLength(1) @MaxLength(4000) body!: string;
}

export class MessageView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) authorOrganisationId!: string;
  @ApiProperty() authorOrganisationName!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ format: 'date-time' }) postedAt!: string;
}

export class ContactView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) fromOrganisationId!: string;
  @ApiProperty() fromOrganisationName!: string;
  @ApiProperty({ format: 'uuid' }) toOrganisationId!: string;
  @ApiProperty() toOrganisationName!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) partnerRequestId!: string | null;
  @ApiProperty({ type: String, nullable: true }) partnerRequestTitle!: string | null;
  @ApiProperty() message!: string;
  @ApiProperty({ enum: CONTACT_STATUSES }) status!: ContactStatus;
  @ApiProperty({ enum: ['sent', 'received'], description: "The caller's side" }) side!: 'sent' | 'received';
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) answeredAt!: string | null;
  @ApiProperty({ format: 'date-time' }) lastActivityAt!: string;
  @ApiProperty({ type: [MessageView], description: 'Oldest first (only in the single contact read)' }) messages!: MessageView[];
}

export class ContactListView {
  @ApiProperty({ type: [ContactView] }) items!: ContactView[];
}
