import { Body, Controller, Headers, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Ctx, etagOf, type RequestCtx } from '@poleflow/http';
import { ApiIdempotencyKey, ApiIfMatch, ApiProblems, ETAG_HEADER } from './api-docs.js';
import { ProjectLifecycleService } from './project-lifecycle.service.js';
import type { Transition } from './project.commands.js';
import { WithdrawProjectDto } from './project.dto.js';
import { ProjectView } from './project.view.js';

@ApiTags('projects')
@ApiBearerAuth()
@ApiProblems(400, 401, 403, 404, 409)
@ApiIfMatch()
@ApiIdempotencyKey()
@Controller('api/v1/projects/:id')
export class ProjectLifecycleController {
  constructor(private readonly lifecycle: ProjectLifecycleService) {}

  @Post('submit')
  @HttpCode(200)
  @ApiOperation({ summary: 'Submit a complete draft to its poles; emits project.submitted with the full snapshot' })
  @ApiOkResponse({ type: ProjectView, headers: ETAG_HEADER })
  @ApiProblems(422)
  submit(@Param('id', new ParseUUIDPipe()) id: string, @Headers('if-match') ifMatch: string | undefined, @Ctx() ctx: RequestCtx, @Res({ passthrough: true }) res: Response): Promise<ProjectView> {
    return this.run(id, ifMatch, { type: 'submit' }, ctx, res);
  }

  @Post('resubmit')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resubmit after a revision request; emits project.resubmitted with the full snapshot' })
  @ApiOkResponse({ type: ProjectView, headers: ETAG_HEADER })
  @ApiProblems(422)
  resubmit(@Param('id', new ParseUUIDPipe()) id: string, @Headers('if-match') ifMatch: string | undefined, @Ctx() ctx: RequestCtx, @Res({ passthrough: true }) res: Response): Promise<ProjectView> {
    return this.run(id, ifMatch, { type: 'resubmit' }, ctx, res);
  }

  @Post('withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw the project (terminal); emits project.withdrawn' })
  @ApiOkResponse({ type: ProjectView, headers: ETAG_HEADER })
  withdraw(
    @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: WithdrawProjectDto, @Headers('if-match') ifMatch: string | undefined,
    @Ctx() ctx: RequestCtx, @Res({ passthrough: true }) res: Response,
  ): Promise<ProjectView> {
    return this.run(id, ifMatch, dto.reason === undefined ? { type: 'withdraw' } : { type: 'withdraw', reason: dto.reason }, ctx, res);
  }

  private async run(projectId: string, ifMatch: string | undefined, transition: Transition, ctx: RequestCtx, res: Response): Promise<ProjectView> {
    const view = await this.lifecycle.transition({ projectId, ifMatch, transition }, ctx);
    res.setHeader('ETag', etagOf(view.version));
    return view;
  }
}
