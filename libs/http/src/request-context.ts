import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor } from '@poleflow/contracts';
import { actorOf, type Principal } from '@poleflow/auth';
import { DomainError } from '@poleflow/domain';

/** What a command needs to know about the request: who, and the correlation id carried into events. */
export interface RequestCtx {
  principal: Principal | undefined;
  actor: Actor | null;
  correlationId: string;
}

export const Ctx = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestCtx => {
  const req = ctx.switchToHttp().getRequest<{ id?: string; user?: Principal }>();
  return { principal: req.user, actor: req.user ? actorOf(req.user) : null, correlationId: String(req.id ?? 'none') };
});

/** The caller of an authenticated route (the global AuthGuard has already refused anonymous calls). */
export function principalOf(ctx: RequestCtx): Principal {
  if (!ctx.principal) throw new DomainError('UNAUTHENTICATED', 'a bearer access token is required', 401);
  return ctx.principal;
}
