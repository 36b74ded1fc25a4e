import { Body, Controller, Delete, Headers, HttpCode, Param, ParseUUIDPipe, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Ctx, etagOf, type RequestCtx } from '@poleflow/http';
import { ApiIdempotencyKey, ApiIfMatch, ApiProblems, ETAG_HEADER } from './api-docs.js';
import { ProjectCommandService } from './project-commands.service.js';
import { PartnerShareService } from './partner-share.service.js';
import { DeclarationsDto, DisseminationDto, PutPartnerDto } from './project.dto.js';
import { budgetOf } from './project.mapping.js';
import { ProjectView } from './project.view.js';

@ApiTags('projects')
@ApiBearerAuth()
@ApiProblems(400, 401, 403, 404, 409)
@ApiIfMatch()
@ApiIdempotencyKey()
@Controller('api/v1/projects/:id/partners')
export class ProjectPartnersController {
  constructor(private readonly commands: ProjectCommandService, private readonly shares: PartnerShareService) {}

  @Put(':organisationId')
  @ApiOperation({
    summary: "Set an accepted partner's budget: the coordinator for any partner (resets a confirmation), a partner's members for their own (confirms it). Partners join by invitation only",
  })
  @ApiOkResponse({ type: ProjectView, headers: ETAG_HEADER })
  @ApiProblems(422)
  async put(
    @Param('id', new ParseUUIDPipe()) id: string, @Param('organisationId', new ParseUUIDPipe()) organisationId: string, @Body() dto: PutPartnerDto,
    @Headers('if-match') ifMatch: string | undefined, @Ctx() ctx: RequestCtx, @Res({ passthrough: true }) res: Response,
  ): Promise<ProjectView> {
    const view = await this.shares.putBudget({ projectId: id, ifMatch, organisationId, role: dto.role, budget: budgetOf(dto.budget) }, ctx);
    res.setHeader('ETag', etagOf(view.version));
    return view;
  }

  @Put(':organisationId/declarations')
  @ApiOperation({
    summary: "A research organisation's GBER declarations (non-economic activity, may publish): the coordinator or the partner's members; editable until withdrawn, re-assessed by funding once submitted",
  })
  @ApiOkResponse({ type: ProjectView, headers: ETAG_HEADER })
  @ApiProblems(422)
  async declarations(
    @Param('id', new ParseUUIDPipe()) id: string, @Param('organisationId', new ParseUUIDPipe()) organisationId: string, @Body() dto: DeclarationsDto,
    @Headers('if-match') ifMatch: string | undefined, @Ctx() ctx: RequestCtx, @Res({ passthrough: true }) res: Response,
  ): Promise<ProjectView> {
    const changes = { ...(dto.nonEconomicActivity !== undefined ? { nonEconomicActivity: dto.nonEconomicActivity } : {}), ...(dto.mayPublish !== undefined ? { mayPublish: dto.mayPublish } : {}) };
    const view = await this.shares.putDeclarations({ projectId: id, ifMatch, organisationId, changes }, ctx);
    res.setHeader('ETag', etagOf(view.version));
    return view;
  }

  @Post(':organisationId/confirmation')
  @HttpCode(200)
  @ApiOperation({ summary: "The partner's members confirm its budget and declarations as entered by the coordinator. Emits partner.budget_confirmed" })
  @ApiOkResponse({ type: ProjectView, headers: ETAG_HEADER })
  async confirm(
    @Param('id', new ParseUUIDPipe()) id: string, @Param('organisationId', new ParseUUIDPipe()) organisationId: string,
    @Headers('if-match') ifMatch: string | undefined, @Ctx() ctx: RequestCtx, @Res({ passthrough: true }) res: Response,
  ): Promise<ProjectView> {
    const view = await this.shares.confirm({ projectId: id, ifMatch, organisationId }, ctx);
    res.setHeader('ETag', etagOf(view.version));
    return view;
  }

  @Delete(':organisationId')
  @ApiOperation({ summary: 'Remove a partner (not the coordinator); coordinator members only' })
  @ApiOkResponse({ type: ProjectView, headers: ETAG_HEADER })
  @ApiProblems(422)
  async remove(
    @Param('id', new ParseUUIDPipe()) id: string, @Param('organisationId', new ParseUUIDPipe()) organisationId: string,
    @Headers('if-match') ifMatch: string | undefined, @Ctx() ctx: RequestCtx, @Res({ passthrough: true }) res: Response,
  ): Promise<ProjectView> {
    const view = await this.commands.removePartner({ projectId: id, ifMatch, organisationId }, ctx);
    res.setHeader('ETag', etagOf(view.version));
    return view;
  }
}

@ApiTags('projects')
@ApiBearerAuth()
@ApiProblems(400, 401, 403, 404, 409)
@ApiIfMatch()
@ApiIdempotencyKey()
@Controller('api/v1/projects/:id/dissemination')
export class ProjectDisseminationController {
  constructor(private readonly shares: PartnerShareService) {}

  @Put()
  @ApiOperation({ summary: "The consortium's declaration of wide dissemination (GBER collaboration bonus); coordinator members; editable until withdrawn" })
  @ApiOkResponse({ type: ProjectView, headers: ETAG_HEADER })
  async put(
    @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: DisseminationDto,
    @Headers('if-match') ifMatch: string | undefined, @Ctx() ctx: RequestCtx, @Res({ passthrough: true }) res: Response,
  ): Promise<ProjectView> {
    const view = await this.shares.putDissemination({ projectId: id, ifMatch, value: { declared: dto.declared, kinds: dto.kinds ?? [] } }, ctx);
    res.setHeader('ETag', etagOf(view.version));
    return view;
  }
}
