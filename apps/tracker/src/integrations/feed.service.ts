import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Principal } from '@poleflow/auth';
import { DomainError } from '@poleflow/domain';
import { decodeCursor, encodeCursor } from '@poleflow/http';
import { ident } from '@poleflow/persistence';
import { TRACKER_SCHEMA } from '../mikro-orm.config.js';
import { feedScope } from './integrations.access.js';
import type { FeedItem, FeedPage, FeedQuery } from './feed.dto.js';

interface Row { xid: string; position: string; event_id: string; type: string; occurred_at: Date; project_id: string; payload: Record<string, unknown> }

/** The (transaction id, position) after which a cursor continues. */
function positionOf(cursor: string | undefined): { xid: string; position: string } {
  const c = decodeCursor(cursor);
  if (!c) return { xid: '0', position: '0' };
  const m = /^(\d{1,20}):(\d{1,19})$/.exec(c.key);
  if (!m) throw new DomainError('INVALID_CURSOR', 'the cursor is not one this API returned', 400);
  return { xid: m[1], position: m[2] };
}

/**
 * The ordered event feed: every event the tracker applied, ordered by the id of the transaction that applied it,
 * then by position. Only rows of transactions older than every transaction still running are handed out
 * (`xid < pg_snapshot_xmin(pg_current_snapshot())`): they are all committed (or rolled back), and any
 * transaction that commits later has a larger id, so a reader following the cursor never skips an event — and
 * writers take no lock. The feed is cut to what the caller may see now. Visibility is decided when read: a funder sees a project's whole history
 * once the project applied to one of its calls.
 */
@Injectable()
export class FeedService {
  private readonly s = ident(TRACKER_SCHEMA);

  constructor(private readonly orm: MikroORM) {}

  async page(q: FeedQuery, p: Principal): Promise<FeedPage> {
    const after = positionOf(q.after);
    const limit = q.limit ?? 50;
    const scope = feedScope(p, this.s, 'f.project_id');
    if (!scope) return { items: [], nextCursor: null, resumeCursor: q.after ?? null };
    const rows = await this.orm.em.fork().execute<Row[]>(
      `select f.xid::text as xid, f.position::text as position, f.event_id, f.type, f.occurred_at, f.project_id, f.envelope -> 'payload' as payload
         from ${this.s}.feed_entries f
        where (f.xid, f.position) > (?::text::xid8, ?::bigint) and f.xid < pg_snapshot_xmin(pg_current_snapshot()) and ${scope.sql}
        order by f.xid, f.position limit ?`,
      [after.xid, after.position, ...scope.params, limit + 1],
    );
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    const cursorOf = (r: Row) => encodeCursor(`${r.xid}:${r.position}`, r.event_id);
    return {
      items: items.map((r): FeedItem => ({ id: r.event_id, type: r.type, occurredAt: new Date(r.occurred_at).toISOString(), projectId: r.project_id, payload: r.payload })),
      nextCursor: rows.length > limit && last ? cursorOf(last) : null,
      resumeCursor: last ? cursorOf(last) : (q.after ?? null),
    };
  }
}
