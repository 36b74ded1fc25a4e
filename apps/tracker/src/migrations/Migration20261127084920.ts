import { Migration } from '@mikro-orm/migrations';

export class Migration20261127084920 extends Migration {

  override name = 'Migration20261127084920';

  override up(): void | Promise<void> {
    this.addSql(`create table "tracker"."funders" ("id" uuid not null, "name" text not null, "kind" text not null, "region" text null, primary key ("id"));`);

    this.addSql(`create table "tracker"."funding_applications" ("project_id" uuid not null, "application_id" uuid not null, "call_id" uuid not null, "call_title" text not null, "funder_id" uuid not null, "funder_name" text not null, "status" text not null, "granted_cents" bigint null, "updated_at" timestamptz not null, primary key ("project_id", "application_id"));`);
    this.addSql(`create index "funding_applications_funder_id_updated_at_index" on "tracker"."funding_applications" ("funder_id", "updated_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "tracker"."funders" cascade;`);
    this.addSql(`drop table if exists "tracker"."funding_applications" cascade;`);
  }

}
