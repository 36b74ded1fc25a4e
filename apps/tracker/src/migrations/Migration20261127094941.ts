import { Migration } from '@mikro-orm/migrations';

export class Migration20261127094941 extends Migration {

  override name = 'Migration20261127094941';

  override up(): void | Promise<void> {
    this.addSql(`create table "tracker"."notifications" ("id" uuid not null, "event_id" uuid not null, "event_type" text not null, "audience_kind" text not null, "audience_id" uuid not null, "project_id" uuid null, "message" text not null, "link" text not null, "created_at" timestamptz not null, "read_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "notifications_audience_kind_audience_id_created_at_index" on "tracker"."notifications" ("audience_kind", "audience_id", "created_at");`);
    this.addSql(`alter table "tracker"."notifications" add constraint "notifications_event_id_audience_kind_audience_id_unique" unique ("event_id", "audience_kind", "audience_id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "tracker"."notifications" cascade;`);
  }

}
