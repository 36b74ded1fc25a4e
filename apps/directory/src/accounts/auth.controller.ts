import { Body, Controller, Get, HttpCode, Ip, Post, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse, ApiBadRequestResponse, ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, Public, type Principal } from '@poleflow/auth';
import { Ctx, ProblemDoc, type RequestCtx } from '@poleflow/http';
import { AccountsService } from './accounts.service.js';
import { ChangePasswordDto, LoginDto, MeView, RefreshDto, RegisterDto, RegistrationView, TokenView, type RefreshDelivery } from './auth.dto.js';
import { AuthService, rateLimited, type Session } from './auth.service.js';
import { LoginThrottle } from './login-throttle.js';
import { RefreshCookie } from './refresh-cookie.js';
import { invalidRefresh } from '../sessions/refresh-tokens.service.js';

/** A 429 carries Retry-After (the header is set before the problem is written). */
async function orRetryAfter<T>(res: Response, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const retryAfter = (err as { retryAfter?: unknown }).retryAfter;
    if (typeof retryAfter === 'number') res.setHeader('retry-after', String(retryAfter));
    throw err;
  }
}

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly accounts: AccountsService, private readonly auth: AuthService, private readonly throttle: LoginThrottle, private readonly cookie: RefreshCookie) {}

  @Public()
  @Post('register')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Create an account (e-mail, password of 12+ characters, display name); rate-limited per address',
    description: 'The same answer for a new and an existing e-mail (whose owner gets a security notice): sign in to know the account is yours.',
  })
  @ApiAcceptedResponse({ type: RegistrationView })
  @ApiBadRequestResponse({ type: ProblemDoc })
  @ApiTooManyRequestsResponse({ type: ProblemDoc, description: 'RATE_LIMITED (Retry-After)' })
  register(@Body() dto: RegisterDto, @Ip() ip: string, @Ctx() ctx: RequestCtx, @Res({ passthrough: true }) res: Response): Promise<RegistrationView> {
    return orRetryAfter(res, async () => {
      const wait = await this.throttle.registration(ip);
      if (wait > 0) throw rateLimited(wait, 'registrations from this address');
      return this.accounts.register(dto, ctx.correlationId);
    });
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange e-mail and password for an access token and a session (throttled per address and per account, with growing delays)' })
  @ApiOkResponse({ type: TokenView, description: 'sets the `poleflow_refresh` cookie (HttpOnly, SameSite=Strict, Path=/api/v1/auth) unless `refreshIn: body`' })
  @ApiUnauthorizedResponse({ type: ProblemDoc, description: 'INVALID_CREDENTIALS' })
  @ApiTooManyRequestsResponse({ type: ProblemDoc, description: 'RATE_LIMITED (Retry-After)' })
  async login(@Body() dto: LoginDto, @Ip() ip: string, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<TokenView> {
    const session = await orRetryAfter(res, () => this.auth.login(dto, ip));
    return this.answer(session, dto.refreshIn ?? 'cookie', req, res);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rotate the refresh token (cookie or body): a new access token and the next refresh token; a reused one ends the session' })
  @ApiOkResponse({ type: TokenView })
  @ApiUnauthorizedResponse({ type: ProblemDoc, description: 'INVALID_REFRESH_TOKEN' })
  async refresh(@Body() dto: RefreshDto, @Ip() ip: string, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<TokenView> {
    const fromBody = dto.refreshToken;
    const token = fromBody ?? this.cookie.read(req);
    if (!token) throw invalidRefresh();
    try {
      return this.answer(await this.auth.rotate(token, ip), fromBody ? 'body' : 'cookie', req, res);
    } catch (err) {
      if (!fromBody) this.cookie.clear(req, res);
      throw err;
    }
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'End this session (the refresh token of the cookie or body); the access token, kept in memory, is dropped by the client' })
  @ApiNoContentResponse()
  async logout(@Body() dto: RefreshDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    const token = dto.refreshToken ?? this.cookie.read(req);
    if (token) await this.auth.logout(token);
    this.cookie.clear(req, res);
  }

  @Post('logout-all')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: "End every session of the caller's account; every access token issued until now is refused by every service" })
  @ApiNoContentResponse()
  @ApiUnauthorizedResponse({ type: ProblemDoc })
  async logoutAll(@CurrentUser() user: Principal, @Ctx() ctx: RequestCtx, @Ip() ip: string, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logoutAll(user.userId, ctx, ip);
    this.cookie.clear(req, res);
  }

  @Post('password')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change the password (current + new): every session and access token is revoked; answers a new session for this client' })
  @ApiOkResponse({ type: TokenView })
  @ApiUnauthorizedResponse({ type: ProblemDoc, description: 'INVALID_CREDENTIALS: the current password is wrong' })
  async changePassword(
    @Body() dto: ChangePasswordDto, @CurrentUser() user: Principal, @Ctx() ctx: RequestCtx, @Ip() ip: string, @Req() req: Request, @Res({ passthrough: true }) res: Response,
  ): Promise<TokenView> {
    return this.answer(await this.auth.changePassword(user.userId, dto, ctx, ip), dto.refreshIn ?? 'cookie', req, res);
  }

  private answer(s: Session, delivery: RefreshDelivery, req: Request, res: Response): TokenView {
    const view: TokenView = { accessToken: s.accessToken, tokenType: 'Bearer', expiresIn: s.expiresIn };
    if (delivery === 'body') return { ...view, refreshToken: s.refreshToken };
    this.cookie.set(req, res, s.refreshToken, s.refreshExpiresAt);
    return view;
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
