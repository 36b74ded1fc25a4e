import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Public, type Principal } from '@poleflow/auth';
import { Ctx, etagOf, ProblemDoc, type RequestCtx } from '@poleflow/http';
import {
  ApplyDto, DecisionDto, FeeGridDto, FeeGridView, LeaveDto, MemberCountView, MemberDirectoryView, MembershipListQuery, MembershipView,
} from './membership.dto.js';
import { MembershipsService } from './memberships.service.js';

@ApiTags('memberships')
@ApiBearerAuth()
@ApiResponse({ status: 404, type: ProblemDoc, description: 'MEMBERSHIP_NOT_FOUND (also when the caller may not see it)' })
@Controller('api/v1/memberships')
export class MembershipsController {
  constructor(private readonly memberships: MembershipsService) {}

  @Post()
  @ApiOperation({ summary: 'Apply for an organisation\'s membership of a pole (a member of the organisation); the fee class follows its kind and size' })
  @ApiResponse({ status: 201, type: MembershipView })
  @ApiResponse({ status: 403, type: ProblemDoc, description: 'NOT_ORGANISATION_MEMBER' })
  @ApiResponse({ status: 409, type: ProblemDoc, description: 'MEMBERSHIP_EXISTS' })
  async apply(@Body() dto: ApplyDto, @Ctx() ctx: RequestCtx, @Res({ passthrough: true }) res: Response): Promise<MembershipView> {
    return tagged(res, await this.memberships.apply(dto, ctx));
  }

  @Get()
  @ApiOperation({ summary: 'Memberships: of a pole (its staff: all; others: their organisations\'), of an organisation (its members), or of the caller\'s organisations' })
  @ApiOkResponse({ type: [MembershipView] })
  list(@Query() q: MembershipListQuery, @CurrentUser() user: Principal): Promise<MembershipView[]> {
    return this.memberships.list(q, user);
  }

  @Get(':id')
  @ApiOkResponse({ type: MembershipView, headers: { ETag: { description: 'W/"<version>"' } } })
  async get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: Principal, @Res({ passthrough: true }) res: Response): Promise<MembershipView> {
    return tagged(res, await this.memberships.get(id, user));
  }

  @Post(':id/decision')
  @HttpCode(200)
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOperation({ summary: 'Accept (the first year starts, its fee from the pole\'s grid) or refuse with a reason (a manager of the pole)' })
  @ApiOkResponse({ type: MembershipView })
  @ApiResponse({ status: 403, type: ProblemDoc, description: 'NOT_POLE_MANAGER' })
  @ApiResponse({ status: 409, type: ProblemDoc, description: 'INVALID_MEMBERSHIP_TRANSITION' })
  @ApiResponse({ status: 422, type: ProblemDoc, description: 'REASON_REQUIRED, INVALID_START_DATE' })
  async decide(
    @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: DecisionDto, @Headers('if-match') ifMatch: string | undefined,
    @Ctx() ctx: RequestCtx, @Res({ passthrough: true }) res: Response,
  ): Promise<MembershipView> {
    return tagged(res, await this.memberships.decide(id, ifMatch, dto, ctx));
  }

  @Post(':id/invoice')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the current year\'s fee as invoiced (a manager of the pole; no payment processing)' })
  @ApiOkResponse({ type: MembershipView })
  @ApiResponse({ status: 409, type: ProblemDoc, description: 'ALREADY_INVOICED, INVALID_MEMBERSHIP_TRANSITION' })
  async invoice(@Param('id', new ParseUUIDPipe()) id: string, @Ctx() ctx: RequestCtx, @Res({ passthrough: true }) res: Response): Promise<MembershipView> {
    return tagged(res, await this.memberships.recordFee(id, 'invoiced', ctx));
  }

  @Post(':id/payment')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the current year\'s fee as paid (a manager of the pole; invoiced at the same time if it was not)' })
  @ApiOkResponse({ type: MembershipView })
  @ApiResponse({ status: 409, type: ProblemDoc, description: 'ALREADY_PAID, INVALID_MEMBERSHIP_TRANSITION' })
  async pay(@Param('id', new ParseUUIDPipe()) id: string, @Ctx() ctx: RequestCtx, @Res({ passthrough: true }) res: Response): Promise<MembershipView> {
    return tagged(res, await this.memberships.recordFee(id, 'paid', ctx));
  }

  @Post(':id/renewal')
  @HttpCode(200)
  @ApiOperation({ summary: 'Renew for the next year at today\'s grid fee (the member or a manager of the pole); a lapsed membership restarts today' })
  @ApiOkResponse({ type: MembershipView })
  @ApiResponse({ status: 409, type: ProblemDoc, description: 'ALREADY_RENEWED, INVALID_MEMBERSHIP_TRANSITION' })
  async renew(@Param('id', new ParseUUIDPipe()) id: string, @Ctx() ctx: RequestCtx, @Res({ passthrough: true }) res: Response): Promise<MembershipView> {
    return tagged(res, await this.memberships.renew(id, ctx));
  }

  @Post(':id/leave')
  @HttpCode(200)
  @ApiOperation({ summary: 'Leave the pole, or withdraw an application (the member; a manager of the pole may also end it)' })
  @ApiOkResponse({ type: MembershipView })
  @ApiResponse({ status: 409, type: ProblemDoc, description: 'INVALID_MEMBERSHIP_TRANSITION' })
  async leave(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: LeaveDto, @Ctx() ctx: RequestCtx, @Res({ passthrough: true }) res: Response): Promise<MembershipView> {
    return tagged(res, await this.memberships.leave(id, dto, ctx));
  }
}

