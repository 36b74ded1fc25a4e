import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { OutboxWriter, type EventDraft } from '@poleflow/messaging';
import { Pole } from './pole.entity.js';
import { POLE_RECORDS, poleSeedOf, type PoleSeed } from './pole.source.js';

export interface SeedOutcome {
  created: number;
  updated: number;
  unchanged: number;
}

/** The `pole.published` of a pole (its seed, or the stored row when republishing): one builder for both. */
export const polePublished = (p: Pick<PoleSeed, 'id' | 'slug' | 'code' | 'name' | 'regions' | 'themes'>): EventDraft<'pole.published'> => ({
  type: 'pole.published', streamId: p.id, payload: { poleId: p.id, slug: p.slug, code: p.code, name: p.name, regions: p.regions, themes: p.themes },
});

const COLUMNS = ['slug', 'code', 'name', 'aka', 'regions', 'themes', 'themeDetail', 'hq', 'website', 'members', 'membersYear', 'phaseVLabel', 'sources'] as const;
const sameAs = (p: Pole, s: PoleSeed): boolean => COLUMNS.every((c) => JSON.stringify(p[c]) === JSON.stringify(s[c]));

/**
 * Seeds the pole directory from poles.data.json, idempotently: upsert by deterministic id (uuid v5 of the
 * slug), and `pole.published` only for a pole that is new or whose data changed — a restart emits nothing.
 * Poles missing from the file are left alone: projects and labels reference them.
 */
@Injectable()
export class PolesSeeder {
  constructor(private readonly orm: MikroORM, private readonly outbox: OutboxWriter) {}

  async seed(records = POLE_RECORDS): Promise<SeedOutcome> {
    const seeds = records.map(poleSeedOf);
    const codes = new Set(seeds.map((s) => s.code));
    if (codes.size !== seeds.length) throw new Error('pole codes are not unique');
    return this.orm.em.fork().transactional(async (em) => {
      // Several instances starting together: one seeds, the others wait and then find nothing to do.
      await em.execute(`select pg_advisory_xact_lock(hashtext('poleflow.directory.seed.poles'))`);
      const existing = new Map((await em.find(Pole, {})).map((p) => [p.id, p]));
      const drafts: EventDraft[] = [];
      const outcome: SeedOutcome = { created: 0, updated: 0, unchanged: 0 };
      const now = new Date();
      for (const s of seeds) {
        const current = existing.get(s.id);
        if (!current) {
          em.create(Pole, { ...s, updatedAt: now });
          outcome.created++;
        } else if (!sameAs(current, s)) {
          em.assign(current, { ...s, updatedAt: now });
          outcome.updated++;
        } else {
          outcome.unchanged++;
          continue;
        }
        drafts.push(polePublished(s));
      }
      await em.flush();
      if (drafts.length) await this.outbox.append(em, drafts, { actor: null, correlationId: 'seed:poles' });
      return outcome;
    });
  }
}
