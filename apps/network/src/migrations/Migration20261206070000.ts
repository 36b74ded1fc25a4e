import { Migration } from '@mikro-orm/migrations';
import { matchingFunctionsDdl } from '@poleflow/matching';

/**
 * Matchmaking (network-b): organisation profiles with their French full-text vector, "partner wanted" requests,
 * contacts and their messages, and the copies of projects and their partners (earlier collaborations, drafts).
 *
 * `organisation_profiles.search` is not mapped by the ORM: the service writes it with
 * `profile_search_vector(name, description, keywords, equipment)` on every save (libs/matching). The view
 * `match_candidates` gives libs/matching's feature query the shape it reads (text arrays, partner kind).
 */
export class Migration20261206070000 extends Migration {

  override name = 'Migration20261206070000';

  override up(): void | Promise<void> {
    this.addSql(`create extension if not exists unaccent with schema public;`);
    for (const sql of matchingFunctionsDdl('network')) this.addSql(`${sql};`);
    this.addSql(`create table "network"."organisation_profiles" ("organisation_id" uuid not null, "description" text not null, "keywords" jsonb not null, "themes" jsonb not null, "naf_code" text null, "equipment" jsonb not null, "seeks" jsonb not null, "city" text null, "updated_by" uuid not null, "updated_at" timestamptz not null, "version" int not null default 1, "search" tsvector null, primary key ("organisation_id"));`);
    this.addSql(`create index "organisation_profiles_search_idx" on "network"."organisation_profiles" using gin ("search");`);
    this.addSql(`create table "network"."partner_requests" ("id" uuid not null, "author_organisation_id" uuid not null, "author_user_id" uuid not null, "pole_id" uuid not null, "title" text not null, "idea" text not null, "competence" text not null, "kinds_sought" jsonb not null, "regions_sought" jsonb not null, "themes" jsonb not null, "deadline" date not null, "visibility" text not null, "status" text not null, "found_organisation_id" uuid null, "created_at" timestamptz not null, "closed_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "partner_requests_status_created_at_index" on "network"."partner_requests" ("status", "created_at");`);
    this.addSql(`create index "partner_requests_author_organisation_id_index" on "network"."partner_requests" ("author_organisation_id");`);
    this.addSql(`create table "network"."contacts" ("id" uuid not null, "from_organisation_id" uuid not null, "to_organisation_id" uuid not null, "partner_request_id" uuid null, "message" text not null, "status" text not null, "requested_by" uuid not null, "requested_at" timestamptz not null, "answered_by" uuid null, "answered_at" timestamptz null, "last_activity_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "contacts_from_organisation_id_requested_at_index" on "network"."contacts" ("from_organisation_id", "requested_at");`);
    this.addSql(`create index "contacts_to_organisation_id_requested_at_index" on "network"."contacts" ("to_organisation_id", "requested_at");`);
    // One live (pending or accepted) contact per pair of organisations, whichever side opened it.
    this.addSql(`create unique index "contacts_live_pair_unique" on "network"."contacts" (least("from_organisation_id", "to_organisation_id"), greatest("from_organisation_id", "to_organisation_id")) where "status" in ('pending', 'accepted');`);
    this.addSql(`create table "network"."contact_messages" ("id" uuid not null, "contact_id" uuid not null, "author_organisation_id" uuid not null, "posted_by" uuid not null, "body" text not null, "posted_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "contact_messages_contact_id_posted_at_index" on "network"."contact_messages" ("contact_id", "posted_at");`);
    this.addSql(`create table "network"."projects" ("id" uuid not null, "acronym" text not null, "title" text not null, "summary" text not null, "themes" jsonb not null, "keywords" jsonb not null, "coordinator_organisation_id" uuid not null, "status" text not null, primary key ("id"));`);
    this.addSql(`create table "network"."project_partners" ("project_id" uuid not null, "organisation_id" uuid not null, "project_title" text not null, primary key ("project_id", "organisation_id"));`);
    this.addSql(`create index "project_partners_organisation_id_index" on "network"."project_partners" ("organisation_id");`);
    this.addSql(`create view "network"."match_candidates" as
      select p.organisation_id, o.name,
             case o.kind when 'research_organisation' then 'lab' when 'training_body' then 'training' else coalesce(o.category_fr, 'PME') end as partner_kind,
             o.region, array(select jsonb_array_elements_text(o.regions)) as regions,
             array(select jsonb_array_elements_text(p.themes)) as themes,
             array(select jsonb_array_elements_text(p.keywords)) as keywords,
             array(select jsonb_array_elements_text(p.equipment)) as equipment,
             p.search
        from "network"."organisation_profiles" p join "network"."organisations" o on o.id = p.organisation_id;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop view if exists "network"."match_candidates";`);
    for (const t of ['project_partners', 'projects', 'contact_messages', 'contacts', 'partner_requests', 'organisation_profiles']) this.addSql(`drop table if exists "network"."${t}";`);
    this.addSql(`drop function if exists "network"."profile_search_vector"(text, text, text[], text[]);`);
    this.addSql(`drop function if exists "network"."f_unaccent"(text);`);
  }

}
