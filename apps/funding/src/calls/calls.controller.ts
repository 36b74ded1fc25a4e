import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Public, type Principal } from '@poleflow/auth';
import { RULE_CATALOGUE } from '@poleflow/domain';
import { Ctx, languageOf, ProblemDoc, principalOf, withLanguage, type RequestCtx } from '@poleflow/http';
import { ApplyDto, ApplicationView } from '../applications/application.dto.js';
import { ApplicationsService } from '../applications/applications.service.js';
import { CallListQuery, CallPage, CallView, CreateCallDto, RuleCatalogueEntry } from './call.dto.js';
import { CallsService } from './calls.service.js';
import { EligibilityPreview, EligibilityPreviewQuery } from './eligibility-preview.dto.js';
import { EligibilityPreviewService } from './eligibility-preview.service.js';

@ApiTags('funding calls')
@Controller('api/v1')
export class CallsController {
  constructor(private readonly calls: CallsService, private readonly applications: ApplicationsService, private readonly previews: EligibilityPreviewService) {}

  @Public()
  @Get('eligibility-rules')
  @ApiOperation({ summary: 'The catalogue of eligibility rules a call may use, with titles and descriptions in French and English (public)' })
  @ApiOkResponse({ type: RuleCatalogueEntry, isArray: true })
  catalogue(): typeof RULE_CATALOGUE {
    return RULE_CATALOGUE;
  }

  @Post('calls')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Publish a call for the caller\'s funder: dates, cut-offs, aid forms, typed eligibility rules (funder officer)' })
  @ApiCreatedResponse({ type: CallView })
  @ApiResponse({ status: 400, type: ProblemDoc, description: 'VALIDATION_FAILED (rules[i].… names the failing rule field)' })
  @ApiResponse({ status: 403, type: ProblemDoc, description: 'NOT_A_FUNDER_OFFICER' })
  create(@Body() dto: CreateCallDto, @Ctx() ctx: RequestCtx): Promise<CallView> {
    return this.calls.create(dto, principalOf(ctx));
  }

  @Public()
  @Get('calls')
  @ApiOperation({ summary: 'Calls, soonest closing first; filter by funder and status (upcoming, open, closed) (public: the web app lists open calls to anyone)' })
  @ApiOkResponse({ type: CallPage })
  list(@Query() q: CallListQuery): Promise<CallPage> {
    return this.calls.list(q);
  }

  @Public()
  @Get('calls/:id')
  @ApiOperation({ summary: 'One call: funder, dates, aid forms, eligibility rules (public)' })
  @ApiOkResponse({ type: CallView })
  @ApiResponse({ status: 404, type: ProblemDoc, description: 'CALL_NOT_FOUND' })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<CallView> {
    return this.calls.get(id);
  }

  @Post('calls/:id/applications')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Apply a submitted project to an open call (coordinator); emits funding.requested, then the assessment follows asynchronously' })
  @ApiCreatedResponse({ type: ApplicationView })
  @ApiResponse({ status: 403, type: ProblemDoc, description: 'NOT_COORDINATOR' })
  @ApiResponse({ status: 404, type: ProblemDoc, description: 'CALL_NOT_FOUND, PROJECT_NOT_FOUND' })
  @ApiResponse({ status: 409, type: ProblemDoc, description: 'CALL_CLOSED, CALL_NOT_OPEN (with the date), ALREADY_APPLIED, PROJECT_WITHDRAWN' })
  apply(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: ApplyDto, @Ctx() ctx: RequestCtx): Promise<ApplicationView> {
    return this.applications.apply(id, dto.projectId, ctx);
  }

  @Get('calls/:id/eligibility-preview')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Would this project pass the call\'s rules? The assessment\'s engine on funding\'s latest snapshot of the submitted project and its labels, without applying (consortium, admin)',
    description: 'Reads only: no application, no event. Every rule with `passed` and `reason: {fr, en}`, plus `reasonText` in the language of `Accept-Language` (French by default); the per-partner GBER ceilings under the call\'s rates. A draft (never submitted) is unknown to funding: 404 PROJECT_NOT_FOUND, as for another consortium\'s project.',
  })
  @ApiHeader({ name: 'Accept-Language', required: false, description: 'fr (default) or en: the language of `reasonText`' })
  @ApiOkResponse({ type: EligibilityPreview, headers: { 'Content-Language': { description: 'fr or en' } } })
  @ApiResponse({ status: 404, type: ProblemDoc, description: 'CALL_NOT_FOUND; PROJECT_NOT_FOUND (not submitted yet, or the caller is not in its consortium)' })
  async preview(
    @Param('id', new ParseUUIDPipe()) id: string, @Query() q: EligibilityPreviewQuery, @Headers('accept-language') acceptLanguage: string | undefined,
    @CurrentUser() user: Principal, @Res({ passthrough: true }) res: Response,
  ): Promise<EligibilityPreview> {
    const view = await this.previews.preview(id, q.projectId, user);
    const lang = languageOf(acceptLanguage);
    res.setHeader('Content-Language', lang);
    return withLanguage(view, lang) as EligibilityPreview;
  }
}
