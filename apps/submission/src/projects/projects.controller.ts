import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, type Principal } from '@poleflow/auth';
import { Ctx, etagOf, type Page, type RequestCtx } from '@poleflow/http';
import { ApiIdempotencyKey, ApiIfMatch, ApiProblems, ETAG_HEADER } from './api-docs.js';
import { ProjectCommandService } from './project-commands.service.js';
import { ProjectQueryService } from './project-queries.service.js';
import { CreateProjectDto, ProjectListQuery, UpdateProjectDto } from './project.dto.js';
import { contentOf } from './project.mapping.js';
import { ProjectPageView, ProjectView } from './project.view.js';

@ApiTags('projects')
@ApiBearerAuth()
@ApiProblems(400, 401)
@Controller('api/v1/projects')
export class ProjectsController {
  constructor(private readonly commands: ProjectCommandService, private readonly queries: ProjectQueryService) {}

  @Post()
  @ApiOperation({ summary: 'Create a draft project; the caller\'s organisation becomes its coordinator. Emits project.created' })
  @ApiCreatedResponse({ type: ProjectView, headers: { ...ETAG_HEADER, Location: { description: 'URL of the new project', schema: { type: 'string' } } } })
  @ApiIdempotencyKey()
  @ApiProblems(403, 409, 422)
  async create(@Body() dto: CreateProjectDto, @Ctx() ctx: RequestCtx, @Res({ passthrough: true }) res: Response): Promise<ProjectView> {
    const { coordinatorOrganisationId, acronym, title } = dto;
    const view = await this.commands.create({ coordinatorOrganisationId, acronym, title, content: contentOf(dto) }, ctx);
    res.setHeader('ETag', etagOf(view.version));
    res.setHeader('Location', `/api/v1/projects/${view.id}`);
    return view;
  }

  @Get()
  @ApiOperation({ summary: 'The projects one of my organisations is a partner of, newest first (admins: all)' })
  @ApiOkResponse({ type: ProjectPageView })
  list(@Query() q: ProjectListQuery, @CurrentUser() user: Principal): Promise<Page<ProjectView>> {
    return this.queries.list(q, user);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A project (its consortium, admins, and staff of targeted poles once submitted)' })
  @ApiOkResponse({ type: ProjectView, headers: ETAG_HEADER })
  @ApiProblems(404)
  async get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: Principal, @Res({ passthrough: true }) res: Response): Promise<ProjectView> {
    const view = await this.queries.get(id, user);
    res.setHeader('ETag', etagOf(view.version));
    return view;
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit the content (members of a partner organisation; draft or revision requested only)' })
  @ApiOkResponse({ type: ProjectView, headers: ETAG_HEADER })
  @ApiIfMatch()
  @ApiIdempotencyKey()
  @ApiProblems(403, 404, 409, 422)
  async update(
    @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateProjectDto, @Headers('if-match') ifMatch: string | undefined,
    @Ctx() ctx: RequestCtx, @Res({ passthrough: true }) res: Response,
  ): Promise<ProjectView> {
    const view = await this.commands.update({ projectId: id, ifMatch, changes: contentOf(dto) }, ctx);
    res.setHeader('ETag', etagOf(view.version));
    return view;
  }
}
