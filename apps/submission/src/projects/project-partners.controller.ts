import { Body, Controller, Delete, Headers, Param, ParseUUIDPipe, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Ctx, etagOf, type RequestCtx } from '@poleflow/http';
import { ApiIdempotencyKey, ApiIfMatch, ApiProblems, ETAG_HEADER } from './api-docs.js';
import { ProjectCommandService } from './project-commands.service.js';
import { PutPartnerDto } from './project.dto.js';
import { budgetOf } from './project.mapping.js';
import { ProjectView } from './project.view.js';

@ApiTags('projects')
@ApiBearerAuth()
@ApiProblems(400, 401, 403, 404, 409)
@ApiIfMatch()
@ApiIdempotencyKey()
@Controller('api/v1/projects/:id/partners')
export class ProjectPartnersController {
  constructor(private readonly commands: ProjectCommandService) {}

  @Put(':organisationId')
  @ApiOperation({ summary: "Add a partner or set its budget (the coordinator's own budget too); coordinator members only" })
  @ApiOkResponse({ type: ProjectView, headers: ETAG_HEADER })
  @ApiProblems(422)
  async put(
    @Param('id', new ParseUUIDPipe()) id: string, @Param('organisationId', new ParseUUIDPipe()) organisationId: string, @Body() dto: PutPartnerDto,
    @Headers('if-match') ifMatch: string | undefined, @Ctx() ctx: RequestCtx, @Res({ passthrough: true }) res: Response,
  ): Promise<ProjectView> {
    const view = await this.commands.putPartner({ projectId: id, ifMatch, organisationId, role: dto.role, budget: budgetOf(dto.budget) }, ctx);
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
