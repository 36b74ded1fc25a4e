import { Migration } from '@mikro-orm/migrations';

/**
 * Accent-insensitive French full-text search over the pole directory (ARCHITECTURE.md §2, DOMAIN.md §8).
 *
 * - `unaccent` lives in schema `public` (extensions are per database, not per service schema).
 * - `public.unaccent(text)` is only STABLE (it looks its dictionary up through search_path), so it may not
 *   appear in an index expression. `directory.f_unaccent` names the dictionary explicitly, which makes the
 *   result depend on its input only: declaring it IMMUTABLE is then sound (the usual PostgreSQL idiom).
 * - `directory.pole_search_vector` builds the weighted document (name > aliases > themes > headquarters)
 *   with the `french` configuration; the GIN index is on that expression, and queries call the same
 *   expression so the planner can use it.
 */
export class Migration20261127062500 extends Migration {

  override name = 'Migration20261127062500';

  override up(): void | Promise<void> {
    this.addSql(`create extension if not exists unaccent with schema public;`);
    this.addSql(`create or replace function "directory"."f_unaccent"(text) returns text
      language sql immutable parallel safe strict
      as $fn$ select public.unaccent('public.unaccent'::regdictionary, $1) $fn$;`);
    this.addSql(`create or replace function "directory"."pole_search_vector"(text, text, text, text[], text) returns tsvector
      language sql immutable parallel safe
      as $fn$ select
           setweight(to_tsvector('pg_catalog.french'::regconfig, "directory"."f_unaccent"(coalesce($1, ''))), 'A')
        || setweight(to_tsvector('pg_catalog.french'::regconfig, "directory"."f_unaccent"(coalesce($2, ''))), 'B')
        || setweight(to_tsvector('pg_catalog.french'::regconfig, "directory"."f_unaccent"(
             coalesce($3, '') || ' ' || replace(coalesce(array_to_string($4, ' '), ''), '-', ' '))), 'C')
        || setweight(to_tsvector('pg_catalog.french'::regconfig, "directory"."f_unaccent"(coalesce($5, ''))), 'D')
      $fn$;`);
    this.addSql(`create index "poles_search_idx" on "directory"."poles" using gin ("directory"."pole_search_vector"("name", "aka", "theme_detail", "themes", "hq"));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index if exists "directory"."poles_search_idx";`);
    this.addSql(`drop function if exists "directory"."pole_search_vector"(text, text, text, text[], text);`);
    this.addSql(`drop function if exists "directory"."f_unaccent"(text);`);
    // The extension stays: it is database-wide and other schemas may use it.
  }

}
