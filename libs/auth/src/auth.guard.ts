import { applyDecorators, CanActivate, ExecutionContext, Injectable, SetMetadata, UnauthorizedException, ForbiddenException, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExtension } from '@nestjs/swagger';
import type { Role } from '@poleflow/contracts';
import { AccessTokens } from './access-tokens.js';
import type { Principal } from './principal.js';

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');
export interface AuthOptions {
  publicKey: string;
  issuer: string;
}

const PUBLIC = 'poleflow:public';
const ROLES = 'poleflow:roles';

/**
 * The route answers without an account (the pole directory, label verification, health). Marked `x-public` in
 * the OpenAPI document, so that every other operation is documented with bearer security, 401 and 403.
 */
export const Public = () => applyDecorators(SetMetadata(PUBLIC, true), ApiExtension('x-public', true));
/** The caller must hold one of these roles (checked after authentication). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

type AuthedRequest = { headers: Record<string, string | string[] | undefined>; user?: Principal };

/**
 * Global guard of every service: verifies the bearer JWT that directory signed (ES256, public key only here),
 * then the route's `@Roles`. Every endpoint is authenticated unless marked `@Public()`.
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
    if (token) {
      try {
        req.user = (await this.tokens.verify(token)).principal;
      } catch {
        if (!isPublic) throw new UnauthorizedException({ code: 'INVALID_TOKEN', message: 'the access token is invalid or expired' });
      }
    }
    if (isPublic) return true;
    if (!req.user) throw new UnauthorizedException({ code: 'UNAUTHENTICATED', message: 'a bearer access token is required' });
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, [ctx.getHandler(), ctx.getClass()]);
    if (roles?.length && !roles.some((r) => req.user!.roles.includes(r))) {
      throw new ForbiddenException({ code: 'FORBIDDEN', message: `this action needs one of the roles: ${roles.join(', ')}` });
    }
    return true;
  }
}

/** The authenticated principal (undefined only on public routes called anonymously). */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<AuthedRequest>().user);
