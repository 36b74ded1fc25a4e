import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, type Principal } from '@poleflow/auth';
import { Ctx, type RequestCtx } from '@poleflow/http';
import { ApiIdempotencyKey, ApiProblems } from '../projects/api-docs.js';
import { AcceptInvitationDto, DeclineInvitationDto, InvitationListQuery, InvitationListView, InvitationView, InviteDto } from './invitation.dto.js';
import { InvitationsService } from './invitations.service.js';

@ApiTags('consortium')
@ApiBearerAuth()
@ApiProblems(400, 401)
@Controller('api/v1/projects/:id/invitations')
export class ProjectInvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post()
  @ApiOperation({ summary: 'Invite an organisation (by id) or a person (by e-mail) to join the consortium; coordinator members only. Emits partner.invited' })
  @ApiCreatedResponse({ type: InvitationView, headers: { Location: { description: 'URL of the invitation', schema: { type: 'string' } } } })
  @ApiIdempotencyKey()
  @ApiProblems(403, 404, 409, 422)
  async invite(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: InviteDto, @Ctx() ctx: RequestCtx, @Res({ passthrough: true }) res: Response): Promise<InvitationView> {
    const view = await this.invitations.invite({ projectId: id, organisationId: dto.organisationId, email: dto.email, message: dto.message }, ctx);
    res.setHeader('Location', `/api/v1/invitations/${view.id}`);
    return view;
  }

  @Get()
  @ApiOperation({ summary: "The project's invitations, newest first (whoever may see the project)" })
  @ApiOkResponse({ type: InvitationListView })
  @ApiProblems(404)
  async list(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: Principal): Promise<InvitationListView> {
    return { items: await this.invitations.forProject(id, user) };
  }
}

@ApiTags('consortium')
@ApiBearerAuth()
@ApiProblems(400, 401)
@Controller('api/v1/invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Get()
  @ApiOperation({ summary: "Invitations addressed to the caller's organisations or e-mail address (default: pending), with each project's summary" })
  @ApiOkResponse({ type: InvitationListView })
  async mine(@Query() q: InvitationListQuery, @CurrentUser() user: Principal): Promise<InvitationListView> {
    return { items: await this.invitations.mine(q.status ?? 'pending', user) };
  }

  @Get(':invitationId')
  @ApiOperation({ summary: 'An invitation (the invitee, and whoever may see the project)' })
  @ApiOkResponse({ type: InvitationView })
  @ApiProblems(404)
  get(@Param('invitationId', new ParseUUIDPipe()) id: string, @CurrentUser() user: Principal): Promise<InvitationView> {
    return this.invitations.get(id, user);
  }

  @Post(':invitationId/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept: the organisation joins the consortium (an invitation by e-mail needs `organisationId`). Emits partner.accepted' })
  @ApiOkResponse({ type: InvitationView })
  @ApiIdempotencyKey()
  @ApiProblems(403, 404, 409, 422)
  accept(@Param('invitationId', new ParseUUIDPipe()) id: string, @Body() dto: AcceptInvitationDto, @Ctx() ctx: RequestCtx): Promise<InvitationView> {
    return this.invitations.accept(id, dto.organisationId, ctx);
  }

  @Post(':invitationId/decline')
  @HttpCode(200)
  @ApiOperation({ summary: 'Decline, with an optional reason. Emits partner.declined' })
  @ApiOkResponse({ type: InvitationView })
  @ApiIdempotencyKey()
  @ApiProblems(403, 404, 409)
  decline(@Param('invitationId', new ParseUUIDPipe()) id: string, @Body() dto: DeclineInvitationDto, @Ctx() ctx: RequestCtx): Promise<InvitationView> {
    return this.invitations.decline(id, dto.reason, ctx);
  }

  @Post(':invitationId/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw a pending invitation; coordinator members only. Emits partner.invitation_withdrawn' })
  @ApiOkResponse({ type: InvitationView })
  @ApiIdempotencyKey()
  @ApiProblems(403, 404, 409)
  withdraw(@Param('invitationId', new ParseUUIDPipe()) id: string, @Ctx() ctx: RequestCtx): Promise<InvitationView> {
    return this.invitations.withdraw(id, ctx);
  }
}
