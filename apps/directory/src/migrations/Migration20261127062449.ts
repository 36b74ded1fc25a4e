import { Migration } from '@mikro-orm/migrations';

export class Migration20261127062449 extends Migration {

  override name = 'Migration20261127062449';

  override up(): void | Promise<void> {
    this.addSql(`create schema if not exists "directory";`);
    this.addSql(`create table "directory"."accounts" ("id" uuid not null, "email" text not null, "password_hash" text not null, "display_name" text not null, "is_admin" boolean not null default false, "created_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`alter table "directory"."accounts" add constraint "accounts_email_unique" unique ("email");`);

    this.addSql(`create table "directory"."affiliations" ("id" uuid not null, "account_id" uuid not null, "kind" text not null, "target_id" uuid not null, "role" text not null, "created_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`create index "affiliations_kind_target_id_index" on "directory"."affiliations" ("kind", "target_id");`);
    this.addSql(`alter table "directory"."affiliations" add constraint "affiliations_account_id_kind_target_id_role_unique" unique ("account_id", "kind", "target_id", "role");`);

    this.addSql(`create table "directory"."dead_letters" ("id" uuid not null, "consumer" text not null, "queue" text not null, "event_id" uuid not null, "event_type" text not null, "envelope" jsonb not null, "error_code" text not null, "error" text not null, "attempts" int not null, "failed_at" timestamptz not null, "redrive_count" int not null default 0, "redriven_at" timestamptz null, "resolved_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "directory"."dead_letters" add constraint "dead_letters_consumer_event_id_unique" unique ("consumer", "event_id");`);

    this.addSql(`create table "directory"."funders" ("id" uuid not null, "slug" text not null, "name" text not null, "kind" text not null, "region" text null, "website" text null, primary key ("id"));`);
    this.addSql(`alter table "directory"."funders" add constraint "funders_slug_unique" unique ("slug");`);

    this.addSql(`create table "directory"."idempotency_keys" ("scope" text not null, "key" text not null, "fingerprint" text not null, "state" text not null, "status_code" int null, "body" jsonb null, "headers" jsonb null, "created_at" timestamptz not null default now(), primary key ("scope", "key"));`);

    this.addSql(`create table "directory"."inbox" ("consumer" text not null, "event_id" uuid not null, "type" text not null, "processed_at" timestamptz not null default now(), primary key ("consumer", "event_id"));`);

    this.addSql(`create table "directory"."organisations" ("id" uuid not null, "name" text not null, "kind" text not null, "siren" text not null, "siret" text null, "region" text not null, "naf_code" text null, "headcount" numeric(12,2) null, "turnover_cents" bigint null, "balance_sheet_cents" bigint null, "size_eu" text null, "category_fr" text null, "version" int not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`alter table "directory"."organisations" add constraint "organisations_siren_unique" unique ("siren");`);

    this.addSql(`create table "directory"."outbox" ("id" uuid not null, "type" text not null, "stream_id" text not null, "sequence" bigint not null, "envelope" jsonb not null, "created_at" timestamptz not null default now(), "published_at" timestamptz null, "publish_attempts" int not null default 0, "last_error" text null, primary key ("id"));`);
    this.addSql(`create index "outbox_unpublished_idx" on "directory"."outbox" ("created_at") where "published_at" is null;`);

    this.addSql(`create table "directory"."poles" ("id" uuid not null, "slug" text not null, "code" text not null, "name" text not null, "aka" text null, "regions" text[] not null, "themes" text[] not null, "theme_detail" text null, "hq" text null, "website" text null, "members" int null, "members_year" int null, "phase_v_label" text null, "sources" jsonb not null, "updated_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`alter table "directory"."poles" add constraint "poles_slug_unique" unique ("slug");`);
    this.addSql(`alter table "directory"."poles" add constraint "poles_code_unique" unique ("code");`);

    this.addSql(`create table "directory"."stream_cursors" ("consumer" text not null, "source" text not null, "stream_id" text not null, "last_sequence" bigint not null, primary key ("consumer", "source", "stream_id"));`);

    this.addSql(`create table "directory"."stream_sequences" ("stream_id" text not null, "last_sequence" bigint not null, primary key ("stream_id"));`);
  }

}
