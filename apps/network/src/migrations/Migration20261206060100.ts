import { Migration } from '@mikro-orm/migrations';

/** Memberships of poles and each pole's membership settings (fee grid, lead-partner requirement). */
export class Migration20261206060100 extends Migration {

  override name = 'Migration20261206060100';

  override up(): void | Promise<void> {
    this.addSql(`create table "network"."memberships" ("id" uuid not null, "pole_id" uuid not null, "organisation_id" uuid not null, "status" text not null, "fee_class" text not null, "city" text not null, "themes" jsonb not null, "contact" jsonb not null, "message" text null, "applied_by" uuid not null, "applied_at" timestamptz not null, "decided_by" uuid null, "decided_at" timestamptz null, "reason" text null, "years" jsonb not null, "ends_on" text null, "renewal_reminded_at" timestamptz null, "ended_at" timestamptz null, "updated_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`);
    this.addSql(`create index "memberships_pole_id_status_index" on "network"."memberships" ("pole_id", "status");`);
    this.addSql(`create index "memberships_organisation_id_index" on "network"."memberships" ("organisation_id");`);
    // One live (applied or active) membership per pole and organisation.
    this.addSql(`create unique index "memberships_live_unique" on "network"."memberships" ("pole_id", "organisation_id") where "status" in ('applied', 'active');`);
    this.addSql(`create table "network"."membership_settings" ("pole_id" uuid not null, "fees" jsonb not null, "lead_membership_required" boolean not null, "updated_by" uuid null, "updated_at" timestamptz not null, "version" int not null default 1, primary key ("pole_id"));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "network"."memberships" cascade;`);
    this.addSql(`drop table if exists "network"."membership_settings" cascade;`);
  }

}
