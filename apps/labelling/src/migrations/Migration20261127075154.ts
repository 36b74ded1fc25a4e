import { Migration } from '@mikro-orm/migrations';

export class Migration20261127075154 extends Migration {

  override name = 'Migration20261127075154';

  override up(): void | Promise<void> {
    this.addSql(`create schema if not exists "labelling";`);
    this.addSql(`create table "labelling"."assignments" ("id" uuid not null, "case_id" uuid not null, "project_id" uuid not null, "pole_id" uuid not null, "round" int not null, "reviewer_user_id" uuid not null, "status" text not null, "due_at" timestamptz not null, "assigned_at" timestamptz not null, "assigned_by" uuid not null, "reminded_at" timestamptz null, "overdue_at" timestamptz null, "withdrawn_at" timestamptz null, "withdrawal_reason" text null, "scores" jsonb null, "recommendation" text null, "summary" text null, "submitted_at" timestamptz null, "updated_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`);
    this.addSql(`create index "assignments_reviewer_user_id_assigned_at_id_index" on "labelling"."assignments" ("reviewer_user_id", "assigned_at", "id");`);
    this.addSql(`create index "assignments_case_id_round_index" on "labelling"."assignments" ("case_id", "round");`);

    this.addSql(`create table "labelling"."case_rounds" ("case_id" uuid not null, "round" int not null, "snapshot" jsonb not null, "checks" jsonb not null, "opened_at" timestamptz not null, "admissibility" jsonb null, "decision" jsonb null, "closed_at" timestamptz null, "closed_reason" text null, primary key ("case_id", "round"));`);

    this.addSql(`create table "labelling"."dead_letters" ("id" uuid not null, "consumer" text not null, "queue" text not null, "event_id" uuid not null, "event_type" text not null, "envelope" jsonb not null, "error_code" text not null, "error" text not null, "attempts" int not null, "failed_at" timestamptz not null, "redrive_count" int not null default 0, "redriven_at" timestamptz null, "resolved_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "labelling"."dead_letters" add constraint "dead_letters_consumer_event_id_unique" unique ("consumer", "event_id");`);

    this.addSql(`create table "labelling"."idempotency_keys" ("scope" text not null, "key" text not null, "fingerprint" text not null, "state" text not null, "status_code" int null, "body" jsonb null, "headers" jsonb null, "created_at" timestamptz not null default now(), primary key ("scope", "key"));`);

    this.addSql(`create table "labelling"."inbox" ("consumer" text not null, "event_id" uuid not null, "type" text not null, "processed_at" timestamptz not null default now(), primary key ("consumer", "event_id"));`);

    this.addSql(`create table "labelling"."labels" ("number" text not null, "case_id" uuid not null, "round" int not null, "project_id" uuid not null, "acronym" text not null, "title" text not null, "pole_id" uuid not null, "pole_code" text not null, "pole_name" text not null, "lead" boolean not null, "granted_at" timestamptz not null, "valid_until" date not null, "call_ref" text null, "conditions" jsonb not null, "revoked_at" timestamptz null, "revocation_motivation" text null, primary key ("number"));`);
    this.addSql(`alter table "labelling"."labels" add constraint "labels_case_id_unique" unique ("case_id");`);
    this.addSql(`create index "labels_project_id_index" on "labelling"."labels" ("project_id");`);

    this.addSql(`create table "labelling"."label_counters" ("pole_id" uuid not null, "year" int not null, "last" int not null, primary key ("pole_id", "year"));`);

    this.addSql(`create table "labelling"."cases" ("id" uuid not null, "project_id" uuid not null, "pole_id" uuid not null, "lead" boolean not null, "round" int not null, "status" text not null, "acronym" text not null, "title" text not null, "organisation_ids" uuid[] not null, "opened_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`);
    this.addSql(`create index "cases_pole_id_opened_at_id_index" on "labelling"."cases" ("pole_id", "opened_at", "id");`);
    this.addSql(`alter table "labelling"."cases" add constraint "cases_project_id_pole_id_unique" unique ("project_id", "pole_id");`);

    this.addSql(`create table "labelling"."memberships" ("user_id" uuid not null, "organisation_id" uuid not null, primary key ("user_id", "organisation_id"));`);
    this.addSql(`create index "memberships_organisation_id_index" on "labelling"."memberships" ("organisation_id");`);

    this.addSql(`create table "labelling"."organisations" ("id" uuid not null, "name" text not null, "siren" text not null, primary key ("id"));`);

    this.addSql(`create table "labelling"."outbox" ("id" uuid not null, "type" text not null, "stream_id" text not null, "sequence" bigint not null, "envelope" jsonb not null, "created_at" timestamptz not null default now(), "published_at" timestamptz null, "publish_attempts" int not null default 0, "last_error" text null, primary key ("id"));`);
    this.addSql(`create index "outbox_unpublished_idx" on "labelling"."outbox" ("created_at") where "published_at" is null;`);

    this.addSql(`create table "labelling"."poles" ("id" uuid not null, "code" text not null, "name" text not null, "regions" jsonb not null, "themes" jsonb not null, primary key ("id"));`);

    this.addSql(`create table "labelling"."pole_settings" ("pole_id" uuid not null, "quorum" int not null, "weights" jsonb not null, "collaborative_required" boolean not null, "max_partner_share_pct" int not null, "min_lead_regional_share_pct" int not null, "review_days" int not null, "label_validity_months" int not null, "updated_at" timestamptz not null, "version" int not null default 1, primary key ("pole_id"));`);

    this.addSql(`create table "labelling"."pool_members" ("pole_id" uuid not null, "user_id" uuid not null, "active" boolean not null, "available" boolean not null default true, "expertise" jsonb not null, "since" timestamptz not null, "updated_at" timestamptz not null, primary key ("pole_id", "user_id"));`);

    this.addSql(`create table "labelling"."stream_cursors" ("consumer" text not null, "source" text not null, "stream_id" text not null, "last_sequence" bigint not null, primary key ("consumer", "source", "stream_id"));`);

    this.addSql(`create table "labelling"."stream_sequences" ("stream_id" text not null, "last_sequence" bigint not null, primary key ("stream_id"));`);
  }

}
