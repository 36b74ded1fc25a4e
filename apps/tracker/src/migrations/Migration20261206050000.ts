import { Migration } from '@mikro-orm/migrations';

/**
 * E-mail (ARCHITECTURE.md §7): the accounts and memberships behind the notification audiences (from directory's
 * `account.profile_changed` and `affiliation.changed`), each account's preferences, and the e-mail outbox: one row
 * per (notification, account), unique key, written in the notification's transaction, sent by `tracker.emails`.
 */
export class Migration20261206050000 extends Migration {

  override name = 'Migration20261206050000';

  override up(): void | Promise<void> {
    this.addSql(`create table if not exists "tracker"."mail_accounts" ("account_id" uuid not null, "email" text not null, "display_name" text not null, "updated_at" timestamptz not null default now(), primary key ("account_id"));`);
    this.addSql(`create table if not exists "tracker"."mail_memberships" ("account_id" uuid not null, "kind" text not null, "target_id" uuid not null, "role" text not null, primary key ("account_id", "kind", "target_id", "role"));`);
    this.addSql(`create index if not exists "mail_memberships_target_index" on "tracker"."mail_memberships" ("kind", "target_id");`);
    this.addSql(`create table if not exists "tracker"."notification_preferences" ("account_id" uuid not null, "email" text not null, "language" text not null, "updated_at" timestamptz not null default now(), primary key ("account_id"));`);
    this.addSql(`create table if not exists "tracker"."emails" ("id" uuid not null, "key" text not null, "account_id" uuid not null, "notification_id" uuid null, "kind" text not null, "status" text not null, "to_address" text not null, "language" text not null, "subject" text not null, "text_body" text not null, "html_body" text not null, "link" text not null, "attempts" int not null default 0, "last_error" text null, "digest_id" uuid null, "created_at" timestamptz not null default now(), "sent_at" timestamptz null, "failed_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "tracker"."emails" add constraint "emails_key_unique" unique ("key");`);
    this.addSql(`create index if not exists "emails_pending_idx" on "tracker"."emails" ("created_at") where "status" = 'pending';`);
    this.addSql(`create index if not exists "emails_digest_idx" on "tracker"."emails" ("account_id", "created_at") where "status" = 'digest_pending';`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "tracker"."emails" cascade;`);
    this.addSql(`drop table if exists "tracker"."notification_preferences" cascade;`);
    this.addSql(`drop table if exists "tracker"."mail_memberships" cascade;`);
    this.addSql(`drop table if exists "tracker"."mail_accounts" cascade;`);
  }
}
