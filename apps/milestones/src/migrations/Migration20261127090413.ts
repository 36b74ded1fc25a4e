import { Migration } from '@mikro-orm/migrations';

export class Migration20261127090413 extends Migration {

  override name = 'Migration20261127090413';

  override up(): void | Promise<void> {
    this.addSql(`create table "milestones"."evidence" ("id" uuid not null, "milestone_id" uuid not null, "project_id" uuid not null, "funder_id" uuid not null, "organisation_ids" uuid[] not null, "filename" text not null, "content_type" text not null, "size_bytes" int not null, "sha256" text not null, "content" bytea not null, "uploaded_by" uuid not null, "uploaded_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "evidence_milestone_id_uploaded_at_index" on "milestones"."evidence" ("milestone_id", "uploaded_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "milestones"."evidence" cascade;`);
  }

}
