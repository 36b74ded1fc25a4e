import {
  CanActivate, ExecutionContext, Injectable, SetMetadata, UnauthorizedException, ForbiddenException, ServiceUnavailableException, createParamDecorator,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { RedisOptions } from 'ioredis';
import type { Role } from '@poleflow/contracts';
import { AccessTokens, TokenRefusedError } from './access-tokens.js';
import type { Principal } from './principal.js';

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');
export interface AuthOptions {
  publicKey: string;
  issuer: string;
  /** Where directory publishes account standings (the shared Redis) and the environment's key prefix. */
  redis: RedisOptions;
  prefix: string;
}

const REFUSALS: Record<TokenRefusedError['code'], string> = {
  ACCOUNT_DISABLED: 'the account of this token is disabled',
  TOKEN_REVOKED: 'this access token was revoked (sign-out everywhere, password change); sign in again',
  ACCOUNT_UNKNOWN: 'the account of this token is not known to be active; sign in again',
  STANDING_UNAVAILABLE: "the account's current rights cannot be checked right now; try again shortly",
};

const PUBLIC = 'poleflow:public';
const ROLES = 'poleflow:roles';

/** The route answers without an account (the pole directory, label verification, health). */
export const Public = () => SetMetadata(PUBLIC, true);
/** The caller must hold one of these roles (checked after authentication). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

type AuthedRequest = { headers: Record<string, string | string[] | undefined>; user?: Principal };

/**
 * Global guard of every service: verifies the bearer JWT that directory signed (ES256, public key only here),
 * overlays the account's current standing (AccessTokens), then checks the route's `@Roles`. Every endpoint is
 * authenticated unless marked `@Public()`.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokens,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC, [ctx.getHandler(), ctx.getClass()]);
    const header = req.headers.authorization;
    const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : undefined;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, [ctx.getHandler(), ctx.getClass()]);
    if (token) {
      try {
        req.user = (await this.tokens.verify(token, { strict: (claimed) => !!roles?.some((r) => claimed.roles.includes(r)) })).principal;
      } catch (err) {
        if (!isPublic && err instanceof TokenRefusedError) {
          if (err.code === 'STANDING_UNAVAILABLE') throw new ServiceUnavailableException({ code: err.code, message: REFUSALS[err.code] });
          throw new UnauthorizedException({ code: err.code, message: REFUSALS[err.code] });
        }
        if (!isPublic) throw new UnauthorizedException({ code: 'INVALID_TOKEN', message: 'the access token is invalid or expired' });
      }
    }
    if (isPublic) return true;
    if (!req.user) throw new UnauthorizedException({ code: 'UNAUTHENTICATED', message: 'a bearer access token is required' });
    if (roles?.length && !roles.some((r) => req.user!.roles.includes(r))) {
      throw new ForbiddenException({ code: 'FORBIDDEN', message: `this action needs one of the roles: ${roles.join(', ')}` });
    }
    return true;
  }
}

/** The authenticated principal (undefined only on public routes called anonymously). */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<AuthedRequest>().user);
