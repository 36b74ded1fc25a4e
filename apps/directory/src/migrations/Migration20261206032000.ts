import { Migration } from '@mikro-orm/migrations';

/**
 * French pole search (DOMAIN.md §8): French keywords per pole (`theme_detail_fr`) and the French labels of its
 * themes (`themes_fr`, from themes.fr.json) join the weighted document, on unaccented text with the `french`
 * configuration: name and aliases A (aliases unstemmed: they are notes such as "merger of …", whose French stem
 * would be "mer"), French keywords and theme labels B, English keywords and theme slugs C,
 * headquarters D. Queries match whole stems first, then word starts (`:*`), see poles.service.ts.
 * `unaccent` is created by Migration20261127062500 (CREATE EXTENSION needs a superuser: README).
 */
export class Migration20261206032000 extends Migration {

  override name = 'Migration20261206032000';

  override up(): void | Promise<void> {
    this.addSql(`alter table "directory"."poles" add column "theme_detail_fr" text null, add column "themes_fr" text null;`);
    this.addSql(`drop index if exists "directory"."poles_search_idx";`);
    this.addSql(`create or replace function "directory"."pole_search_vector_fr"(text, text, text, text, text, text[], text) returns tsvector
      language sql immutable parallel safe
      as $fn$ select
           setweight(to_tsvector('pg_catalog.french'::regconfig, "directory"."f_unaccent"(coalesce($1, ''))), 'A')
        || setweight(to_tsvector('pg_catalog.simple'::regconfig, "directory"."f_unaccent"(coalesce($2, ''))), 'A')
        || setweight(to_tsvector('pg_catalog.french'::regconfig, "directory"."f_unaccent"(coalesce($3, '') || ' ' || coalesce($4, ''))), 'B')
        || setweight(to_tsvector('pg_catalog.french'::regconfig, "directory"."f_unaccent"(
             coalesce($5, '') || ' ' || replace(coalesce(array_to_string($6, ' '), ''), '-', ' '))), 'C')
        || setweight(to_tsvector('pg_catalog.french'::regconfig, "directory"."f_unaccent"(coalesce($7, ''))), 'D')
      $fn$;`);
    this.addSql(`create index "poles_search_fr_idx" on "directory"."poles" using gin ("directory"."pole_search_vector_fr"("name", "aka", "theme_detail_fr", "themes_fr", "theme_detail", "themes", "hq"));`);
    this.addSql(`drop function if exists "directory"."pole_search_vector"(text, text, text, text[], text);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index if exists "directory"."poles_search_fr_idx";`);
    this.addSql(`drop function if exists "directory"."pole_search_vector_fr"(text, text, text, text, text, text[], text);`);
    this.addSql(`alter table "directory"."poles" drop column "theme_detail_fr", drop column "themes_fr";`);
  }

}