@ApiTags('memberships')
@Controller('api/v1')
export class PoleMembersController {
  constructor(private readonly memberships: MembershipsService) {}

  @Get('poles/:id/members')
  @Public()
  @ApiOperation({ summary: 'A pole\'s member directory: name, city, kind, size and themes for everyone; contacts only for the pole\'s members and staff' })
  @ApiOkResponse({ type: MemberDirectoryView })
  @ApiResponse({ status: 404, type: ProblemDoc, description: 'POLE_NOT_FOUND' })
  members(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: Principal | undefined): Promise<MemberDirectoryView> {
    return this.memberships.directory(id, user);
  }

  @Get('poles/:id/membership-fees')
  @Public()
  @ApiOperation({ summary: 'A pole\'s yearly membership fee grid by class (TPE, PME, ETI, GE, LAB, TRAINING) and whether labelling requires the lead partner to be a member' })
  @ApiOkResponse({ type: FeeGridView })
  @ApiResponse({ status: 404, type: ProblemDoc, description: 'POLE_NOT_FOUND' })
  async grid(@Param('id', new ParseUUIDPipe()) id: string, @Res({ passthrough: true }) res: Response): Promise<FeeGridView> {
    const v = await this.memberships.grid(id);
    res.setHeader('ETag', etagOf(v.version));
    return v;
  }

  @Put('poles/:id/membership-fees')
  @ApiBearerAuth()
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOperation({ summary: 'Edit the pole\'s fee grid and its lead-partner membership requirement (a manager of the pole); new years take the new fees' })
  @ApiOkResponse({ type: FeeGridView })
  @ApiResponse({ status: 403, type: ProblemDoc, description: 'NOT_POLE_MANAGER' })
  @ApiResponse({ status: 422, type: ProblemDoc, description: 'INVALID_FEE_GRID' })
  async setGrid(
    @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: FeeGridDto, @Headers('if-match') ifMatch: string | undefined,
    @Ctx() ctx: RequestCtx, @Res({ passthrough: true }) res: Response,
  ): Promise<FeeGridView> {
    const v = await this.memberships.setGrid(id, ifMatch, dto, ctx);
    res.setHeader('ETag', etagOf(v.version));
    return v;
  }

  @Get('network/member-counts')
  @Public()
  @ApiOperation({ summary: 'Member counts of every pole: its active memberships, or the figure the pole publishes while it has none in poleflow' })
  @ApiOkResponse({ type: [MemberCountView] })
  counts(): Promise<MemberCountView[]> {
    return this.memberships.counts();
  }
}

function tagged(res: Response, v: MembershipView): MembershipView {
  res.setHeader('ETag', etagOf(v.version));
  return v;
}
