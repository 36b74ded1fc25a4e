import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { DomainError } from '@poleflow/domain';
import { unstorable } from './input-guard.js';

export class PageQuery {
  @ApiPropertyOptional({ description: 'opaque cursor from the previous page' })
  @IsOptional() @IsString() @MaxLength(500) cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Keyset cursor: the sort key and id of the last item, base64url-encoded. */
export function encodeCursor(key: string, id: string): string {
  return Buffer.from(JSON.stringify([key, id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const invalidCursor = () => new DomainError('INVALID_CURSOR', 'the cursor is not one this API returned', 400);

/**
 * The key and id of a cursor. A cursor is client input that skipped the input guard (it is base64): its id must
 * be a uuid and its key text PostgreSQL can store, else INVALID_CURSOR (a forged cursor was a 500 before).
 */
export function decodeCursor(cursor: string | undefined): { key: string; id: string } | undefined {
  if (!cursor) return undefined;
  try {
    const [key, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof key === 'string' && typeof id === 'string' && UUID.test(id) && key.length <= 400 && !unstorable(key)) return { key, id };
  } catch {
    // fall through
  }
  throw invalidCursor();
}

/** A cursor whose key is a timestamp (created, opened, closing…): `at` is that time, checked. */
export function decodeTimeCursor(cursor: string | undefined): { key: string; id: string; at: Date } | undefined {
  const c = decodeCursor(cursor);
  if (!c) return undefined;
  const at = new Date(c.key);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(c.key) || Number.isNaN(at.getTime())) throw invalidCursor();
  return { ...c, at };
}

/** Builds a page from `limit + 1` rows fetched in order. */
export function pageOf<R, T>(rows: R[], limit: number, map: (r: R) => T, keyOf: (r: R) => [string, string]): Page<T> {
  const more = rows.length > limit;
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(map), nextCursor: more && last ? encodeCursor(...keyOf(last)) : null };
}
