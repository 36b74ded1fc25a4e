import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InboxWorker } from '@poleflow/messaging';
import { ident } from '@poleflow/persistence';
import { TRACKER_SCHEMA } from '../mikro-orm.config.js';

/**
 * The accounts behind the notification audiences, as directory publishes them: an account's address and name
 * (`account.profile_changed`) and its memberships (`affiliation.changed`: organisation members, pole managers,
 * funder officers). Idempotent upserts and deletes in the inbox transaction; the admin republish rebuilds both.
 * A disabled account (`account.standing_changed`) gets no e-mail until it is enabled again.
 */
@Injectable()
export class RecipientsConsumer implements OnModuleInit {
  private readonly s = ident(TRACKER_SCHEMA);

  constructor(private readonly inbox: InboxWorker) {}

  onModuleInit(): void {
    this.inbox.on('account.profile_changed', async (e, em) => {
      const p = e.payload;
      await em.execute(
        `insert into ${this.s}.mail_accounts (account_id, email, display_name, updated_at) values (?, ?, ?, now())
         on conflict (account_id) do update set email = excluded.email, display_name = excluded.display_name, updated_at = now()`,
        [p.accountId, p.email, p.displayName],
      );
    });
    this.inbox.on('account.standing_changed', async (e, em) => {
      const p = e.payload;
      await em.execute(p.status === 'disabled'
        ? `insert into ${this.s}.mail_disabled_accounts (account_id, version) values (?, ?) on conflict (account_id) do update set version = greatest(excluded.version, mail_disabled_accounts.version)`
        : `delete from ${this.s}.mail_disabled_accounts where account_id = ? and version < ?`,
      [p.accountId, p.version]);
    });
    this.inbox.on('affiliation.changed', async (e, em) => {
      const p = e.payload;
      await em.execute(p.change === 'added'
        ? `insert into ${this.s}.mail_memberships (account_id, kind, target_id, role) values (?, ?, ?, ?) on conflict do nothing`
        : `delete from ${this.s}.mail_memberships where account_id = ? and kind = ? and target_id = ? and role = ?`,
      [p.userId, p.kind, p.targetId, p.role]);
    });
  }
}
