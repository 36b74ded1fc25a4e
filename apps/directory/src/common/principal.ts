import type { Principal } from '@poleflow/auth';
import { DomainError } from '@poleflow/domain';
import type { RequestCtx } from '@poleflow/http';

/** The caller of an authenticated route (the global AuthGuard has already refused anonymous calls). */
export function principalOf(ctx: RequestCtx): Principal {
  if (!ctx.principal) throw new DomainError('UNAUTHENTICATED', 'a bearer access token is required', 401);
  return ctx.principal;
}
