import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { OutboxWriter, type EventDraft } from '@poleflow/messaging';
import { seedRows, type ReferenceTable, type SeedOutcome } from '../reference/seed-rows.js';
import { Pole } from './pole.entity.js';
import { POLE_RECORDS, poleSeedOf, type PoleSeed } from './pole.source.js';

/** The `pole.published` of a pole (its seed, or the stored row when republishing): one builder for both. */
export const polePublished = (p: Pick<PoleSeed, 'id' | 'slug' | 'code' | 'name' | 'regions' | 'themes' | 'members'>): EventDraft<'pole.published'> => ({
  type: 'pole.published', streamId: p.id, payload: { poleId: p.id, slug: p.slug, code: p.code, name: p.name, regions: p.regions, themes: p.themes, members: p.members },
});

const POLES: ReferenceTable<Pole, PoleSeed> = {
  name: 'poles',
  entity: Pole,
  columns: ['slug', 'code', 'name', 'aka', 'regions', 'themes', 'themeDetail', 'themeDetailFr', 'themesFr', 'hq', 'website', 'members', 'membersYear', 'phaseVLabel', 'sources'],
  published: polePublished,
  touched: (now) => ({ updatedAt: now }),
};

/**
 * Seeds the pole directory from poles.data.json, idempotently (reference/seed-rows.ts): upsert by
 * deterministic id (uuid v5 of the slug), and `pole.published` only for a pole that is new or whose data
 * changed — a restart emits nothing. Poles missing from the file are left alone: projects and labels reference them.
 */
@Injectable()
export class PolesSeeder {
  constructor(private readonly orm: MikroORM, private readonly outbox: OutboxWriter) {}

  async seed(records = POLE_RECORDS): Promise<SeedOutcome> {
    const seeds = records.map(poleSeedOf);
    if (new Set(seeds.map((s) => s.code)).size !== seeds.length) throw new Error('pole codes are not unique');
    return seedRows(this.orm, this.outbox, POLES, seeds);
  }
}
