import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { DomainError } from '@poleflow/domain';
import { decodeCursor, pageOf, type Page } from '@poleflow/http';
import type { EmitContext } from '@poleflow/messaging';
import { AuditService } from '../audit/audit.service.js';
import { RefreshTokens } from '../sessions/refresh-tokens.service.js';
import { Account } from './account.entity.js';
import { accountView } from './accounts.service.js';
import type { AccountQuery } from './admin-accounts.dto.js';
import type { AccountView } from './auth.dto.js';
import { StandingService } from './standing.service.js';

/** Admin: find accounts, disable one (every session and access token revoked at once) or enable it again. */
@Injectable()
export class AdminAccountsService {
  constructor(
    private readonly orm: MikroORM,
    private readonly refresh: RefreshTokens,
    private readonly standing: StandingService,
    private readonly audit: AuditService,
  ) {}

  async list(q: AccountQuery): Promise<Page<AccountView>> {
    const limit = q.limit ?? 20;
    const after = decodeCursor(q.cursor);
    const where: Record<string, unknown>[] = [];
    if (q.q) where.push({ $or: [{ email: { $ilike: `%${q.q}%` } }, { displayName: { $ilike: `%${q.q}%` } }] });
    if (q.status) where.push({ status: q.status });
    if (q.ids) where.push({ id: { $in: q.ids } });
    if (after) where.push({ email: { $gt: after.key } });
    const rows = await this.orm.em.fork().find(Account, { $and: where }, { orderBy: { email: 'asc' }, limit: limit + 1 });
    return pageOf(rows, limit, accountView, (a) => [a.email, a.id]);
  }

  async setStatus(id: string, status: 'active' | 'disabled', ctx: EmitContext, ip: string): Promise<AccountView> {
    return this.orm.em.fork().transactional(async (tx) => {
      const existing = await tx.findOne(Account, id);
      if (!existing) throw new DomainError('ACCOUNT_NOT_FOUND', `no account ${id}`, 404);
      if (ctx.actor?.userId === id && status === 'disabled') throw new DomainError('CANNOT_DISABLE_SELF', 'an admin may not disable their own account', 409);
      const revoked = status === 'disabled' ? await this.refresh.revokeAll(tx, id, 'account_disabled') : 0;
      const account = await this.standing.changed(tx, id, ctx, { status, revokeAccessTokens: status === 'disabled' });
      await this.audit.record(tx, {
        action: status === 'disabled' ? 'account.disabled' : 'account.enabled', outcome: 'success', actorId: ctx.actor?.userId ?? null,
        target: { kind: 'account', id }, ip, details: { revokedSessions: revoked },
      });
      return accountView(account);
    });
  }
}
