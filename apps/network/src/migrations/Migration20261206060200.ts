import { Migration } from '@mikro-orm/migrations';

/** Member support requests and their attached files. */
export class Migration20261206060200 extends Migration {

  override name = 'Migration20261206060200';

  override up(): void | Promise<void> {
    this.addSql(`create table "network"."support_requests" ("id" uuid not null, "pole_id" uuid not null, "organisation_id" uuid not null, "membership_id" uuid not null, "area" text not null, "area_detail" text null, "subject" text not null, "status" text not null, "assignee_id" uuid null, "due_on" text not null, "messages" jsonb not null, "opened_by" uuid not null, "opened_at" timestamptz not null, "taken_at" timestamptz null, "closed_at" timestamptz null, "outcome" text null, "reminded_at" timestamptz null, "overdue_at" timestamptz null, "updated_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`);
    this.addSql(`create index "support_requests_pole_id_status_index" on "network"."support_requests" ("pole_id", "status");`);
    this.addSql(`create index "support_requests_organisation_id_index" on "network"."support_requests" ("organisation_id");`);
    this.addSql(`create table "network"."support_attachments" ("id" uuid not null, "request_id" uuid not null, "pole_id" uuid not null, "organisation_id" uuid not null, "filename" text not null, "content_type" text not null, "size_bytes" int not null, "sha256" text not null, "content" bytea not null, "uploaded_by" uuid not null, "uploaded_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "support_attachments_request_id_uploaded_at_index" on "network"."support_attachments" ("request_id", "uploaded_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "network"."support_requests" cascade;`);
    this.addSql(`drop table if exists "network"."support_attachments" cascade;`);
  }

}
