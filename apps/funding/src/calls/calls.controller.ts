import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Public, type Principal } from '@poleflow/auth';
import { RULE_CATALOGUE } from '@poleflow/domain';
import { Ctx, etagOf, languageOf, ProblemDoc, principalOf, withLanguage, type RequestCtx } from '@poleflow/http';
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

  @Post('calls/:id/publish')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiHeader({ name: 'If-Match', required: true, description: 'the ETag last read' })
  @ApiOperation({ summary: 'Publish a draft call: from then on it is public and, between its dates, open to applications (funder officer)' })
  @ApiOkResponse({ type: CallView, headers: { ETag: { description: 'W/"<version>"' } } })
  @ApiResponse({ status: 403, type: ProblemDoc, description: 'NOT_A_FUNDER_OFFICER' })
  @ApiResponse({ status: 404, type: ProblemDoc, description: 'CALL_NOT_FOUND (also another funder\'s draft)' })
  @ApiResponse({ status: 409, type: ProblemDoc, description: 'CALL_ALREADY_PUBLISHED, CALL_CLOSED (its closing date is past)' })
  @ApiResponse({ status: 412, type: ProblemDoc, description: 'STALE_VERSION' })
  @ApiResponse({ status: 428, type: ProblemDoc, description: 'PRECONDITION_REQUIRED' })
  async publish(
    @Param('id', new ParseUUIDPipe()) id: string, @Headers('if-match') ifMatch: string | undefined, @CurrentUser() user: Principal, @Res({ passthrough: true }) res: Response,
  ): Promise<CallView> {
    const view = await this.calls.publish(id, ifMatch, user);
    res.setHeader('ETag', etagOf(view.version));
    return view;
  }

  @Post('calls/:id/close')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiHeader({ name: 'If-Match', required: true, description: 'the ETag last read' })
  @ApiOperation({ summary: 'Close a published call now, before its closing date: new applications are refused, those made stay (funder officer)' })
  @ApiOkResponse({ type: CallView, headers: { ETag: { description: 'W/"<version>"' } } })
  @ApiResponse({ status: 403, type: ProblemDoc, description: 'NOT_A_FUNDER_OFFICER' })
  @ApiResponse({ status: 404, type: ProblemDoc, description: 'CALL_NOT_FOUND' })
  @ApiResponse({ status: 409, type: ProblemDoc, description: 'CALL_NOT_PUBLISHED, CALL_CLOSED' })
  @ApiResponse({ status: 412, type: ProblemDoc, description: 'STALE_VERSION' })
  @ApiResponse({ status: 428, type: ProblemDoc, description: 'PRECONDITION_REQUIRED' })
  async close(
    @Param('id', new ParseUUIDPipe()) id: string, @Headers('if-match') ifMatch: string | undefined, @CurrentUser() user: Principal, @Res({ passthrough: true }) res: Response,
  ): Promise<CallView> {
    const view = await this.calls.close(id, ifMatch, user);
    res.setHeader('ETag', etagOf(view.version));
    return view;
  }

  @Public()
  @Get('calls')
  @ApiOperation({ summary: 'Published calls, soonest closing first; filter by funder and status (upcoming, open, closed); status=draft: the drafts of the caller\'s funders (public: the web app lists open calls to anyone)' })
  @ApiOkResponse({ type: CallPage })
  list(@Query() q: CallListQuery, @CurrentUser() user: Principal | undefined): Promise<CallPage> {
    return this.calls.list(q, user);
  }

  @Public()
  @Get('calls/:id')
  @ApiOperation({ summary: 'One call: funder, dates, aid forms, eligibility rules (public; a draft only to its funder\'s officers)' })
  @ApiOkResponse({ type: CallView, headers: { ETag: { description: 'W/"<version>"' } } })
  @ApiResponse({ status: 404, type: ProblemDoc, description: 'CALL_NOT_FOUND (also a draft of another funder)' })
  async get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: Principal | undefined, @Res({ passthrough: true }) res: Response): Promise<CallView> {
    const view = await this.calls.get(id, user);
    res.setHeader('ETag', etagOf(view.version));
    return view;
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
