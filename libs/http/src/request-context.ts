import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor } from '@poleflow/contracts';
import { actorOf, type Principal } from '@poleflow/auth';

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
