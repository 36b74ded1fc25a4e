import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, type Principal } from '@poleflow/auth';
import { Ctx, type RequestCtx } from '@poleflow/http';
import { ApiIdempotencyKey, ApiProblems } from './api-docs.js';
import {
  CloseRequestDto, ContactDto, ContactListView, ContactView, MatchQuery, MessageDto, MessageView, PartnerRequestDto, PartnerRequestListQuery,
  PartnerRequestListView, PartnerRequestView, ProfileDto, ProfileListQuery, ProfileListView, ProfileView, SuggestionListView,
} from './matchmaking.dto.js';
import { MatchmakingService } from './matchmaking.service.js';

@ApiTags('network: matchmaking')
@ApiBearerAuth()
@ApiProblems(400, 401)
@Controller('api/v1/profiles')
export class ProfilesController {
  constructor(private readonly svc: MatchmakingService) {}

  @Get()
  @ApiOperation({ summary: 'Organisation profiles (what they do, equipment, partners sought), by French full-text relevance with `q`; every signed-in user' })
  @ApiOkResponse({ type: ProfileListView })
  async list(@Query() q: ProfileListQuery, @CurrentUser() user: Principal): Promise<ProfileListView> {
    return { items: await this.svc.profiles(q, user) };
  }

  @Get(':organisationId')
  @ApiOperation({ summary: "An organisation's profile (empty, `exists: false`, until its members write it); every signed-in user" })
  @ApiOkResponse({ type: ProfileView })
  @ApiProblems(404)
  get(@Param('organisationId', new ParseUUIDPipe()) id: string, @CurrentUser() user: Principal): Promise<ProfileView> {
    return this.svc.profile(id, user);
  }

  @Put(':organisationId')
  @ApiOperation({ summary: "Write the organisation's profile; its members only" })
  @ApiOkResponse({ type: ProfileView })
  @ApiIdempotencyKey()
  @ApiProblems(403, 404)
  put(@Param('organisationId', new ParseUUIDPipe()) id: string, @Body() dto: ProfileDto, @Ctx() ctx: RequestCtx): Promise<ProfileView> {
    return this.svc.saveProfile(id, dto, ctx);
  }
}

@ApiTags('network: matchmaking')
@ApiBearerAuth()
@ApiProblems(400, 401)
@Controller('api/v1/partner-requests')
export class PartnerRequestsController {
  constructor(private readonly svc: MatchmakingService) {}

  @Post()
  @ApiOperation({ summary: '"Partner wanted": a member organisation posts a request through one of its poles, for that pole\'s members or every pole\'s' })
  @ApiCreatedResponse({ type: PartnerRequestView, headers: { Location: { description: 'URL of the request', schema: { type: 'string' } } } })
  @ApiIdempotencyKey()
  @ApiProblems(403, 404, 422)
  async create(@Body() dto: PartnerRequestDto, @Ctx() ctx: RequestCtx, @Res({ passthrough: true }) res: Response): Promise<PartnerRequestView> {
    const view = await this.svc.createRequest(dto, ctx);
    res.setHeader('Location', `/api/v1/partner-requests/${view.id}`);
    return view;
  }

  @Get()
  @ApiOperation({ summary: "Requests the caller may read (its organisations', its poles' members and staff, every pole's when so posted), newest first" })
  @ApiOkResponse({ type: PartnerRequestListView })
  async list(@Query() q: PartnerRequestListQuery, @CurrentUser() user: Principal): Promise<PartnerRequestListView> {
    return { items: await this.svc.requests(user, q.status ?? 'open', q.mine === 'true') };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A request (whoever may read it)' })
  @ApiOkResponse({ type: PartnerRequestView })
  @ApiProblems(404)
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: Principal): Promise<PartnerRequestView> {
    return this.svc.request(id, user);
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({ summary: "Close a request, partner found (named) or given up; the author's members" })
  @ApiOkResponse({ type: PartnerRequestView })
  @ApiIdempotencyKey()
  @ApiProblems(403, 404, 409)
  close(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: CloseRequestDto, @Ctx() ctx: RequestCtx): Promise<PartnerRequestView> {
    return this.svc.closeRequest(id, dto, ctx);
  }

  @Get(':id/matches')
  @ApiOperation({ summary: "Suggested partners for a request, ranked, each with its reasons (FR/EN); the author's members and the pole's staff" })
  @ApiOkResponse({ type: SuggestionListView })
  @ApiProblems(403, 404)
  matches(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: Principal): Promise<SuggestionListView> {
    return this.svc.matchesForRequest(id, user);
  }
}

@ApiTags('network: matchmaking')
@ApiBearerAuth()
@ApiProblems(400, 401)
@Controller('api/v1/matches')
export class MatchesController {
  constructor(private readonly svc: MatchmakingService) {}

