import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@poleflow/auth';
import { RULE_CATALOGUE } from '@poleflow/domain';
import { Ctx, ProblemDoc, principalOf, type RequestCtx } from '@poleflow/http';
import { ApplyDto, ApplicationView } from '../applications/application.dto.js';
import { ApplicationsService } from '../applications/applications.service.js';
import { CallListQuery, CallPage, CallView, CreateCallDto, RuleCatalogueEntry } from './call.dto.js';
import { CallsService } from './calls.service.js';

@ApiTags('funding calls')
@Controller('api/v1')
export class CallsController {
  constructor(private readonly calls: CallsService, private readonly applications: ApplicationsService) {}

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

  @Get('calls')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Calls, soonest closing first; filter by funder and status (upcoming, open, closed)' })
  @ApiOkResponse({ type: CallPage })
  list(@Query() q: CallListQuery): Promise<CallPage> {
    return this.calls.list(q);
  }

  @Get('calls/:id')
  @ApiBearerAuth()
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
}
