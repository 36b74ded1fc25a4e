import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse,
  ApiOperation, ApiQuery, ApiTags,
} from '@nestjs/swagger';
import { Ctx, principalOf, ProblemDoc, type RequestCtx } from '@poleflow/http';
import { AddMemberDto } from '../affiliations/affiliation.dto.js';
import { DecideJoinRequestDto, JoinRequestDto, JoinRequestQuery, JoinRequestView, OrganisationLookupView, SetMemberRoleDto } from './membership.dto.js';
import { MembershipsService } from './memberships.service.js';
import { MemberView } from './organisation.dto.js';

const uuid = () => new ParseUUIDPipe();

/** Joining an organisation, its members and their roles. Registered before OrganisationsController (`lookup` before `:id`). */
@ApiTags('organisations')
@ApiBearerAuth()
@Controller()
export class MembershipsController {
  constructor(private readonly memberships: MembershipsService) {}

  @Get('api/v1/organisations/lookup')
  @ApiOperation({ summary: 'Find a registered organisation by SIREN (anyone signed in), to ask to join it' })
  @ApiQuery({ name: 'siren', example: '732 829 320' })
  @ApiOkResponse({ type: OrganisationLookupView })
  @ApiBadRequestResponse({ type: ProblemDoc, description: 'INVALID_SIREN' })
  @ApiNotFoundResponse({ type: ProblemDoc, description: 'ORGANISATION_NOT_FOUND: register it instead' })
  lookup(@Query('siren') siren: string | undefined, @Ctx() ctx: RequestCtx): Promise<OrganisationLookupView> {
    return this.memberships.lookup(siren ?? '', principalOf(ctx));
  }

  @Post('api/v1/organisations/join-requests')
  @ApiOperation({ summary: 'Ask to join the organisation with this SIREN; its admins approve or refuse' })
  @ApiCreatedResponse({ type: JoinRequestView })
  @ApiConflictResponse({ type: ProblemDoc, description: 'ALREADY_MEMBER, JOIN_REQUEST_PENDING' })
  requestToJoin(@Body() dto: JoinRequestDto, @Ctx() ctx: RequestCtx): Promise<JoinRequestView> {
    return this.memberships.requestToJoin(dto.siren, dto.message, principalOf(ctx));
  }

  @Get('api/v1/me/join-requests')
  @ApiOperation({ summary: "The caller's requests to join organisations, newest first" })
  @ApiOkResponse({ type: JoinRequestView, isArray: true })
  mine(@Ctx() ctx: RequestCtx): Promise<JoinRequestView[]> {
    return this.memberships.mine(principalOf(ctx));
  }

  @Post('api/v1/me/join-requests/:requestId/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw one of the caller’s pending requests' })
  @ApiOkResponse({ type: JoinRequestView })
  @ApiConflictResponse({ type: ProblemDoc, description: 'JOIN_REQUEST_DECIDED' })
  cancel(@Param('requestId', uuid()) requestId: string, @Ctx() ctx: RequestCtx): Promise<JoinRequestView> {
    return this.memberships.cancel(requestId, principalOf(ctx));
  }

  @Get('api/v1/organisations/:id/join-requests')
  @ApiOperation({ summary: "The organisation's join requests (its admins), pending by default, oldest first" })
  @ApiOkResponse({ type: JoinRequestView, isArray: true })
  @ApiForbiddenResponse({ type: ProblemDoc, description: 'NOT_ORGANISATION_ADMIN' })
  requests(@Param('id', uuid()) id: string, @Query() q: JoinRequestQuery, @Ctx() ctx: RequestCtx): Promise<JoinRequestView[]> {
    return this.memberships.requests(id, q.status, principalOf(ctx));
  }

  @Post('api/v1/organisations/:id/join-requests/:requestId/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve: the requester becomes a member (and the establishment it carried is added); emits affiliation.changed' })
  @ApiOkResponse({ type: JoinRequestView })
  @ApiConflictResponse({ type: ProblemDoc, description: 'JOIN_REQUEST_DECIDED' })
  approve(@Param('id', uuid()) id: string, @Param('requestId', uuid()) requestId: string, @Ctx() ctx: RequestCtx): Promise<JoinRequestView> {
    return this.memberships.decide(id, requestId, true, undefined, principalOf(ctx), ctx);
  }

  @Post('api/v1/organisations/:id/join-requests/:requestId/refuse')
  @HttpCode(200)
  @ApiOperation({ summary: 'Refuse, with an optional reason shown to the requester' })
  @ApiOkResponse({ type: JoinRequestView })
  @ApiConflictResponse({ type: ProblemDoc, description: 'JOIN_REQUEST_DECIDED' })
  refuse(@Param('id', uuid()) id: string, @Param('requestId', uuid()) requestId: string, @Body() dto: DecideJoinRequestDto, @Ctx() ctx: RequestCtx): Promise<JoinRequestView> {
    return this.memberships.decide(id, requestId, false, dto.reason, principalOf(ctx), ctx);
  }

  @Get('api/v1/organisations/:id/members')
  @ApiOperation({ summary: 'Members with their role (members and admins)' })
  @ApiOkResponse({ type: MemberView, isArray: true })
  members(@Param('id', uuid()) id: string, @Ctx() ctx: RequestCtx): Promise<MemberView[]> {
    return this.memberships.members(id, principalOf(ctx));
  }

  @Post('api/v1/organisations/:id/members')
  @ApiOperation({ summary: "Add an existing account as member (the organisation's admins); emits affiliation.changed" })
  @ApiCreatedResponse({ type: MemberView })
  @ApiNotFoundResponse({ type: ProblemDoc, description: 'ORGANISATION_NOT_FOUND or ACCOUNT_NOT_FOUND' })
  @ApiConflictResponse({ type: ProblemDoc, description: 'ALREADY_MEMBER' })
  addMember(@Param('id', uuid()) id: string, @Body() dto: AddMemberDto, @Ctx() ctx: RequestCtx): Promise<MemberView> {
    return this.memberships.addMember(id, dto.email, principalOf(ctx), ctx);
  }

  @Delete('api/v1/organisations/:id/members/me')
  @HttpCode(204)
  @ApiOperation({ summary: 'Leave the organisation' })
  @ApiNoContentResponse()
  @ApiConflictResponse({ type: ProblemDoc, description: 'LAST_ADMIN' })
  async leave(@Param('id', uuid()) id: string, @Ctx() ctx: RequestCtx): Promise<void> {
    await this.memberships.leave(id, principalOf(ctx), ctx);
  }

  @Delete('api/v1/organisations/:id/members/:accountId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a member (the organisation’s admins)' })
  @ApiNoContentResponse()
  @ApiConflictResponse({ type: ProblemDoc, description: 'LAST_ADMIN' })
  async remove(@Param('id', uuid()) id: string, @Param('accountId', uuid()) accountId: string, @Ctx() ctx: RequestCtx): Promise<void> {
    await this.memberships.removeMember(id, accountId, principalOf(ctx), ctx);
  }

  @Put('api/v1/organisations/:id/members/:accountId/role')
  @ApiOperation({ summary: 'Make a member admin, or an admin a member again (the organisation’s admins)' })
  @ApiOkResponse({ type: MemberView })
  @ApiConflictResponse({ type: ProblemDoc, description: 'LAST_ADMIN' })
  setRole(@Param('id', uuid()) id: string, @Param('accountId', uuid()) accountId: string, @Body() dto: SetMemberRoleDto, @Ctx() ctx: RequestCtx): Promise<MemberView> {
    return this.memberships.setRole(id, accountId, dto.role, principalOf(ctx), ctx);
  }
}
