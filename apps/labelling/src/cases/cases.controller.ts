import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, type Principal } from '@poleflow/auth';
import { Ctx, etagOf, type RequestCtx } from '@poleflow/http';
import { AssignmentService } from '../reviews/assignment.service.js';
import { ApiIdempotencyKey, ApiIfMatch, ApiProblems, ETAG_HEADER } from './api-docs.js';
import { CaseCommandService } from './case-commands.service.js';
import { CaseQueryService } from './case-queries.service.js';
import { AdmissibilityDto, AssignReviewerDto, CaseListQuery, DecisionDto } from './case.dto.js';
import { AssignmentView, CandidateView, CasePage, CaseView } from './case.view.js';

@ApiTags('labelling cases')
@ApiBearerAuth()
@ApiProblems(400, 401, 404)
@Controller('api/v1/cases')
export class CasesController {
  constructor(private readonly queries: CaseQueryService, private readonly commands: CaseCommandService, private readonly assignments: AssignmentService) {}

  @Get()
  @ApiOperation({ summary: 'Cases the caller may see, newest first: their poles\' cases (managers), the cases they review, their consortia\'s cases' })
  @ApiOkResponse({ type: CasePage })
  list(@Query() q: CaseListQuery, @CurrentUser() user: Principal): Promise<CasePage> {
    return this.queries.list(q, user);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One case, cut for its viewer: pole staff see everything, a reviewer their own assignment, the consortium the decisions' })
  @ApiOkResponse({ type: CaseView, headers: ETAG_HEADER })
  async get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: Principal, @Res({ passthrough: true }) res: Response): Promise<CaseView> {
    return this.tagged(res, await this.queries.get(id, user));
  }

  @Post(':id/admissibility')
  @HttpCode(200)
  @ApiIfMatch()
  @ApiIdempotencyKey()
  @ApiProblems(403, 409, 422)
  @ApiOperation({ summary: 'Declare the case admissible (to review) or inadmissible (closes it; emits label.refused) — pole manager' })
  @ApiOkResponse({ type: CaseView, headers: ETAG_HEADER })
  async admissibility(
    @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: AdmissibilityDto, @Headers('if-match') ifMatch: string | undefined,
    @Ctx() ctx: RequestCtx, @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    return this.tagged(res, await this.commands.admissibility(id, ifMatch, dto, ctx));
  }

  @Get(':id/reviewer-candidates')
  @ApiOperation({ summary: 'The pole\'s active reviewers as candidates for the current round: workload, expertise, conflicts of interest with this consortium and their reason, before assigning — pole manager (others: 404)' })
  @ApiOkResponse({ type: [CandidateView] })
  candidates(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: Principal): Promise<CandidateView[]> {
    return this.assignments.candidates(id, user);
  }

  @Post(':id/assignments')
  @ApiIfMatch(false)
  @ApiIdempotencyKey()
  @ApiProblems(403, 409, 422)
  @ApiOperation({ summary: 'Assign a reviewer of the pole\'s pool, with a due date; 409 CONFLICT_OF_INTEREST when they work for a partner — pole manager' })
  @ApiCreatedResponse({ type: AssignmentView })
  assign(
    @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: AssignReviewerDto, @Headers('if-match') ifMatch: string | undefined, @Ctx() ctx: RequestCtx,
  ): Promise<AssignmentView> {
    return this.assignments.assign(id, ifMatch, dto, ctx);
  }

  @Post(':id/decision')
  @HttpCode(200)
  @ApiIfMatch()
  @ApiIdempotencyKey()
  @ApiProblems(403, 409, 422)
  @ApiOperation({ summary: 'Record the committee decision once the quorum of reviews is in: labelled (a numbered label), not_labelled, revision_requested or support_letter — pole manager' })
  @ApiOkResponse({ type: CaseView, headers: ETAG_HEADER })
  async decide(
    @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: DecisionDto, @Headers('if-match') ifMatch: string | undefined,
    @Ctx() ctx: RequestCtx, @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    return this.tagged(res, await this.commands.decide(id, ifMatch, dto, ctx));
  }

  private tagged(res: Response, view: CaseView): CaseView {
    res.setHeader('ETag', etagOf(view.version));
    return view;
  }
}
