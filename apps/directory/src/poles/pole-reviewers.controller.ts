import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam,
  ApiTags, ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Ctx, PageQuery, principalOf, ProblemDoc, type RequestCtx } from '@poleflow/http';
import { ApiConflicts, ApiIdempotencyKey } from '../common/api-docs.js';
import { AppointReviewerDto, ReviewerPage, ReviewerView } from './pole-reviewer.dto.js';
import { PoleReviewersService } from './pole-reviewers.service.js';

const NOT_MANAGED = 'POLE_NOT_FOUND: no such pole, or the caller is neither one of its managers nor an admin';

/**
 * The reviewer pool of a pole, for that pole's managers and for admins. Unlike the public pole directory
 * (PolesController), every route here needs a token; anyone else gets 404 POLE_NOT_FOUND, not 403.
 */
@ApiTags('poles')
@ApiBearerAuth()
@ApiParam({ name: 'poleId', format: 'uuid' })
@ApiUnauthorizedResponse({ type: ProblemDoc })
@Controller('api/v1/poles/:poleId/reviewers')
export class PoleReviewersController {
  constructor(private readonly reviewers: PoleReviewersService) {}

  @Get()
  @ApiOperation({ summary: "The pole's reviewers and the organisations each belongs to (managers of the pole, admins)" })
  @ApiOkResponse({ type: ReviewerPage })
  @ApiBadRequestResponse({ type: ProblemDoc, description: 'INVALID_CURSOR, VALIDATION_FAILED' })
  @ApiNotFoundResponse({ type: ProblemDoc, description: NOT_MANAGED })
  list(@Param('poleId', new ParseUUIDPipe()) poleId: string, @Query() q: PageQuery, @Ctx() ctx: RequestCtx): Promise<ReviewerPage> {
    return this.reviewers.list(poleId, q, principalOf(ctx));
  }

  @Post()
  @ApiOperation({ summary: 'Appoint an existing account as reviewer of the pole; emits affiliation.changed (added)' })
  @ApiCreatedResponse({ type: ReviewerView })
  @ApiIdempotencyKey()
  @ApiBadRequestResponse({ type: ProblemDoc, description: 'VALIDATION_FAILED' })
  @ApiNotFoundResponse({ type: ProblemDoc, description: `${NOT_MANAGED}; ACCOUNT_NOT_FOUND` })
  @ApiConflicts('AFFILIATION_EXISTS: already a reviewer of this pole')
  appoint(@Param('poleId', new ParseUUIDPipe()) poleId: string, @Body() dto: AppointReviewerDto, @Ctx() ctx: RequestCtx): Promise<ReviewerView> {
    return this.reviewers.appoint(poleId, dto.email, principalOf(ctx), ctx);
  }

  @Delete(':accountId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a reviewer from the pole; emits affiliation.changed (removed). The account loses the role at its next token' })
  @ApiNoContentResponse()
  @ApiIdempotencyKey()
  @ApiNotFoundResponse({ type: ProblemDoc, description: `${NOT_MANAGED}; REVIEWER_NOT_FOUND` })
  async remove(
    @Param('poleId', new ParseUUIDPipe()) poleId: string,
    @Param('accountId', new ParseUUIDPipe()) accountId: string,
    @Ctx() ctx: RequestCtx,
  ): Promise<void> {
    await this.reviewers.remove(poleId, accountId, principalOf(ctx), ctx);
  }
}
