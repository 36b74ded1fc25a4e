import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, type Principal } from '@poleflow/auth';
import { Ctx, etagOf, languageOf, ProblemDoc, withLanguage, type RequestCtx } from '@poleflow/http';
import { ApplicationListQuery, ApplicationPage, ApplicationView, DecisionDto } from './application.dto.js';
import { ApplicationsService } from './applications.service.js';

@ApiTags('funding applications')
@ApiBearerAuth()
@ApiResponse({ status: 404, type: ProblemDoc, description: 'APPLICATION_NOT_FOUND (also when the caller may not see it)' })
@Controller('api/v1/applications')
export class ApplicationsController {
  constructor(private readonly applications: ApplicationsService) {}

  @Get()
  @ApiOperation({ summary: 'Applications the caller may see: to their funder\'s calls (officers), of their consortia' })
  @ApiOkResponse({ type: ApplicationPage })
  list(@Query() q: ApplicationListQuery, @CurrentUser() user: Principal): Promise<ApplicationPage> {
    return this.applications.list(q, user);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'An application with its assessment: every rule\'s outcome and reason (fr/en), per-partner GBER ceilings, the decision',
    description: 'Every bilingual text `x: {fr, en}` of the assessment also comes as `xText` in the language of `Accept-Language` (French by default, or English), e.g. `rules[].reasonText`; `Content-Language` says which.',
  })
  @ApiHeader({ name: 'Accept-Language', required: false, description: 'fr (default) or en: the language of the `…Text` fields' })
  @ApiOkResponse({ type: ApplicationView, headers: { ETag: { description: 'W/"<version>"' }, 'Content-Language': { description: 'fr or en' } } })
  async get(
    @Param('id', new ParseUUIDPipe()) id: string, @Headers('accept-language') acceptLanguage: string | undefined,
    @CurrentUser() user: Principal, @Res({ passthrough: true }) res: Response,
  ): Promise<ApplicationView> {
    const view = await this.applications.get(id, user);
    const lang = languageOf(acceptLanguage);
    res.setHeader('ETag', etagOf(view.version));
    res.setHeader('Content-Language', lang);
    return withLanguage(view, lang);
  }

  @Post(':id/decision')
  @HttpCode(200)
  @ApiHeader({ name: 'If-Match', required: true, description: 'the ETag last read' })
  @ApiOperation({ summary: 'Grant (amount and aid form per partner within its ceiling, tranches tied to milestones adding up to 100 %) or refuse with a motivation (funder officer)' })
  @ApiOkResponse({ type: ApplicationView })
  @ApiResponse({ status: 403, type: ProblemDoc, description: 'NOT_A_FUNDER_OFFICER' })
  @ApiResponse({ status: 409, type: ProblemDoc, description: 'ALREADY_DECIDED, NOT_ELIGIBLE' })
  @ApiResponse({ status: 412, type: ProblemDoc, description: 'STALE_VERSION' })
  @ApiResponse({ status: 422, type: ProblemDoc, description: 'AID_ABOVE_CEILING (names the partner and the ceiling), AID_FORM_NOT_OFFERED, TRANCHES_MUST_TOTAL_100, NOT_A_PARTNER, GRANT_INCOMPLETE' })
  @ApiResponse({ status: 428, type: ProblemDoc, description: 'PRECONDITION_REQUIRED' })
  async decide(
    @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: DecisionDto, @Headers('if-match') ifMatch: string | undefined,
    @Ctx() ctx: RequestCtx, @Res({ passthrough: true }) res: Response,
  ): Promise<ApplicationView> {
    const view = await this.applications.decide(id, ifMatch, dto, ctx);
    res.setHeader('ETag', etagOf(view.version));
    return view;
  }
}
