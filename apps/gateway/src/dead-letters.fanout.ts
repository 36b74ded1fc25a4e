import { BadRequestException, HttpException, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { encodeCursor } from '@poleflow/http';
import type { DeadLetterView } from '@poleflow/messaging';
import type { UpstreamName } from './routes.js';
import { Upstreams, type UpstreamAnswer } from './upstreams.js';

/**
 * Per-service position of a merged listing: a service's own cursor to resume after, `null` when it has nothing
 * more, absent when it has not been read yet.
 */
export type FanoutCursor = Partial<Record<string, string | null>>;

export function encodeFanoutCursor(c: FanoutCursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeFanoutCursor(s: string | undefined): FanoutCursor {
  if (!s) return {};
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => x === null || typeof x === 'string')) return v as FanoutCursor;
  } catch {
    // fall through
  }
  throw new BadRequestException({ code: 'INVALID_CURSOR', message: 'the cursor is not one this API returned' });
}

export interface ServicePage {
  service: UpstreamName;
  items: DeadLetterView[];
  nextCursor: string | null;
}

/** Newest failure first; the id breaks ties the way each service orders its own list. */
const newestFirst = (a: DeadLetterView, b: DeadLetterView): number =>
  b.failedAt.localeCompare(a.failedAt) || b.id.localeCompare(a.id);

/**
 * k-way merge of one page per service (each already sorted newest first): the `limit` newest items overall,
 * and the cursor that resumes each service right after the last of its items that was taken.
 */
export function mergePages(pages: ServicePage[], before: FanoutCursor, limit: number): { items: DeadLetterView[]; cursor: FanoutCursor } {
  const all = pages.flatMap((p) => p.items.map((item) => ({ ...item, service: item.service ?? p.service })));
  const items = all.sort(newestFirst).slice(0, limit);
  const cursor: FanoutCursor = { ...before };
  for (const p of pages) {
    const taken = items.filter((i) => i.service === p.service);
    const last = taken[taken.length - 1];
    if (taken.length === p.items.length) cursor[p.service] = p.nextCursor;
    else if (last) cursor[p.service] = encodeCursor(last.failedAt, last.id);
  }
  return { items, cursor };
}

export interface MergedPage {
  items: DeadLetterView[];
  nextCursor: string | null;
  unavailable: string[];
}

export interface ListQuery {
  services: UpstreamName[];
  status?: string;
  cursor?: string;
  limit: number;
  headers: Record<string, string | undefined>;
}

/** An upstream's own problem answer (401, 403, 400…), re-issued with its status, code, detail and field errors. */
export class UpstreamProblem extends HttpException {
  constructor(answer: Extract<UpstreamAnswer, { reached: true }>) {
    let p: { code?: unknown; detail?: unknown; errors?: unknown } = {};
    try {
      p = JSON.parse(answer.body) as typeof p;
    } catch {
      // not JSON: keep the status only
    }
    super({
      code: typeof p.code === 'string' ? p.code : undefined,
      message: typeof p.detail === 'string' ? `${answer.service}: ${p.detail}` : `${answer.service} answered ${answer.status}`,
      errors: Array.isArray(p.errors) ? p.errors : undefined,
    }, answer.status);
  }
}

/** The dead letters of every service as one list, and redrive by id wherever the letter lives. */
@Injectable()
export class DeadLetterFanout {
  constructor(private readonly upstreams: Upstreams) {}

  async list(q: ListQuery): Promise<MergedPage> {
    const before = decodeFanoutCursor(q.cursor);
    const asked = q.services.filter((s) => before[s] !== null);
    const answers = await Promise.all(asked.map((s) => {
      const qs = new URLSearchParams({ limit: String(q.limit) });
      if (q.status) qs.set('status', q.status);
      if (before[s]) qs.set('cursor', before[s]);
      return this.upstreams.call(s, `/api/v1/admin/dead-letters?${qs}`, { headers: q.headers });
    }));
    const pages: ServicePage[] = [];
    const unavailable: string[] = [];
    const cursor: FanoutCursor = { ...before };
    for (const a of answers) {
      if (!a.reached || a.status >= 500) {
        // Left out of this listing and of its next pages (a client paging to the end must reach an end).
        unavailable.push(a.service);
        cursor[a.service] = null;
      } else if (a.status === 404) {
        cursor[a.service] = null; // a service without a dead-letter store
      } else if (a.status >= 400) {
        throw new UpstreamProblem(a);
      } else {
        const page = JSON.parse(a.body) as { items?: DeadLetterView[]; nextCursor?: string | null };
        pages.push({ service: a.service, items: page.items ?? [], nextCursor: page.nextCursor ?? null });
      }
    }
    const merged = mergePages(pages, cursor, q.limit);
    const more = q.services.some((s) => merged.cursor[s] !== null);
    return { items: merged.items, nextCursor: more ? encodeFanoutCursor(merged.cursor) : null, unavailable };
  }

  /** Asks the services (all, or the one named) and relays the first answer that is not a 404. */
  async redrive(id: string, services: UpstreamName[], headers: Record<string, string | undefined>): Promise<Extract<UpstreamAnswer, { reached: true }>> {
    const path = `/api/v1/admin/dead-letters/${encodeURIComponent(id)}/redrive`;
    const answers = await Promise.all(services.map((s) => this.upstreams.call(s, path, { method: 'POST', headers })));
    const found = answers.find((a): a is Extract<UpstreamAnswer, { reached: true }> => a.reached && a.status !== 404);
    if (found) return found;
    const down = answers.filter((a) => !a.reached).map((a) => a.service);
    if (down.length) {
      throw new ServiceUnavailableException({ code: 'UPSTREAM_UNAVAILABLE', message: `no dead letter ${id} found; could not ask ${down.join(', ')}` });
    }
    throw new NotFoundException({ code: 'DEAD_LETTER_NOT_FOUND', message: `no dead letter ${id} in ${services.join(', ')}` });
  }
}
