import { Migration } from '@mikro-orm/migrations';

export class Migration20261127061748 extends Migration {

  override name = 'Migration20261127061748';

  override up(): void | Promise<void> {
    this.addSql(`create schema if not exists "tracker";`);
    this.addSql(`create table "tracker"."dead_letters" ("id" uuid not null, "consumer" text not null, "queue" text not null, "event_id" uuid not null, "event_type" text not null, "envelope" jsonb not null, "error_code" text not null, "error" text not null, "attempts" int not null, "failed_at" timestamptz not null, "redrive_count" int not null default 0, "redriven_at" timestamptz null, "resolved_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "tracker"."dead_letters" add constraint "dead_letters_consumer_event_id_unique" unique ("consumer", "event_id");`);

    this.addSql(`create table "tracker"."idempotency_keys" ("scope" text not null, "key" text not null, "fingerprint" text not null, "state" text not null, "status_code" int null, "body" jsonb null, "headers" jsonb null, "created_at" timestamptz not null default now(), primary key ("scope", "key"));`);

    this.addSql(`create table "tracker"."inbox" ("consumer" text not null, "event_id" uuid not null, "type" text not null, "processed_at" timestamptz not null default now(), primary key ("consumer", "event_id"));`);

    this.addSql(`create table "tracker"."organisations" ("id" uuid not null, "name" text not null, "siren" text not null, "kind" text not null, "region" text not null, primary key ("id"));`);

    this.addSql(`create table "tracker"."outbox" ("id" uuid not null, "type" text not null, "stream_id" text not null, "sequence" bigint not null, "envelope" jsonb not null, "created_at" timestamptz not null default now(), "published_at" timestamptz null, "publish_attempts" int not null default 0, "last_error" text null, primary key ("id"));`);
    this.addSql(`create index "outbox_unpublished_idx" on "tracker"."outbox" ("created_at") where "published_at" is null;`);

    this.addSql(`create table "tracker"."projects" ("id" uuid not null, "acronym" text not null, "title" text not null, "stage" text not null, "organisation_ids" jsonb not null, "pole_ids" jsonb not null, "updated_at" timestamptz not null, primary key ("id"));`);

    this.addSql(`create table "tracker"."stream_cursors" ("consumer" text not null, "source" text not null, "stream_id" text not null, "last_sequence" bigint not null, primary key ("consumer", "source", "stream_id"));`);

    this.addSql(`create table "tracker"."stream_sequences" ("stream_id" text not null, "last_sequence" bigint not null, primary key ("stream_id"));`);

    this.addSql(`create table "tracker"."timeline_entries" ("id" uuid not null, "project_id" uuid not null, "occurred_at" timestamptz not null, "recorded_at" timestamptz not null default now(), "type" text not null, "source" text not null, "actor_user_id" uuid null, "actor_role" text null, "stage" text not null, "summary" text not null, "correlation_id" text not null, primary key ("id"));`);
    this.addSql(`create index "timeline_entries_project_id_occurred_at_index" on "tracker"."timeline_entries" ("project_id", "occurred_at");`);
  }

}
