import { Migration } from '@mikro-orm/migrations';

/** Consortium consent (invitations, confirmations), GBER declarations, funders a project applied to. */
export class Migration20261206031500 extends Migration {

  override name = 'Migration20261206031500';

  override up(): void | Promise<void> {
    this.addSql(`create table "submission"."invitations" ("id" uuid not null, "project_id" uuid not null, "organisation_id" uuid null, "email" text null, "role" text not null, "message" text not null default '', "status" text not null, "invited_by" uuid not null, "invited_at" timestamptz not null, "answered_by" uuid null, "answered_at" timestamptz null, "decline_reason" text null, primary key ("id"));`);
    this.addSql(`create index "invitations_project_id_index" on "submission"."invitations" ("project_id");`);
    this.addSql(`create index "invitations_organisation_id_status_index" on "submission"."invitations" ("organisation_id", "status");`);
    this.addSql(`create index "invitations_email_status_index" on "submission"."invitations" ("email", "status");`);
    // One open invitation per (project, organisation) and per (project, e-mail), even under concurrent requests.
    this.addSql(`create unique index "invitations_pending_organisation_unique" on "submission"."invitations" ("project_id", "organisation_id") where "status" = 'pending' and "organisation_id" is not null;`);
    this.addSql(`create unique index "invitations_pending_email_unique" on "submission"."invitations" ("project_id", "email") where "status" = 'pending' and "email" is not null;`);
    this.addSql(`alter table "submission"."invitations" add constraint "invitations_project_id_foreign" foreign key ("project_id") references "submission"."projects" ("id") on delete cascade;`);

    this.addSql(`create table "submission"."project_funders" ("project_id" uuid not null, "funder_id" uuid not null, "applied_at" timestamptz not null, primary key ("project_id", "funder_id"));`);
    this.addSql(`create index "project_funders_funder_id_index" on "submission"."project_funders" ("funder_id");`);

    this.addSql(`alter table "submission"."projects" add column "wide_dissemination" jsonb null;`);
    this.addSql(`alter table "submission"."partners" add column "non_economic_activity" boolean null, add column "may_publish" boolean null, add column "confirmed_at" timestamptz null, add column "confirmed_by" uuid null, add column "confirmation_reset_at" timestamptz null;`);
    // Partners added before consent existed keep their standing: their budgets count as confirmed.
    this.addSql(`update "submission"."partners" set "confirmed_at" = "added_at";`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "submission"."invitations" cascade;`);
    this.addSql(`drop table if exists "submission"."project_funders" cascade;`);
    this.addSql(`alter table "submission"."projects" drop column "wide_dissemination";`);
    this.addSql(`alter table "submission"."partners" drop column "non_economic_activity", drop column "may_publish", drop column "confirmed_at", drop column "confirmed_by", drop column "confirmation_reset_at";`);
  }

}
