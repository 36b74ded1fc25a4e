import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { DomainError } from '@poleflow/domain';
import { decodeCursor, pageOf, type Page } from '@poleflow/http';
import { escapeLike } from '../common/sql.js';
import type { PoleQuery, PoleView } from './pole.dto.js';
import { Pole, POLE_SEARCH_VECTOR } from './pole.entity.js';

export const poleView = (p: Pole): PoleView => ({
  id: p.id, slug: p.slug, code: p.code, name: p.name, aka: p.aka, regions: p.regions, themes: p.themes, themeDetail: p.themeDetail,
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
 * The public pole directory. `q` is matched two ways, both accent-insensitive: French full-text search
 * (stemming: "cosmétique" finds "cosmetics") over the expression index of the FTS migration, and a
 * substring match on name and aliases (so "aero" or "vegepol" find a pole before a word is complete).
 * With `q`, results come by relevance (name starts with q > name contains q > text rank), then by name.
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
    const text = q.q?.trim();
    let score = '0::bigint';
    if (text) {
      const like = escapeLike(text);
      score = `(case when ${unaccent('p.name')} ilike ${unaccent('?')} || '%' then 2000000 when ${unaccent('p.name')} ilike '%' || ${unaccent('?')} || '%' then 1000000 else 0 end
        + round(ts_rank(${POLE_SEARCH_VECTOR('p')}, websearch_to_tsquery('french', ${unaccent('?')})) * 100000))::bigint`;
      params.push(like, like, text);
      filters.push(`(${POLE_SEARCH_VECTOR('p')} @@ websearch_to_tsquery('french', ${unaccent('?')})
        or ${unaccent('p.name')} ilike '%' || ${unaccent('?')} || '%'
        or ${unaccent("coalesce(p.aka, '')")} ilike '%' || ${unaccent('?')} || '%')`);
      params.push(text, like, like);
    }
    if (q.region) {
      filters.push(`exists (select 1 from unnest(p.regions) r where lower(${unaccent('r')}) = lower(${unaccent('?')}))`);
      params.push(q.region.trim());
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

  /** By id, or by slug for readable links (`/poles/aerospace-valley`). */
  async get(idOrSlug: string): Promise<PoleView> {
    const pole = await this.orm.em.fork().findOne(Pole, UUID.test(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug });
    if (!pole) throw new DomainError('POLE_NOT_FOUND', `no pole ${idOrSlug}`, 404);
    return poleView(pole);
  }
}
