import { Migration } from '@mikro-orm/migrations';

/**
 * Sessions and the audit trail (ARCHITECTURE.md §7, decisions 23–26):
 * - accounts get a status (an admin disables an account), the version of their published standing and the
 *   lowest standing version an access token must carry (tokens minted before a revocation carry a lower one);
 * - refresh tokens: only the SHA-256 of the opaque token is stored, with its family (one sign-in), expiry and
 *   the time it was used (rotated) or revoked;
 * - audit entries: who did what to what, from where, with which outcome; never a secret.
 */
export class Migration20261206031500 extends Migration {

  override name = 'Migration20261206031500';

  override up(): void | Promise<void> {
    this.addSql(`alter table "directory"."accounts"
      add column "status" text not null default 'active',
      add column "standing_version" int not null default 0,
      add column "min_token_version" int not null default 0,
      add constraint "accounts_status_check" check ("status" in ('active', 'disabled'));`);
    this.addSql(`create table "directory"."refresh_tokens" (
      "id" uuid not null primary key,
      "family_id" uuid not null,
      "account_id" uuid not null references "directory"."accounts" ("id") on delete cascade,
      "token_hash" text not null,
      "created_at" timestamptz not null default now(),
      "expires_at" timestamptz not null,
      "used_at" timestamptz null,
      "revoked_at" timestamptz null,
      "revoked_reason" text null);`);
    this.addSql(`create unique index "refresh_tokens_token_hash_unique" on "directory"."refresh_tokens" ("token_hash");`);
    this.addSql(`create index "refresh_tokens_family_id_index" on "directory"."refresh_tokens" ("family_id");`);
    this.addSql(`create index "refresh_tokens_account_id_index" on "directory"."refresh_tokens" ("account_id") where "revoked_at" is null;`);
    this.addSql(`create table "directory"."audit_entries" (
      "id" uuid not null primary key,
      "at" timestamptz not null default now(),
      "action" text not null,
      "outcome" text not null,
      "actor_id" uuid null,
      "target_kind" text null,
      "target_id" text null,
      "ip" text null,
      "details" jsonb not null default '{}');`);
    this.addSql(`create index "audit_entries_at_index" on "directory"."audit_entries" ("at" desc, "id" desc);`);
    this.addSql(`create index "audit_entries_action_at_index" on "directory"."audit_entries" ("action", "at" desc);`);
    this.addSql(`create index "audit_entries_actor_at_index" on "directory"."audit_entries" ("actor_id", "at" desc);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "directory"."audit_entries";`);
    this.addSql(`drop table if exists "directory"."refresh_tokens";`);
    this.addSql(`alter table "directory"."accounts" drop constraint "accounts_status_check", drop column "status",
      drop column "standing_version", drop column "min_token_version";`);
  }
}
