import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { CATEGORY_FR, ORGANISATION_KINDS, SIZE_EU } from '@poleflow/contracts';
import { PageQuery } from '@poleflow/http';
import { ORGANISATION_ROLES } from '../affiliations/affiliation.entity.js';
import { FRENCH_REGIONS } from '../reference/regions.js';
import type { CategoryFr, OrganisationKind, SizeEu } from './organisation.entity.js';

export type OrganisationRole = (typeof ORGANISATION_ROLES)[number];

/** NAF rév. 2 / APE code: two digits, dot, two digits, one letter (e.g. 62.01Z; DOMAIN.md §7). */
const NAF = /^\d{2}\.\d{2}[A-Z]$/;
const MAX_CENTS = Number.MAX_SAFE_INTEGER;
const isCompany = (o: { kind?: string }) => o.kind === 'company';

export class CreateOrganisationDto {
  @ApiProperty({ example: 'AéroLab SAS' }) @IsString() @MinLength(1) @MaxLength(200) name!: string;

  @ApiProperty({ enum: ORGANISATION_KINDS }) @IsIn(ORGANISATION_KINDS) kind!: OrganisationKind;

  @ApiProperty({ example: '732829320', description: '9 digits with a Luhn key; spaces are ignored' })
  @IsString() @MaxLength(20) siren!: string;

  @ApiPropertyOptional({ example: '73282932000074', description: '14 digits starting with the SIREN' })
  @IsOptional() @IsString() @MaxLength(30) siret?: string;

  @ApiProperty({ enum: FRENCH_REGIONS, description: "the head office's region (or, for a new SIRET of a known SIREN, the establishment's)" })
  @IsIn(FRENCH_REGIONS) region!: string;

  @ApiPropertyOptional({ example: '12 avenue Édouard Belin, 31400 Toulouse', description: "the establishment's postal address" })
  @IsOptional() @IsString() @MaxLength(300) address?: string;

  @ApiPropertyOptional({ example: '62.01Z', pattern: NAF.source }) @IsOptional() @MaxLength(10) @Matches(NAF, { message: 'nafCode must look like 62.01Z' }) nafCode?: string;

  @ApiPropertyOptional({ description: 'staff in annual work units; required for a company', example: 45 })
  @ValidateIf((o: CreateOrganisationDto) => isCompany(o) || o.headcount !== undefined)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'headcount (annual work units) is required for a company and must be a number' })
  @Min(0) @Max(10_000_000) headcount?: number;

  @ApiPropertyOptional({ description: 'annual turnover excl. VAT in euro cents; required for a company', example: 800_000_000 })
  @ValidateIf((o: CreateOrganisationDto) => isCompany(o) || o.turnoverCents !== undefined)
  @IsInt({ message: 'turnoverCents is required for a company and must be an integer number of cents' }) @Min(0) @Max(MAX_CENTS) turnoverCents?: number;

  @ApiPropertyOptional({ description: 'balance-sheet total in euro cents; required for a company', example: 500_000_000 })
  @ValidateIf((o: CreateOrganisationDto) => isCompany(o) || o.balanceSheetCents !== undefined)
  @IsInt({ message: 'balanceSheetCents is required for a company and must be an integer number of cents' }) @Min(0) @Max(MAX_CENTS) balanceSheetCents?: number;
}

/** SIREN and kind identify the organisation and never change; everything else may. `null` clears an optional field. */
export class UpdateOrganisationDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;

  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(30) siret?: string | null;

  @ApiPropertyOptional({ enum: FRENCH_REGIONS }) @IsOptional() @IsIn(FRENCH_REGIONS) region?: string;

  @ApiPropertyOptional({ nullable: true, type: String, pattern: NAF.source })
  @IsOptional() @MaxLength(10) @Matches(NAF, { message: 'nafCode must look like 62.01Z' }) nafCode?: string | null;

  @ApiPropertyOptional() @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(10_000_000) headcount?: number;

  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(MAX_CENTS) turnoverCents?: number;

  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(MAX_CENTS) balanceSheetCents?: number;
}

export class OrganisationQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'part of the name (accent-insensitive) or start of the SIREN' })
  @IsOptional() @IsString() @MaxLength(200) q?: string;
}

export class CreateEstablishmentDto {
  @ApiProperty({ example: '73282932000082', description: '14 digits starting with the SIREN of the organisation' }) @IsString() @MaxLength(30) siret!: string;
  @ApiPropertyOptional({ example: '3 rue Marcel Dassault, 33700 Mérignac' }) @IsOptional() @IsString() @MaxLength(300) address?: string;
  @ApiProperty({ enum: FRENCH_REGIONS }) @IsIn(FRENCH_REGIONS) region!: string;
  @ApiPropertyOptional({ description: 'make it the head office (the previous one stays an establishment)' }) @IsOptional() @IsBoolean() headOffice?: boolean;
}

export class EstablishmentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() siret!: string;
  @ApiProperty({ nullable: true, type: String }) address!: string | null;
  @ApiProperty() region!: string;
  @ApiProperty() headOffice!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class OrganisationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind!: OrganisationKind;
  @ApiProperty() siren!: string;
  @ApiProperty({ nullable: true, type: String }) siret!: string | null;
  @ApiProperty({ description: "the head office's region" }) region!: string;
  @ApiProperty({ type: String, isArray: true, description: 'every region where it has an establishment, head office first' }) regions!: string[];
  @ApiProperty({ nullable: true, type: String }) nafCode!: string | null;
  @ApiProperty({ nullable: true, type: Number }) headcount!: number | null;
  @ApiProperty({ nullable: true, type: Number }) turnoverCents!: number | null;
  @ApiProperty({ nullable: true, type: Number }) balanceSheetCents!: number | null;
  @ApiProperty({ nullable: true, enum: SIZE_EU, description: 'EU size class (Recommendation 2003/361/EC); null if not a company' }) sizeEu!: SizeEu | null;
  @ApiProperty({ nullable: true, enum: CATEGORY_FR, description: 'French category (décret 2008-1354); null if not a company' }) categoryFr!: CategoryFr | null;
  @ApiProperty({ description: 'also sent as the ETag header, W/"<version>"' }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class MemberView {
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ORGANISATION_ROLES }) role!: OrganisationRole;
  @ApiProperty({ format: 'date-time' }) since!: string;
}

export class OrganisationDetailView extends OrganisationView {
  @ApiProperty({ type: EstablishmentView, isArray: true }) establishments!: EstablishmentView[];
  @ApiProperty({ type: MemberView, isArray: true }) members!: MemberView[];
  @ApiProperty({ enum: [...ORGANISATION_ROLES, null], nullable: true, description: "the caller's role (null for a platform admin who is not a member)" }) myRole!: OrganisationRole | null;
}

export class OrganisationPage {
  @ApiProperty({ type: OrganisationView, isArray: true }) items!: OrganisationView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
