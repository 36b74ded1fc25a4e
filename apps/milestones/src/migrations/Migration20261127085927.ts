import { Migration } from '@mikro-orm/migrations';

export class Migration20261127085927 extends Migration {

  override name = 'Migration20261127085927';

  override up(): void | Promise<void> {
    this.addSql(`create schema if not exists "milestones";`);
    this.addSql(`create table "milestones"."dead_letters" ("id" uuid not null, "consumer" text not null, "queue" text not null, "event_id" uuid not null, "event_type" text not null, "envelope" jsonb not null, "error_code" text not null, "error" text not null, "attempts" int not null, "failed_at" timestamptz not null, "redrive_count" int not null default 0, "redriven_at" timestamptz null, "resolved_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "milestones"."dead_letters" add constraint "dead_letters_consumer_event_id_unique" unique ("consumer", "event_id");`);

    this.addSql(`create table "milestones"."idempotency_keys" ("scope" text not null, "key" text not null, "fingerprint" text not null, "state" text not null, "status_code" int null, "body" jsonb null, "headers" jsonb null, "created_at" timestamptz not null default now(), primary key ("scope", "key"));`);

    this.addSql(`create table "milestones"."inbox" ("consumer" text not null, "event_id" uuid not null, "type" text not null, "processed_at" timestamptz not null default now(), primary key ("consumer", "event_id"));`);

    this.addSql(`create table "milestones"."milestones" ("id" uuid not null, "plan_id" uuid not null, "project_id" uuid not null, "funder_id" uuid not null, "key" text not null, "status" text not null, "attempts" int not null, "due_at" timestamptz not null, "trl_expected" int not null, "percent" int not null, "amount_cents" bigint not null, "partners" jsonb not null, "reports" jsonb not null, "reviews" jsonb not null, "reminded_at" timestamptz null, "overdue_at" timestamptz null, "escalated_at" timestamptz null, "released_at" timestamptz null, "repayments" jsonb null, "organisation_ids" uuid[] not null, "updated_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`);
    this.addSql(`create index "milestones_project_id_due_at_index" on "milestones"."milestones" ("project_id", "due_at");`);

    this.addSql(`create table "milestones"."outbox" ("id" uuid not null, "type" text not null, "stream_id" text not null, "sequence" bigint not null, "envelope" jsonb not null, "created_at" timestamptz not null default now(), "published_at" timestamptz null, "publish_attempts" int not null default 0, "last_error" text null, primary key ("id"));`);
    this.addSql(`create index "outbox_unpublished_idx" on "milestones"."outbox" ("created_at") where "published_at" is null;`);

    this.addSql(`create table "milestones"."plans" ("id" uuid not null, "project_id" uuid not null, "application_id" uuid not null, "funder_id" uuid not null, "funder_name" text not null, "total_cents" int not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "milestones"."plans" add constraint "plans_application_id_unique" unique ("application_id");`);
    this.addSql(`create index "plans_project_id_index" on "milestones"."plans" ("project_id");`);

    this.addSql(`create table "milestones"."projects" ("id" uuid not null, "acronym" text not null, "start_date" text not null, "duration_months" int not null, "coordinator_organisation_id" uuid not null, "organisation_ids" uuid[] not null, "partner_names" jsonb not null, primary key ("id"));`);

    this.addSql(`create table "milestones"."stream_cursors" ("consumer" text not null, "source" text not null, "stream_id" text not null, "last_sequence" bigint not null, primary key ("consumer", "source", "stream_id"));`);

    this.addSql(`create table "milestones"."stream_sequences" ("stream_id" text not null, "last_sequence" bigint not null, primary key ("stream_id"));`);
  }

}
