import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** Same expression as the queries in poles.service.ts, so the planner can use the index. */
export const POLE_SEARCH_VECTOR = (alias: string): string =>
  `"directory"."pole_search_vector_fr"(${alias}."name", ${alias}."aka", ${alias}."theme_detail_fr", ${alias}."themes_fr", ${alias}."theme_detail", ${alias}."themes", ${alias}."hq")`;

/**
 * A pôle de compétitivité (DOMAIN.md §1.4), seeded from poles.data.json. A pole has many regions and many
 * themes (normalised vocabulary). Full-text search runs over an expression index created in
 * Migration20261206032000 (`directory.pole_search_vector_fr(...)`), not over a mapped column.
 */
@Entity({ tableName: 'poles' })
// Declared so that schema diffs know the index (created, with its functions, by the migration).
@Index({
  name: 'poles_search_fr_idx',
  expression: 'create index "poles_search_fr_idx" on "directory"."poles" using gin ("directory"."pole_search_vector_fr"("name", "aka", "theme_detail_fr", "themes_fr", "theme_detail", "themes", "hq"))',
})
export class Pole {
  /** uuid v5 of the slug (reference/ids.ts): stable across environments and re-seeds. */
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text', unique: true }) slug!: string;
  /** Short code used in label numbers (e.g. `AV` for Aerospace Valley); unique, never reused. */
  @Property({ type: 'text', unique: true }) code!: string;
  @Property({ type: 'text' }) name!: string;
  /** Aliases and former names (poles merge and get renamed). */
  @Property({ type: 'text', nullable: true }) aka!: string | null;
  @Property({ type: 'string[]', columnType: 'text[]' }) regions!: string[];
  @Property({ type: 'string[]', columnType: 'text[]' }) themes!: string[];
  @Property({ type: 'text', nullable: true }) themeDetail!: string | null;
  /** French keywords (poles.data.json `theme_detail_fr`). */
  @Property({ type: 'text', nullable: true }) themeDetailFr!: string | null;
  /** The French labels of its themes (themes.fr.json), joined with " ; ", for search. */
  @Property({ type: 'text', nullable: true }) themesFr!: string | null;
  @Property({ type: 'text', nullable: true }) hq!: string | null;
  @Property({ type: 'text', nullable: true }) website!: string | null;
  @Property({ type: 'integer', nullable: true }) members!: number | null;
  @Property({ type: 'integer', nullable: true }) membersYear!: number | null;
  /** The phase V (2023–2026) label as reported, e.g. "4y" or "2y (probation, extendable to 4y)". */
  @Property({ type: 'text', nullable: true, fieldName: 'phase_v_label' }) phaseVLabel!: string | null;
  @Property({ type: 'json' }) sources!: string[];
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' }) updatedAt!: Date;
}
