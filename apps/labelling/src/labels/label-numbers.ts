import type { EntityManager } from '@mikro-orm/postgresql';
import { ident } from '@poleflow/persistence';
import { LABELLING_SCHEMA } from '../schema.js';

/**
 * The next label sequence of a pole for a year, in the caller's transaction: the counter row stays locked
 * until commit, so numbers are unique and, as a rolled-back decision gives its number back, without gaps.
 */
export async function nextLabelSequence(em: EntityManager, poleId: string, year: number): Promise<number> {
  const [row] = await em.execute<{ last: number }[]>(
    `insert into ${ident(LABELLING_SCHEMA)}.label_counters (pole_id, year, last) values (?, ?, 1)
     on conflict (pole_id, year) do update set last = label_counters.last + 1 returning last`,
    [poleId, year],
  );
  return Number(row.last);
}
