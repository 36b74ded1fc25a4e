import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Patch, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, type Principal } from '@poleflow/auth';
import { etagOf } from '@poleflow/http';
import { ApiIfMatch, ApiProblems, ETAG_HEADER } from '../cases/api-docs.js';
import type { EffectiveSettings } from './pole-settings.js';
import { PoleSettingsDto, PoleSettingsView, PoolMemberDto, PoolMemberView } from './settings.dto.js';
import { SettingsService } from './settings.service.js';

@ApiTags('labelling settings')
@ApiBearerAuth()
@ApiProblems(400, 401, 404)
@Controller('api/v1/labelling/poles/:poleId')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get('settings')
  @ApiOperation({ summary: 'The pole\'s labelling settings: quorum, rubric weights, admissibility rules, review period, label validity (pole manager)' })
  @ApiOkResponse({ type: PoleSettingsView, headers: ETAG_HEADER })
  async get(@Param('poleId', new ParseUUIDPipe()) poleId: string, @CurrentUser() user: Principal, @Res({ passthrough: true }) res: Response): Promise<EffectiveSettings> {
    const s = await this.settings.get(poleId, user);
    res.setHeader('ETag', etagOf(s.version));
    return s;
  }

  @Put('settings')
  @ApiIfMatch()
  @ApiOperation({ summary: 'Replace the pole\'s labelling settings (pole manager); applies to rounds opened and decisions taken from now on' })
  @ApiOkResponse({ type: PoleSettingsView, headers: ETAG_HEADER })
  async put(
    @Param('poleId', new ParseUUIDPipe()) poleId: string, @Body() dto: PoleSettingsDto, @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: Principal, @Res({ passthrough: true }) res: Response,
  ): Promise<EffectiveSettings> {
    const s = await this.settings.put(poleId, ifMatch, dto, user);
    res.setHeader('ETag', etagOf(s.version));
    return s;
  }

  @Get('reviewers')
  @ApiOperation({ summary: 'The pole\'s reviewer pool with expertise, availability, employers and workload (pole manager); appointments are made in directory' })
  @ApiOkResponse({ type: [PoolMemberView] })
  pool(@Param('poleId', new ParseUUIDPipe()) poleId: string, @CurrentUser() user: Principal): Promise<PoolMemberView[]> {
    return this.settings.pool(poleId, user);
  }

  @Patch('reviewers/:userId')
  @ApiOperation({ summary: 'Set a reviewer\'s expertise keywords and availability (pole manager)' })
  @ApiOkResponse({ type: PoolMemberView })
  updateMember(
    @Param('poleId', new ParseUUIDPipe()) poleId: string, @Param('userId', new ParseUUIDPipe()) userId: string, @Body() dto: PoolMemberDto,
    @CurrentUser() user: Principal,
  ): Promise<PoolMemberView> {
    return this.settings.updateMember(poleId, userId, dto, user);
  }
}
