import { Migration } from '@mikro-orm/migrations';

export class Migration20261127075027 extends Migration {

  override name = 'Migration20261127075027';

  override up(): void | Promise<void> {
    this.addSql(`create table "tracker"."labelling_cases" ("project_id" uuid not null, "pole_id" uuid not null, "case_id" uuid not null, "pole_name" text not null, "pole_code" text not null, "lead" boolean not null, "round" int not null, "status" text not null, "label_number" text null, "valid_until" date null, "updated_at" timestamptz not null, primary key ("project_id", "pole_id"));`);

    this.addSql(`alter table "tracker"."projects" add "round" int not null default 0;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "tracker"."labelling_cases" cascade;`);

    this.addSql(`alter table "tracker"."projects" drop column "round";`);
  }

}
