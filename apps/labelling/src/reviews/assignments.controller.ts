import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Principal } from '@poleflow/auth';
import { Ctx, PageQuery, type Page, type RequestCtx } from '@poleflow/http';
import { ApiIdempotencyKey, ApiProblems } from '../cases/api-docs.js';
import { AssignmentPage, AssignmentView } from '../cases/case.view.js';
import { AssignmentService } from './assignment.service.js';
import { DeclareConflictDto, ReviewDraftDto } from './review.dto.js';
import { ReviewService } from './review.service.js';

@ApiTags('reviews')
@ApiBearerAuth()
@ApiProblems(400, 401, 404)
@Controller('api/v1/assignments')
export class AssignmentsController {
  constructor(private readonly assignments: AssignmentService, private readonly reviews: ReviewService) {}

  @Get()
  @ApiOperation({ summary: 'The caller\'s own review assignments, newest first' })
  @ApiOkResponse({ type: AssignmentPage })
  mine(@Query() q: PageQuery, @CurrentUser() user: Principal): Promise<Page<AssignmentView>> {
    return this.assignments.mine(user, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One assignment and its review (its reviewer, or a manager of the pole)' })
  @ApiOkResponse({ type: AssignmentView })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: Principal): Promise<AssignmentView> {
    return this.assignments.get(id, user);
  }

  @Put(':id/review')
  @ApiOperation({ summary: 'Save the review as a draft: scores 0–5 with a comment per criterion, a recommendation, a summary (its reviewer)' })
  @ApiOkResponse({ type: AssignmentView })
  @ApiProblems(409)
  saveDraft(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: ReviewDraftDto, @Ctx() ctx: RequestCtx): Promise<AssignmentView> {
    return this.reviews.saveDraft(id, dto, ctx);
  }

  @Post(':id/review/submit')
  @HttpCode(200)
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'Submit the review (complete, then never edited); the submission that reaches the quorum emits labelling.quorum_reached' })
  @ApiOkResponse({ type: AssignmentView })
  @ApiProblems(409, 422)
  submit(@Param('id', new ParseUUIDPipe()) id: string, @Ctx() ctx: RequestCtx): Promise<AssignmentView> {
    return this.reviews.submit(id, ctx);
  }

  @Post(':id/conflict')
  @HttpCode(200)
  @ApiOperation({ summary: 'Declare a conflict of interest and withdraw from the assignment (its reviewer)' })
  @ApiOkResponse({ type: AssignmentView })
  @ApiProblems(409)
  declareConflict(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: DeclareConflictDto, @Ctx() ctx: RequestCtx): Promise<AssignmentView> {
    return this.assignments.declareConflict(id, dto, ctx);
  }
}
