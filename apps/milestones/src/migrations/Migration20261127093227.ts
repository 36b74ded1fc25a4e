import { Migration } from '@mikro-orm/migrations';

export class Migration20261127093227 extends Migration {

  override name = 'Migration20261127093227';

  override up(): void | Promise<void> {
    this.addSql(`create table "milestones"."impact_reports" ("id" uuid not null, "project_id" uuid not null, "year" int not null, "revenue_cents" bigint not null, "jobs_created" int not null, "patents_filed" int not null, "exports_share_bps" int null, "comment" text null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "updated_by" uuid not null, primary key ("id"));`);
    this.addSql(`alter table "milestones"."impact_reports" add constraint "impact_reports_project_id_year_unique" unique ("project_id", "year");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "milestones"."impact_reports" cascade;`);
  }

}
