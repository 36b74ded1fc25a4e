import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, type Principal } from '@poleflow/auth';
import { Ctx, etagOf, ProblemDoc, type RequestCtx } from '@poleflow/http';
import { MilestoneListQuery, MilestoneView, ReportDto, RescheduleDto, ReviewDto } from './milestone.dto.js';
import { MilestonesService } from './milestones.service.js';

@ApiTags('milestones')
@ApiBearerAuth()
@ApiResponse({ status: 404, type: ProblemDoc, description: 'MILESTONE_NOT_FOUND (also when the caller may not see it)' })
@Controller('api/v1/milestones')
export class MilestonesController {
  constructor(private readonly milestones: MilestonesService) {}

  @Get()
  @ApiOperation({ summary: 'A project\'s milestones across all its funding plans, by due date (consortium, the funders concerned); without projectId, the milestones the caller may see (an officer\'s review queue: filter by status, escalated then overdue first, at most 500)' })
  @ApiOkResponse({ type: [MilestoneView] })
  list(@Query() q: MilestoneListQuery, @CurrentUser() user: Principal): Promise<MilestoneView[]> {
    return this.milestones.list(q, user);
  }

  @Get(':id')
  @ApiOkResponse({ type: MilestoneView, headers: { ETag: { description: 'W/"<version>"' } } })
  async get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: Principal, @Res({ passthrough: true }) res: Response): Promise<MilestoneView> {
    return tagged(res, await this.milestones.get(id, user));
  }

  @Post(':id/report')
  @HttpCode(200)
  @ApiOperation({ summary: 'Report a milestone: TRL reached, summary, costs spent; the market launch names the product, date and first customers (coordinator)' })
  @ApiOkResponse({ type: MilestoneView })
  @ApiResponse({ status: 403, type: ProblemDoc, description: 'NOT_COORDINATOR' })
  @ApiResponse({ status: 409, type: ProblemDoc, description: 'INVALID_MILESTONE_TRANSITION' })
  async report(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: ReportDto, @Ctx() ctx: RequestCtx, @Res({ passthrough: true }) res: Response): Promise<MilestoneView> {
    return tagged(res, await this.milestones.report(id, dto, ctx));
  }

  @Post(':id/review')
  @HttpCode(200)
  @ApiHeader({ name: 'If-Match', required: true })
  @ApiOperation({ summary: 'Validate (releases the tranche; the market launch ends the journey) or reject with a comment (funder officer)' })
  @ApiOkResponse({ type: MilestoneView })
  @ApiResponse({ status: 403, type: ProblemDoc, description: 'NOT_A_FUNDER_OFFICER' })
  @ApiResponse({ status: 409, type: ProblemDoc, description: 'INVALID_MILESTONE_TRANSITION' })
  async review(
    @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: ReviewDto, @Headers('if-match') ifMatch: string | undefined,
    @Ctx() ctx: RequestCtx, @Res({ passthrough: true }) res: Response,
  ): Promise<MilestoneView> {
    return tagged(res, await this.milestones.review(id, ifMatch, dto, ctx));
  }

  @Patch(':id')
  @ApiHeader({ name: 'If-Match', required: true })
  @ApiOperation({ summary: 'Move a milestone\'s due date (funder officer); its timers are re-armed' })
  @ApiOkResponse({ type: MilestoneView })
  async reschedule(
    @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: RescheduleDto, @Headers('if-match') ifMatch: string | undefined,
    @Ctx() ctx: RequestCtx, @Res({ passthrough: true }) res: Response,
  ): Promise<MilestoneView> {
    return tagged(res, await this.milestones.reschedule(id, ifMatch, dto, ctx));
  }
}

function tagged(res: Response, v: MilestoneView): MilestoneView {
  res.setHeader('ETag', etagOf(v.version));
  return v;
}
