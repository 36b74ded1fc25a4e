import { Migration } from '@mikro-orm/migrations';

export class Migration20261127062514 extends Migration {

  override name = 'Migration20261127062514';

  override up(): void | Promise<void> {
    this.addSql(`create schema if not exists "submission";`);
    this.addSql(`create table "submission"."dead_letters" ("id" uuid not null, "consumer" text not null, "queue" text not null, "event_id" uuid not null, "event_type" text not null, "envelope" jsonb not null, "error_code" text not null, "error" text not null, "attempts" int not null, "failed_at" timestamptz not null, "redrive_count" int not null default 0, "redriven_at" timestamptz null, "resolved_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "submission"."dead_letters" add constraint "dead_letters_consumer_event_id_unique" unique ("consumer", "event_id");`);

    this.addSql(`create table "submission"."idempotency_keys" ("scope" text not null, "key" text not null, "fingerprint" text not null, "state" text not null, "status_code" int null, "body" jsonb null, "headers" jsonb null, "created_at" timestamptz not null default now(), primary key ("scope", "key"));`);

    this.addSql(`create table "submission"."inbox" ("consumer" text not null, "event_id" uuid not null, "type" text not null, "processed_at" timestamptz not null default now(), primary key ("consumer", "event_id"));`);

    this.addSql(`create table "submission"."organisations" ("id" uuid not null, "name" text not null, "kind" text not null, "siren" text not null, "region" text not null, "size_eu" text null, "category_fr" text null, primary key ("id"));`);

    this.addSql(`create table "submission"."outbox" ("id" uuid not null, "type" text not null, "stream_id" text not null, "sequence" bigint not null, "envelope" jsonb not null, "created_at" timestamptz not null default now(), "published_at" timestamptz null, "publish_attempts" int not null default 0, "last_error" text null, primary key ("id"));`);
    this.addSql(`create index "outbox_unpublished_idx" on "submission"."outbox" ("created_at") where "published_at" is null;`);

    this.addSql(`create table "submission"."poles" ("id" uuid not null, "slug" text not null, "name" text not null, "regions" jsonb not null, "themes" jsonb not null, primary key ("id"));`);

    this.addSql(`create table "submission"."projects" ("id" uuid not null, "acronym" text not null, "title" text not null, "summary" text not null default '', "themes" jsonb not null, "keywords" jsonb not null, "trl_start" int null, "trl_target" int null, "start_date" date null, "duration_months" int null, "pole_ids" jsonb not null, "coordinator_organisation_id" uuid not null, "status" text not null, "round" int not null default 0, "submitted_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`);
    this.addSql(`create index "projects_created_at_id_index" on "submission"."projects" ("created_at", "id");`);

    this.addSql(`create table "submission"."partners" ("project_id" uuid not null, "organisation_id" uuid not null, "role" text not null, "budget" jsonb not null, "added_at" timestamptz not null, primary key ("project_id", "organisation_id"));`);
    this.addSql(`create index "partners_organisation_id_index" on "submission"."partners" ("organisation_id");`);

    this.addSql(`create table "submission"."stream_cursors" ("consumer" text not null, "source" text not null, "stream_id" text not null, "last_sequence" bigint not null, primary key ("consumer", "source", "stream_id"));`);

    this.addSql(`create table "submission"."stream_sequences" ("stream_id" text not null, "last_sequence" bigint not null, primary key ("stream_id"));`);

    this.addSql(`alter table "submission"."partners" add constraint "partners_project_id_foreign" foreign key ("project_id") references "submission"."projects" ("id") on delete cascade;`);
  }

}
