import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation,
  ApiPreconditionFailedResponse, ApiResponse, ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Ctx, etagOf, principalOf, ProblemDoc, type RequestCtx } from '@poleflow/http';
import { AddMemberDto } from '../affiliations/affiliation.dto.js';
import {
  CreateOrganisationDto, MemberView, OrganisationDetailView, OrganisationPage, OrganisationQuery, OrganisationView, UpdateOrganisationDto,
} from './organisation.dto.js';
import { OrganisationsService } from './organisations.service.js';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('api/v1/organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Post()
  @ApiOperation({ summary: 'Register an organisation by SIREN; the caller becomes its first member' })
  @ApiCreatedResponse({ type: OrganisationView, headers: { ETag: { description: 'W/"<version>"' }, Location: {} } })
  @ApiBadRequestResponse({ type: ProblemDoc, description: 'INVALID_SIREN, INVALID_SIRET, SIRET_SIREN_MISMATCH, VALIDATION_FAILED' })
  @ApiConflictResponse({ type: ProblemDoc, description: 'ORGANISATION_EXISTS' })
  async register(@Body() dto: CreateOrganisationDto, @Ctx() ctx: RequestCtx, @Res({ passthrough: true }) res: Response): Promise<OrganisationView> {
    const view = await this.organisations.register(dto, principalOf(ctx), ctx);
    res.setHeader('ETag', etagOf(view.version)).setHeader('Location', `/api/v1/organisations/${view.id}`);
    return view;
  }

  @Get()
  @ApiOperation({ summary: 'Organisations the caller belongs to (admins: all), by name' })
  @ApiOkResponse({ type: OrganisationPage })
  list(@Query() q: OrganisationQuery, @Ctx() ctx: RequestCtx): Promise<OrganisationPage> {
    return this.organisations.list(q, principalOf(ctx));
  }

  @Get(':id')
  @ApiOperation({ summary: 'An organisation and its members (members and admins only)' })
  @ApiOkResponse({ type: OrganisationDetailView, headers: { ETag: { description: 'W/"<version>"' } } })
  @ApiNotFoundResponse({ type: ProblemDoc, description: 'ORGANISATION_NOT_FOUND (also when the caller may not see it)' })
  async get(@Param('id', new ParseUUIDPipe()) id: string, @Ctx() ctx: RequestCtx, @Res({ passthrough: true }) res: Response): Promise<OrganisationDetailView> {
    const view = await this.organisations.get(id, principalOf(ctx));
    res.setHeader('ETag', etagOf(view.version));
    return view;
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update an organisation (not its SIREN or kind); emits organisation.updated' })
  @ApiHeader({ name: 'If-Match', required: true, description: 'the ETag last read' })
  @ApiOkResponse({ type: OrganisationView, headers: { ETag: { description: 'the new version' } } })
  @ApiNotFoundResponse({ type: ProblemDoc })
  @ApiPreconditionFailedResponse({ type: ProblemDoc, description: 'STALE_VERSION' })
  @ApiResponse({ status: 428, type: ProblemDoc, description: 'PRECONDITION_REQUIRED: If-Match is missing' })
  async update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateOrganisationDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Ctx() ctx: RequestCtx,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OrganisationView> {
    const view = await this.organisations.update(id, dto, ifMatch, principalOf(ctx), ctx);
    res.setHeader('ETag', etagOf(view.version));
    return view;
  }

  @Post(':id/members')
  @ApiOperation({ summary: 'Add an existing account as member (members and admins); emits affiliation.changed' })
  @ApiCreatedResponse({ type: MemberView })
  @ApiNotFoundResponse({ type: ProblemDoc, description: 'ORGANISATION_NOT_FOUND or ACCOUNT_NOT_FOUND' })
  @ApiConflictResponse({ type: ProblemDoc, description: 'ALREADY_MEMBER' })
  addMember(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: AddMemberDto, @Ctx() ctx: RequestCtx): Promise<MemberView> {
    return this.organisations.addMember(id, dto.email, principalOf(ctx), ctx);
  }
}
