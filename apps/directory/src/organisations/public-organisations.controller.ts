import { Controller, Get, Injectable, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { MikroORM } from '@mikro-orm/postgresql';
import { CATEGORY_FR, ORGANISATION_KINDS } from '@poleflow/contracts';
import { DomainError } from '@poleflow/domain';
import { ProblemDoc } from '@poleflow/http';
import { escapeLike } from '../common/sql.js';

export class PublicOrganisationQuery {
  @ApiPropertyOptional({ description: 'Exact SIREN (9 digits)', example: '775722879' })
  @IsOptional() @Matches(/^\d{9}$/, { message: 'siren must be 9 digits' }) siren?: string;

  @ApiPropertyOptional({ description: 'Part of the name, accent-insensitive (3 characters at least)', example: 'onera' })
  @IsOptional() @IsString() @Length(3, 200) q?: string;
}

/** Public facts only: what anyone could read in the SIRENE register, never members, financials or contacts. */
export class PublicOrganisationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind!: string;
  @ApiProperty() siren!: string;
  @ApiProperty() region!: string;
  @ApiProperty({ enum: CATEGORY_FR, nullable: true, type: String, description: 'French size class (TPE, PME, ETI, GE); null for research organisations' })
  sizeClass!: string | null;
}

export class PublicOrganisationPage {
  @ApiProperty({ type: PublicOrganisationView, isArray: true, description: 'At most 10, by name' }) items!: PublicOrganisationView[];
}

const LIMIT = 10;

/** The minimal directory a coordinator searches to invite a partner (by SIREN or name), open to any signed-in user. */
@Injectable()
export class PublicOrganisationsService {
  constructor(private readonly orm: MikroORM) {}

  async lookup(q: PublicOrganisationQuery): Promise<PublicOrganisationPage> {
    if (!q.siren && !q.q?.trim()) {
      throw new DomainError('VALIDATION_FAILED', 'give a SIREN or part of a name', 400, { errors: [{ path: 'q', message: 'siren or q is required' }] });
    }
    const rows = await this.orm.em.fork().execute<{ id: string; name: string; kind: string; siren: string; region: string; category_fr: string | null }[]>(
      `select o.id, o.name, o.kind, o.siren, o.region, o.category_fr from "directory"."organisations" o
       where ${q.siren ? 'o.siren = ?' : `"directory".f_unaccent(o.name) ilike '%' || "directory".f_unaccent(?) || '%'`}
       order by lower("directory".f_unaccent(o.name)), o.id limit ?`,
      [q.siren ?? escapeLike(q.q!.trim()), LIMIT],
    );
    return { items: rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, siren: r.siren, region: r.region, sizeClass: r.category_fr })) };
  }
}

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('api/v1/organisations/public')
export class PublicOrganisationsController {
  constructor(private readonly service: PublicOrganisationsService) {}

  @Get()
  @ApiOperation({ summary: 'Find an organisation to invite, by SIREN or name: public facts only (name, kind, SIREN, region, size class); any signed-in user' })
  @ApiOkResponse({ type: PublicOrganisationPage })
  @ApiBadRequestResponse({ type: ProblemDoc, description: 'VALIDATION_FAILED: neither siren nor q, or a malformed one' })
  lookup(@Query() q: PublicOrganisationQuery): Promise<PublicOrganisationPage> {
    return this.service.lookup(q);
  }
}
