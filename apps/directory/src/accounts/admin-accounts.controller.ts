import { Controller, Get, HttpCode, Ip, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@poleflow/auth';
import { Ctx, ProblemDoc, type Page, type RequestCtx } from '@poleflow/http';
import { AffiliationView } from '../affiliations/affiliation.dto.js';
import { AffiliationsService } from '../affiliations/affiliations.service.js';
import { AccountAffiliations, AccountPage, AccountQuery } from './admin-accounts.dto.js';
import { AdminAccountsService } from './admin-accounts.service.js';
import { AccountView } from './auth.dto.js';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/v1/admin/accounts')
export class AdminAccountsController {
  constructor(private readonly accounts: AdminAccountsService, private readonly affiliations: AffiliationsService) {}

  @Get()
  @ApiOperation({ summary: 'Accounts by e-mail, searched by e-mail or name and status (admin)' })
  @ApiOkResponse({ type: AccountPage })
  @ApiForbiddenResponse({ type: ProblemDoc })
  list(@Query() q: AccountQuery): Promise<Page<AccountView>> {
    return this.accounts.list(q);
  }

  @Get(':id/affiliations')
  @ApiOperation({ summary: 'An account\'s roles: its organisations, poles and funders with their names (admin); none for an unknown account' })
  @ApiOkResponse({ type: AccountAffiliations })
  @ApiForbiddenResponse({ type: ProblemDoc })
  async affiliationsOf(@Param('id', new ParseUUIDPipe()) id: string): Promise<{ items: AffiliationView[] }> {
    return { items: await this.affiliations.ofAccount(id) };
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable an account: no sign-in, every session revoked, its access tokens refused by every service at once (admin)' })
  @ApiOkResponse({ type: AccountView })
  @ApiNotFoundResponse({ type: ProblemDoc, description: 'ACCOUNT_NOT_FOUND' })
  disable(@Param('id', new ParseUUIDPipe()) id: string, @Ctx() ctx: RequestCtx, @Ip() ip: string): Promise<AccountView> {
    return this.accounts.setStatus(id, 'disabled', ctx, ip);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable a disabled account again (admin)' })
  @ApiOkResponse({ type: AccountView })
  @ApiNotFoundResponse({ type: ProblemDoc, description: 'ACCOUNT_NOT_FOUND' })
  enable(@Param('id', new ParseUUIDPipe()) id: string, @Ctx() ctx: RequestCtx, @Ip() ip: string): Promise<AccountView> {
    return this.accounts.setStatus(id, 'active', ctx, ip);
  }
}
