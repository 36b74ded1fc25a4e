import { Migration } from '@mikro-orm/migrations';

export class Migration20261127090711 extends Migration {

  override name = 'Migration20261127090711';

  override up(): void | Promise<void> {
    this.addSql(`create table "tracker"."feed_entries" ("position" bigserial primary key, "event_id" uuid not null, "type" text not null, "occurred_at" timestamptz not null, "project_id" uuid not null, "source" text not null, "envelope" jsonb not null, "recorded_at" timestamptz not null default now());`);
    this.addSql(`alter table "tracker"."feed_entries" add constraint "feed_entries_event_id_unique" unique ("event_id");`);
    this.addSql(`create index "feed_entries_project_id_position_index" on "tracker"."feed_entries" ("project_id", "position");`);

    this.addSql(`create table "tracker"."webhook_deliveries" ("id" uuid not null, "subscription_id" uuid not null, "event_id" uuid not null, "event_type" text not null, "project_id" uuid not null, "status" text not null, "run" int not null default 0, "attempts" int not null default 0, "created_at" timestamptz not null, "queued_at" timestamptz not null, "last_attempt_at" timestamptz null, "last_status_code" int null, "last_error" text null, "delivered_at" timestamptz null, "failed_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "webhook_deliveries_pending_idx" on "tracker"."webhook_deliveries" ("queued_at") where "status" = 'pending';`);
    this.addSql(`create index "webhook_deliveries_subscription_id_created_at_index" on "tracker"."webhook_deliveries" ("subscription_id", "created_at");`);
    this.addSql(`alter table "tracker"."webhook_deliveries" add constraint "webhook_deliveries_subscription_id_event_id_unique" unique ("subscription_id", "event_id");`);

    this.addSql(`create table "tracker"."webhook_delivery_attempts" ("id" uuid not null, "delivery_id" uuid not null, "subscription_id" uuid not null, "attempt" int not null, "run" int not null, "attempted_at" timestamptz not null, "ok" boolean not null, "status_code" int null, "duration_ms" int not null, "error" text null, primary key ("id"));`);
    this.addSql(`create index "webhook_delivery_attempts_delivery_id_attempted_at_index" on "tracker"."webhook_delivery_attempts" ("delivery_id", "attempted_at");`);

    this.addSql(`create table "tracker"."webhook_subscriptions" ("id" uuid not null, "owner_kind" text not null, "owner_id" uuid not null, "url" text not null, "event_types" jsonb not null, "description" text not null, "secret" text not null, "previous_secret" text null, "previous_secret_expires_at" timestamptz null, "active" boolean not null, "paused_at" timestamptz null, "pause_reason" text null, "consecutive_failures" int not null default 0, "last_success_at" timestamptz null, "created_by" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`);
    this.addSql(`create index "webhook_subscriptions_owner_kind_owner_id_index" on "tracker"."webhook_subscriptions" ("owner_kind", "owner_id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "tracker"."feed_entries" cascade;`);
    this.addSql(`drop table if exists "tracker"."webhook_deliveries" cascade;`);
    this.addSql(`drop table if exists "tracker"."webhook_delivery_attempts" cascade;`);
    this.addSql(`drop table if exists "tracker"."webhook_subscriptions" cascade;`);
  }

}
