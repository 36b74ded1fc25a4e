import { Migration } from '@mikro-orm/migrations';

/**
 * Establishments (SIRET, address, region, head office) of an organisation, join requests, and the organisation
 * admin role. Existing organisations get their SIRET (if any) as head-office establishment, and their earliest
 * member becomes their admin (the person who registered it).
 */
export class Migration20261206030000 extends Migration {

  override name = 'Migration20261206030000';

  override up(): void | Promise<void> {
    this.addSql(`create table "directory"."establishments" ("id" uuid not null, "organisation_id" uuid not null references "directory"."organisations" ("id"), "siret" text not null, "address" text null, "region" text not null, "head_office" boolean not null, "created_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`alter table "directory"."establishments" add constraint "establishments_siret_unique" unique ("siret");`);
    this.addSql(`create index "establishments_organisation_id_index" on "directory"."establishments" ("organisation_id");`);
    this.addSql(`create unique index "establishments_one_head_office" on "directory"."establishments" ("organisation_id") where "head_office";`);
    this.addSql(`insert into "directory"."establishments" ("id", "organisation_id", "siret", "address", "region", "head_office", "created_at")
      select gen_random_uuid(), o.id, o.siret, null, o.region, true, o.created_at from "directory"."organisations" o where o.siret is not null;`);

    this.addSql(`create table "directory"."join_requests" ("id" uuid not null, "organisation_id" uuid not null references "directory"."organisations" ("id"), "account_id" uuid not null, "status" text not null, "message" text null, "establishment" jsonb null, "decided_by" uuid null, "decided_at" timestamptz null, "reason" text null, "created_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`create index "join_requests_organisation_id_status_index" on "directory"."join_requests" ("organisation_id", "status");`);
    this.addSql(`create unique index "join_requests_one_pending" on "directory"."join_requests" ("organisation_id", "account_id") where "status" = 'pending';`);

    this.addSql(`update "directory"."affiliations" set "role" = 'admin' where "id" in (
      select distinct on ("target_id") "id" from "directory"."affiliations" where "kind" = 'organisation' order by "target_id", "created_at", "id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`update "directory"."affiliations" set "role" = 'member' where "kind" = 'organisation' and "role" = 'admin';`);
    this.addSql(`drop table if exists "directory"."join_requests";`);
    this.addSql(`drop table if exists "directory"."establishments";`);
  }

}