  @Get()
  @ApiOperation({ summary: "Suggested partners for a project (a draft, typically), favouring what its consortium lacks; the consortium's members" })
  @ApiOkResponse({ type: SuggestionListView })
  @ApiProblems(404)
  forProject(@Query() q: MatchQuery, @CurrentUser() user: Principal): Promise<SuggestionListView> {
    return this.svc.matchesForProject(q.projectId, user);
  }
}

@ApiTags('network: matchmaking')
@ApiBearerAuth()
@ApiProblems(400, 401)
@Controller('api/v1/contacts')
export class ContactsController {
  constructor(private readonly svc: MatchmakingService) {}

  @Post()
  @ApiOperation({ summary: "Ask to get in touch with an organisation; its members are notified in the application and by e-mail. Emits network.contact_requested" })
  @ApiCreatedResponse({ type: ContactView, headers: { Location: { description: 'URL of the contact', schema: { type: 'string' } } } })
  @ApiIdempotencyKey()
  @ApiProblems(403, 404, 409, 422)
  async create(@Body() dto: ContactDto, @Ctx() ctx: RequestCtx, @Res({ passthrough: true }) res: Response): Promise<ContactView> {
    const view = await this.svc.createContact(dto, ctx);
    res.setHeader('Location', `/api/v1/contacts/${view.id}`);
    return view;
  }

  @Get()
  @ApiOperation({ summary: "Contacts sent or received by the caller's organisations, latest activity first" })
  @ApiOkResponse({ type: ContactListView })
  async list(@CurrentUser() user: Principal): Promise<ContactListView> {
    return { items: await this.svc.contacts(user) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A contact with its messages (members of either organisation)' })
  @ApiOkResponse({ type: ContactView })
  @ApiProblems(404)
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: Principal): Promise<ContactView> {
    return this.svc.contact(id, user);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept; messages open. The contacted organisation\'s members. Emits network.contact_answered' })
  @ApiOkResponse({ type: ContactView })
  @ApiIdempotencyKey()
  @ApiProblems(403, 404, 409)
  accept(@Param('id', new ParseUUIDPipe()) id: string, @Ctx() ctx: RequestCtx): Promise<ContactView> {
    return this.svc.answerContact(id, true, ctx);
  }

  @Post(':id/decline')
  @HttpCode(200)
  @ApiOperation({ summary: "Decline. The contacted organisation's members. Emits network.contact_answered" })
  @ApiOkResponse({ type: ContactView })
  @ApiIdempotencyKey()
  @ApiProblems(403, 404, 409)
  decline(@Param('id', new ParseUUIDPipe()) id: string, @Ctx() ctx: RequestCtx): Promise<ContactView> {
    return this.svc.answerContact(id, false, ctx);
  }

  @Post(':id/messages')
  @ApiOperation({ summary: 'Post a message once the contact is accepted (members of either organisation). Emits network.contact_message_posted' })
  @ApiCreatedResponse({ type: MessageView })
  @ApiIdempotencyKey()
  @ApiProblems(403, 404, 409)
  message(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: MessageDto, @Ctx() ctx: RequestCtx): Promise<MessageView> {
    return this.svc.postMessage(id, dto.body, ctx);
  }
}

export const MATCHMAKING_CONTROLLERS = [ProfilesController, PartnerRequestsController, MatchesController, ContactsController];
