/*
 * The text part of matchmaking runs in PostgreSQL (French full-text search, issue 15 §3): the functions a
 * service's migration creates in its schema, the profile search vector, and the query that returns each
 * candidate's features for rank.ts. Placeholders are `?` (MikroORM's `em.execute`); `toPgParams` turns
 * them into `$n` for a bare `pg` client.
 *
 * Text relevance: the request's words go through `f_unaccent` and the `french` configuration (Snowball
 * stems, stop words out); each stem weighs its inverse document frequency over the profiles
 * (ln((N+1)/(df+0.5)): "laboratoire" or "entreprise" count for little, "lidar" for much), stems of the
 * competence sought weigh twice those of the idea; a profile scores the weight of the stems it contains
 * over the weight of all the request's stems present somewhere (0..1).
 */

const IDENT = /^[a-z_][a-z0-9_]*$/;
const q = (name: string): string => {
  if (!IDENT.test(name)) throw new Error(`refusing unsafe SQL identifier ${JSON.stringify(name)}`);
  return `"${name}"`;
};

export interface MatchingTables {
  /** Schema holding the functions and tables. */
  schema: string;
  /**
   * Table or view of candidates: organisation_id uuid, name, partner_kind, region, regions text[], themes text[],
   * keywords text[], equipment text[] and `search` (tsvector, `profile_search_vector` of name, description,
   * keywords, equipment, stored on every save and GIN-indexed).
   */
  profiles: string;
  /** One row per partner of a project: project_id uuid, organisation_id uuid, project_title text. */
  projectPartners: string;
}

/** DDL of the functions (idempotent): `f_unaccent` (IMMUTABLE, dictionary named) and `profile_search_vector`. Needs `create extension unaccent` (superuser) first. */
export function matchingFunctionsDdl(schema: string): string[] {
  const s = q(schema);
  return [
    `create or replace function ${s}."f_unaccent"(text) returns text
      language sql immutable parallel safe strict
      as $fn$ select public.unaccent('public.unaccent'::regdictionary, $1) $fn$`,
    `create or replace function ${s}."profile_search_vector"(text, text, text[], text[]) returns tsvector
      language sql immutable parallel safe
      as $fn$ select
           setweight(to_tsvector('pg_catalog.french'::regconfig, ${s}."f_unaccent"(coalesce($1, '') || ' ' || replace(coalesce(array_to_string($3, ' '), ''), '-', ' '))), 'A')
        || setweight(to_tsvector('pg_catalog.french'::regconfig, ${s}."f_unaccent"(replace(coalesce($2, ''), '-', ' '))), 'B')
        || setweight(to_tsvector('pg_catalog.french'::regconfig, ${s}."f_unaccent"(coalesce(array_to_string($4, ' '), ''))), 'C')
      $fn$`,
  ];
}

/** The expression that computes a profile's `search` column from four SQL expressions (name, description, keywords text[], equipment text[]). */
export const profileVectorOf = (schema: string, name: string, description: string, keywords: string, equipment: string): string =>
  `${q(schema)}."profile_search_vector"(${name}, ${description}, ${keywords}, ${equipment})`;

export interface FeatureQueryInput {
  /** The competence sought (weighs double). */
  competence: string;
  /** Title and idea of the request or the draft project. */
  idea: string;
  /** Organisations on the asking side: their earlier projects count as collaborations. */
  ourSide: string[];
  /** Never suggested (the asking side, the consortium already formed). */
  exclude: string[];
  /** How many candidates, by text score, go on to the final ranking. */
  limit: number;
}

/** Row returned by `featureQuery`, one per candidate. */
export interface FeatureRow {
  organisation_id: string;
  name: string;
  partner_kind: string;
  region: string;
  regions: string[];
  themes: string[];
  text_score: number | string;
  matched_lexemes: string[];
  matched_keywords: string[];
  matched_equipment: string[];
  shared_projects: string[];
}

export function featureQuery(t: MatchingTables, input: FeatureQueryInput): { sql: string; params: unknown[] } {
  const s = q(t.schema);
  const P = `${s}.${q(t.profiles)}`;
  const C = `${s}.${q(t.projectPartners)}`;
  const vec = (a: string) => `${a}."search"`;
  const ts = (x: string) => `to_tsvector('pg_catalog.french'::regconfig, ${s}."f_unaccent"(replace(${x}, '-', ' ')))`;
  const sql = `
with req as (
  select lexeme, bool_or(src = 'c') as in_competence from (
    select unnest(tsvector_to_array(${ts('?::text')})) as lexeme, 'c' as src
    union all
    select unnest(tsvector_to_array(${ts('?::text')})), 'i'
  ) x where length(lexeme) > 1 group by lexeme
),
n as (select count(*)::float8 as n from ${P}),
w as (
  select req.lexeme, quote_literal(req.lexeme)::tsquery as tq,
         ln((n.n + 1) / (d.df + 0.5)) * (case when req.in_competence then 1.0 else 0.5 end) as weight
  from req cross join n
  cross join lateral (select count(*)::float8 as df from ${P} p0 where ${vec('p0')} @@ quote_literal(req.lexeme)::tsquery) d
  where d.df > 0
),
tot as (select coalesce(sum(weight), 0) as total, string_agg(quote_literal(lexeme), ' | ')::tsquery as anyq from w),
ours as (select distinct project_id from ${C} where organisation_id in (select jsonb_array_elements_text(?::jsonb)::uuid))
select p.organisation_id, p.name, p.partner_kind, p.region, p.regions, p.themes,
  coalesce(m.score / nullif(tot.total, 0), 0)::float8 as text_score,
  coalesce(m.lexemes, '{}') as matched_lexemes,
  coalesce((select array_agg(k order by k) from unnest(p.keywords) k where ${ts('k')} @@ tot.anyq), '{}') as matched_keywords,
  coalesce((select array_agg(e order by e) from unnest(p.equipment) e where ${ts('e')} @@ tot.anyq), '{}') as matched_equipment,
  coalesce((select array_agg(distinct c.project_title order by c.project_title) from ${C} c
            where c.organisation_id = p.organisation_id and c.project_id in (select project_id from ours)), '{}') as shared_projects
from ${P} p cross join tot
cross join lateral (select sum(w.weight) as score, array_agg(w.lexeme order by w.weight desc) as lexemes from w where ${vec('p')} @@ w.tq) m
where p.organisation_id not in (select jsonb_array_elements_text(?::jsonb)::uuid)
  and (${vec('p')} @@ tot.anyq
       or exists (select 1 from ${C} c where c.organisation_id = p.organisation_id and c.project_id in (select project_id from ours)))
order by text_score desc, p.organisation_id
limit ?`;
  // Lists travel as JSON text: query builders (MikroORM's \`execute\`) expand a JS array into several placeholders.
  return { sql, params: [input.competence, input.idea, JSON.stringify(input.ourSide), JSON.stringify(input.exclude), input.limit] };
}

/** A JSON-array parameter (`?`) as a `text[]` expression. */
export const textArrayParam = "array(select jsonb_array_elements_text(?::jsonb))";

/** `?` placeholders → `$1…$n`, for a bare `pg` client (the matching SQL has no other `?`). */
export const toPgParams = (sql: string): string => {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
};
