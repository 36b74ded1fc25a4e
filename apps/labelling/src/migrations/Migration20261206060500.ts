import { Migration } from '@mikro-orm/migrations';

/** Pole memberships and each pole's membership rule, copied from network's events (the lead-partner membership check). */
export class Migration20261206060500 extends Migration {

  override name = 'Migration20261206060500';

  override up(): void | Promise<void> {
    this.addSql(`create table "labelling"."pole_memberships" ("pole_id" uuid not null, "organisation_id" uuid not null, "membership_id" uuid not null, "active" boolean not null, "updated_at" timestamptz not null, primary key ("pole_id", "organisation_id"));`);
    this.addSql(`create table "labelling"."membership_requirements" ("pole_id" uuid not null, "lead_membership_required" boolean not null, primary key ("pole_id"));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "labelling"."pole_memberships" cascade;`);
    this.addSql(`drop table if exists "labelling"."membership_requirements" cascade;`);
  }

}
