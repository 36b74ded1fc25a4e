import { Migration } from '@mikro-orm/migrations';

export class Migration20261127084946 extends Migration {

  override name = 'Migration20261127084946';

  override up(): void | Promise<void> {
    this.addSql(`create schema if not exists "funding";`);
    this.addSql(`create table "funding"."applications" ("id" uuid not null, "call_id" uuid not null, "funder_id" uuid not null, "project_id" uuid not null, "status" text not null, "applied_at" timestamptz not null, "applied_by" uuid not null, "organisation_ids" uuid[] not null, "assessment" jsonb null, "decision" jsonb null, "updated_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`);
    this.addSql(`create index "applications_funder_id_applied_at_id_index" on "funding"."applications" ("funder_id", "applied_at", "id");`);
    this.addSql(`alter table "funding"."applications" add constraint "applications_call_id_project_id_unique" unique ("call_id", "project_id");`);

    this.addSql(`create table "funding"."calls" ("id" uuid not null, "funder_id" uuid not null, "title" text not null, "description" text not null, "opens_at" timestamptz not null, "closes_at" timestamptz not null, "cutoffs" jsonb not null, "aid_forms" jsonb not null, "rules" jsonb not null, "created_by" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`);
    this.addSql(`create index "calls_funder_id_closes_at_index" on "funding"."calls" ("funder_id", "closes_at");`);

    this.addSql(`create table "funding"."dead_letters" ("id" uuid not null, "consumer" text not null, "queue" text not null, "event_id" uuid not null, "event_type" text not null, "envelope" jsonb not null, "error_code" text not null, "error" text not null, "attempts" int not null, "failed_at" timestamptz not null, "redrive_count" int not null default 0, "redriven_at" timestamptz null, "resolved_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "funding"."dead_letters" add constraint "dead_letters_consumer_event_id_unique" unique ("consumer", "event_id");`);

    this.addSql(`create table "funding"."funders" ("id" uuid not null, "name" text not null, "kind" text not null, "region" text null, primary key ("id"));`);

    this.addSql(`create table "funding"."idempotency_keys" ("scope" text not null, "key" text not null, "fingerprint" text not null, "state" text not null, "status_code" int null, "body" jsonb null, "headers" jsonb null, "created_at" timestamptz not null default now(), primary key ("scope", "key"));`);

    this.addSql(`create table "funding"."inbox" ("consumer" text not null, "event_id" uuid not null, "type" text not null, "processed_at" timestamptz not null default now(), primary key ("consumer", "event_id"));`);

    this.addSql(`create table "funding"."labels" ("number" text not null, "project_id" uuid not null, "pole_id" uuid not null, "pole_name" text not null, "valid_until" date not null, "revoked" boolean not null, primary key ("number"));`);
    this.addSql(`create index "labels_project_id_index" on "funding"."labels" ("project_id");`);

    this.addSql(`create table "funding"."outbox" ("id" uuid not null, "type" text not null, "stream_id" text not null, "sequence" bigint not null, "envelope" jsonb not null, "created_at" timestamptz not null default now(), "published_at" timestamptz null, "publish_attempts" int not null default 0, "last_error" text null, primary key ("id"));`);
    this.addSql(`create index "outbox_unpublished_idx" on "funding"."outbox" ("created_at") where "published_at" is null;`);

    this.addSql(`create table "funding"."projects" ("id" uuid not null, "round" int not null, "withdrawn" boolean not null, "coordinator_organisation_id" uuid not null, "organisation_ids" uuid[] not null, "snapshot" jsonb not null, "updated_at" timestamptz not null, primary key ("id"));`);

    this.addSql(`create table "funding"."stream_cursors" ("consumer" text not null, "source" text not null, "stream_id" text not null, "last_sequence" bigint not null, primary key ("consumer", "source", "stream_id"));`);

    this.addSql(`create table "funding"."stream_sequences" ("stream_id" text not null, "last_sequence" bigint not null, primary key ("stream_id"));`);
  }

}
