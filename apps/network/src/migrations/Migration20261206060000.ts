import { Migration } from '@mikro-orm/migrations';
import { deliveryConfirmationMigrationSql } from '@poleflow/messaging';

/** The network schema: event backbone (outbox, inbox, cursors, dead letters, timers), idempotency keys, directory copies. */
export class Migration20261206060000 extends Migration {

  override name = 'Migration20261206060000';

  override up(): void | Promise<void> {
    this.addSql(`create schema if not exists "network";`);
    this.addSql(`create table "network"."dead_letters" ("id" uuid not null, "consumer" text not null, "queue" text not null, "event_id" uuid not null, "event_type" text not null, "envelope" jsonb not null, "error_code" text not null, "error" text not null, "attempts" int not null, "failed_at" timestamptz not null, "redrive_count" int not null default 0, "redriven_at" timestamptz null, "resolved_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "network"."dead_letters" add constraint "dead_letters_consumer_event_id_unique" unique ("consumer", "event_id");`);
    this.addSql(`create table "network"."idempotency_keys" ("scope" text not null, "key" text not null, "fingerprint" text not null, "state" text not null, "status_code" int null, "body" jsonb null, "headers" jsonb null, "created_at" timestamptz not null default now(), primary key ("scope", "key"));`);
    this.addSql(`create table "network"."inbox" ("consumer" text not null, "event_id" uuid not null, "type" text not null, "processed_at" timestamptz not null default now(), primary key ("consumer", "event_id"));`);
    this.addSql(`create table "network"."outbox" ("id" uuid not null, "type" text not null, "stream_id" text not null, "sequence" bigint not null, "envelope" jsonb not null, "created_at" timestamptz not null default now(), "published_at" timestamptz null, "publish_attempts" int not null default 0, "last_error" text null, primary key ("id"));`);
    this.addSql(`create index "outbox_unpublished_idx" on "network"."outbox" ("created_at") where "published_at" is null;`);
    this.addSql(`create table "network"."stream_cursors" ("consumer" text not null, "source" text not null, "stream_id" text not null, "last_sequence" bigint not null, primary key ("consumer", "source", "stream_id"));`);
    this.addSql(`create table "network"."stream_sequences" ("stream_id" text not null, "last_sequence" bigint not null, primary key ("stream_id"));`);
    for (const sql of deliveryConfirmationMigrationSql('network')) this.addSql(sql);

    this.addSql(`create table "network"."poles" ("id" uuid not null, "slug" text not null, "code" text not null, "name" text not null, "regions" jsonb not null, "themes" jsonb not null, "published_members" int null, primary key ("id"));`);
    this.addSql(`create table "network"."organisations" ("id" uuid not null, "name" text not null, "kind" text not null, "siren" text not null, "region" text not null, "regions" jsonb not null, "naf_code" text null, "size_eu" text null, "category_fr" text null, primary key ("id"));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop schema if exists "network" cascade;`);
  }

}
