import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags,
  ApiTooManyRequestsResponse, ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentUser, Public, type Principal } from '@poleflow/auth';
import { ProblemDoc } from '@poleflow/http';
import { AccountsService } from './accounts.service.js';
import { AccountView, LoginDto, MeView, RegisterDto, TokenView } from './auth.dto.js';
import { AuthService } from './auth.service.js';
import { LoginThrottlerGuard } from './login-throttle.js';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly accounts: AccountsService, private readonly auth: AuthService) {}

  @Public()
  @Post('register')
  @ApiOperation({ summary: 'Create an account (e-mail, password of 12+ characters, display name)' })
  @ApiCreatedResponse({ type: AccountView })
  @ApiBadRequestResponse({ type: ProblemDoc })
  @ApiConflictResponse({ type: ProblemDoc, description: 'EMAIL_TAKEN' })
  register(@Body() dto: RegisterDto): Promise<AccountView> {
    return this.accounts.register(dto);
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @UseGuards(LoginThrottlerGuard)
  @ApiOperation({ summary: 'Exchange e-mail and password for an access token (rate-limited per IP and e-mail)' })
  @ApiOkResponse({ type: TokenView })
  @ApiUnauthorizedResponse({ type: ProblemDoc, description: 'INVALID_CREDENTIALS' })
  @ApiTooManyRequestsResponse({ type: ProblemDoc, description: 'RATE_LIMITED' })
  login(@Body() dto: LoginDto): Promise<TokenView> {
    return this.auth.login(dto);
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: "A fresh token carrying the account's current roles and affiliations" })
  @ApiOkResponse({ type: TokenView })
  @ApiUnauthorizedResponse({ type: ProblemDoc })
  refresh(@CurrentUser() user: Principal): Promise<TokenView> {
    return this.auth.refresh(user.userId);
  }
}

@ApiTags('auth')
@ApiBearerAuth()
@Controller('api/v1/me')
export class MeController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @ApiOperation({ summary: 'The signed-in account, its current roles and affiliations' })
  @ApiOkResponse({ type: MeView })
  @ApiUnauthorizedResponse({ type: ProblemDoc })
  me(@CurrentUser() user: Principal): Promise<MeView> {
    return this.accounts.me(user.userId);
  }
}
