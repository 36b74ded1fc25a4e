import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse, ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation,
  ApiPreconditionFailedResponse, ApiResponse, ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Ctx, etagOf, principalOf, ProblemDoc, type RequestCtx } from '@poleflow/http';
import { JoinRequestView } from './membership.dto.js';
import {
  CreateEstablishmentDto, CreateOrganisationDto, EstablishmentView, OrganisationDetailView, OrganisationPage, OrganisationQuery, OrganisationView, UpdateOrganisationDto,
} from './organisation.dto.js';
import { OrganisationsService } from './organisations.service.js';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('api/v1/organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Post()
  @ApiOperation({
    summary: 'Register an organisation by SIREN (the caller becomes its admin); a new SIRET of a registered SIREN is a new establishment '
      + '(201 for its members) or a join request carrying it (202)',
  })
  @ApiCreatedResponse({ type: OrganisationView, headers: { ETag: { description: 'W/"<version>"' }, Location: {} } })
  @ApiAcceptedResponse({ type: JoinRequestView, description: 'the SIREN is registered and the caller is not a member: a join request was opened' })
  @ApiBadRequestResponse({ type: ProblemDoc, description: 'INVALID_SIREN, INVALID_SIRET, SIRET_SIREN_MISMATCH (with errors[]), VALIDATION_FAILED' })
  @ApiConflictResponse({ type: ProblemDoc, description: 'ORGANISATION_EXISTS (details: organisationId, name, siren), JOIN_REQUEST_PENDING' })
  async register(@Body() dto: CreateOrganisationDto, @Ctx() ctx: RequestCtx, @Res({ passthrough: true }) res: Response): Promise<OrganisationView | JoinRequestView> {
    const out = await this.organisations.register(dto, principalOf(ctx), ctx);
    if (out.kind === 'join_request') {
      res.status(202).setHeader('Location', '/api/v1/me/join-requests');
      return out.request;
    }
    res.setHeader('ETag', etagOf(out.view.version)).setHeader('Location', `/api/v1/organisations/${out.view.id}`);
    return out.view;
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

  @Get(':id/establishments')
  @ApiOperation({ summary: "The organisation's establishments, head office first (members and admins)" })
  @ApiOkResponse({ type: EstablishmentView, isArray: true })
  establishments(@Param('id', new ParseUUIDPipe()) id: string, @Ctx() ctx: RequestCtx): Promise<EstablishmentView[]> {
    return this.organisations.establishments(id, principalOf(ctx));
  }

  @Post(':id/establishments')
  @ApiOperation({ summary: 'Add an establishment (SIRET of its SIREN, address, region; optionally the new head office); emits organisation.updated' })
  @ApiCreatedResponse({ type: EstablishmentView })
  @ApiBadRequestResponse({ type: ProblemDoc, description: 'INVALID_SIRET, SIRET_SIREN_MISMATCH' })
  @ApiConflictResponse({ type: ProblemDoc, description: 'ESTABLISHMENT_EXISTS' })
  createEstablishment(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: CreateEstablishmentDto, @Ctx() ctx: RequestCtx): Promise<EstablishmentView> {
    return this.organisations.createEstablishment(id, dto, principalOf(ctx), ctx);
  }
}
