import { Migration } from '@mikro-orm/migrations';

export class Migration20261127074732 extends Migration {

  override name = 'Migration20261127074732';

  override up(): void | Promise<void> {
    this.addSql(`create table "submission"."labelling_outcomes" ("project_id" uuid not null, "pole_id" uuid not null, "case_id" uuid not null, "lead" boolean not null, "status" text not null, "label_number" text null, "valid_until" date null, "motivation" text not null, "requested_changes" jsonb not null, "conditions" jsonb not null, "round" int not null, "decided_at" timestamptz not null, primary key ("project_id", "pole_id"));`);

    this.addSql(`alter table "submission"."labelling_outcomes" add constraint "labelling_outcomes_project_id_foreign" foreign key ("project_id") references "submission"."projects" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "submission"."labelling_outcomes" cascade;`);
  }

}
