import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { DomainError } from '@poleflow/domain';
import { decodeCursor, pageOf, type Page } from '@poleflow/http';
import { escapeLike } from '../common/sql.js';
import type { PoleQuery, PoleView } from './pole.dto.js';
import { Pole, POLE_SEARCH_VECTOR } from './pole.entity.js';
import { THEME_LABELS_FR } from './pole.source.js';
import { readPoleQuery, tsQueryOf, wordStartsOf } from './pole-query.js';

export const poleView = (p: Pole): PoleView => ({
  id: p.id, slug: p.slug, code: p.code, name: p.name, aka: p.aka, regions: p.regions, themes: p.themes,
  themeLabels: p.themes.map((t) => ({ slug: t, fr: THEME_LABELS_FR[t] ?? t })), themeDetail: p.themeDetail, themeDetailFr: p.themeDetailFr,
  hq: p.hq, website: p.website, members: p.members, membersYear: p.membersYear, phaseVLabel: p.phaseVLabel, sources: p.sources,
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const unaccent = (sql: string) => `"directory".f_unaccent(${sql})`;

type Row = Record<string, unknown> & { id: string; score: string | number; sort_key: string };

/** The cursor key of a search page: relevance score and sort name of the last item. */
function decodeKey(key: string): { score: number; sortKey: string } {
  try {
    const [score, sortKey] = JSON.parse(key) as unknown[];
    if (typeof score === 'number' && Number.isSafeInteger(score) && typeof sortKey === 'string') return { score, sortKey };
  } catch {
    // fall through
  }
  throw new DomainError('INVALID_CURSOR', 'the cursor is not one this API returned', 400);
}

/**
 * The public pole directory. `q` is read by `readPoleQuery`: region names in it filter by region, the other
 * words are searched with PostgreSQL's `french` text search on unaccented text (stemming: "santé" finds
 * "Santé et biotechnologies", "aéronautique" "aéronautiques"), every word required, over the weighted document
 * of Migration20261206032000 (name A, French keywords and theme labels B, English keywords C, headquarters D).
 * Whole stems are tried first; when nothing matches, word starts (`:*`, "aéro" → "aéronautique"), so a typed
 * prefix finds its poles without a short word matching inside longer ones ("mer" never finds "polymères").
 * Results come by relevance (name starts with the words > a name word starts with them > text rank), then name.
 */
@Injectable()
export class PolesService {
  constructor(private readonly orm: MikroORM) {}

  async search(q: PoleQuery): Promise<Page<PoleView>> {
    const em = this.orm.em.fork();
    const limit = q.limit ?? 20;
    const after = decodeCursor(q.cursor);
    const filters: string[] = [];
    const params: unknown[] = [];
    const parts = q.q?.trim() ? readPoleQuery(q.q) : { regions: [], words: [] };
    let score = '0::bigint';
    if (parts.words.length) {
      const mode = (await this.anyExact(parts.words)) ? 'exact' : 'prefix';
      const tsq = `to_tsquery('french', ?)`;
      const phrase = parts.words.join(' ');
      const starts = wordStartsOf(parts.words);
      score = `(case when lower(${unaccent('p.name')}) like ? || '%' then 2000000 when ${unaccent('p.name')} ~* ? then 1000000 else 0 end
        + round(ts_rank(${POLE_SEARCH_VECTOR('p')}, ${tsq}) * 100000))::bigint`;
      params.push(escapeLike(phrase), starts, tsQueryOf(parts.words, mode));
      // Word starts of the name only: aliases are notes ("merger of …") whose words must not match "mer".
      filters.push(`(${POLE_SEARCH_VECTOR('p')} @@ ${tsq} or ${unaccent('p.name')} ~* ?)`);
      params.push(tsQueryOf(parts.words, mode), `^(?=.*${parts.words.map((w) => `\\m${w}`).join(')(?=.*')})`);
    }
    const regions = [...parts.regions, ...(q.region ? [q.region.trim()] : [])];
    for (const region of regions) {
      filters.push(`exists (select 1 from unnest(p.regions) r where lower(${unaccent('r')}) = lower(${unaccent('?')}))`);
      params.push(region);
    }
    if (q.theme) {
      filters.push(`? = any(p.themes)`);
      params.push(q.theme.trim().toLowerCase());
    }
    let keyset = '';
    if (after) {
      const k = decodeKey(after.key);
      keyset = `where s.score < ? or (s.score = ? and (s.sort_key, s.id) > (?, ?::uuid))`;
      params.push(k.score, k.score, k.sortKey, after.id);
    }
    const rows = await em.execute<Row[]>(
      `select * from (
         select p.*, ${score} as score, lower(${unaccent('p.name')}) as sort_key from "directory"."poles" p
         ${filters.length ? `where ${filters.join(' and ')}` : ''}
       ) s ${keyset}
       order by s.score desc, s.sort_key, s.id limit ?`,
      [...params, limit + 1],
    );
    return pageOf(
      rows,
      limit,
      ({ score: _s, sort_key: _k, ...row }) => poleView(em.map(Pole, row)),
      (r) => [JSON.stringify([Number(r.score), r.sort_key]), r.id],
    );
  }

  /** Whether some pole matches every word as a whole stem (else the search falls back to word starts). */
  private async anyExact(words: readonly string[]): Promise<boolean> {
    const [row] = await this.orm.em.fork().execute<{ found: boolean }[]>(
      `select exists (select 1 from "directory"."poles" p where ${POLE_SEARCH_VECTOR('p')} @@ to_tsquery('french', ?)) as found`, [tsQueryOf(words, 'exact')],
    );
    return row?.found === true;
  }

  /** By id, or by slug for readable links (`/poles/aerospace-valley`). */
  async get(idOrSlug: string): Promise<PoleView> {
    const pole = await this.orm.em.fork().findOne(Pole, UUID.test(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug });
    if (!pole) throw new DomainError('POLE_NOT_FOUND', `no pole ${idOrSlug}`, 404);
    return poleView(pole);
  }
}
