import type { EntityClass, EntityData, RequiredEntityData } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { EventDraft, OutboxWriter } from '@poleflow/messaging';

export interface SeedOutcome {
  created: number;
  updated: number;
  unchanged: number;
}

/** One table of reference data (poles, funders) and the event that publishes one of its rows. */
export interface ReferenceTable<E extends object, S extends { id: string }> {
  /** "poles", "funders": names the advisory lock and the events' correlation id (`seed:poles`). */
  name: string;
  entity: EntityClass<E>;
  /** The columns the seed writes, but the id: a row whose columns all equal its seed's is unchanged. */
  columns: readonly (keyof S & keyof E & string)[];
  /** The event of a new or changed row. */
  published: (seed: S) => EventDraft;
  /** Columns written with the seed's when a row is created or changed (a pole's `updatedAt`). */
  touched?: (now: Date) => EntityData<E>;
}

/**
 * Upserts reference rows by their deterministic id (uuid v5 of the slug), in one transaction: a row that is
 * new or whose data changed is written and published through the outbox in the same transaction, an
 * unchanged one is left alone — a restart writes and emits nothing. Rows missing from the seeds are kept:
 * other data references them.
 */
export async function seedRows<E extends { id: string }, S extends { id: string }>(
  orm: MikroORM, outbox: OutboxWriter, table: ReferenceTable<E, S>, seeds: readonly S[],
): Promise<SeedOutcome> {
  if (new Set(seeds.map((s) => s.id)).size !== seeds.length) throw new Error(`${table.name}: two seeds have the same id (slug)`);
  const same = (row: E, s: S): boolean => table.columns.every((c) => JSON.stringify(row[c]) === JSON.stringify(s[c]));
  return orm.em.fork().transactional(async (em) => {
    // Several instances starting together: one seeds, the others wait and then find nothing to do.
    await em.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`poleflow.directory.seed.${table.name}`]);
    const existing = new Map((await em.find(table.entity, {})).map((row) => [row.id, row]));
    const drafts: EventDraft[] = [];
    const outcome: SeedOutcome = { created: 0, updated: 0, unchanged: 0 };
    const now = new Date();
    for (const s of seeds) {
      const current = existing.get(s.id);
      // A seed holds columns of E (and its id): MikroORM's types cannot check that for a generic E, hence the casts.
      const data = { ...s, ...table.touched?.(now) };
      if (!current) {
        em.create(table.entity, data as unknown as RequiredEntityData<E>);
        outcome.created++;
      } else if (!same(current, s)) {
        em.assign<object>(current, data as EntityData<object>);
        outcome.updated++;
      } else {
        outcome.unchanged++;
        continue;
      }
      drafts.push(table.published(s));
    }
    await em.flush();
    if (drafts.length) await outbox.append(em, drafts, { actor: null, correlationId: `seed:${table.name}` });
    return outcome;
  });
}
