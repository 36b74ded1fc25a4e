import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { OutboxWriter, type EventDraft } from '@poleflow/messaging';
import { funderIdOf } from '../reference/ids.js';
import { seedRows, type ReferenceTable, type SeedOutcome } from '../reference/seed-rows.js';
import { Funder } from './funder.entity.js';
import { FUNDER_SEEDS, type FunderSeed } from './funders.data.js';

/** The `funder.published` of a funder (its seed, or the stored row when republishing): one builder for both. */
export const funderPublished = (f: Pick<Funder, 'id' | 'slug' | 'name' | 'kind' | 'region'>): EventDraft<'funder.published'> => ({
  type: 'funder.published', streamId: f.id, payload: { funderId: f.id, slug: f.slug, name: f.name, kind: f.kind, region: f.region },
});

type FunderRow = FunderSeed & { id: string };

const FUNDERS: ReferenceTable<Funder, FunderRow> = {
  name: 'funders',
  entity: Funder,
  columns: ['slug', 'name', 'kind', 'region', 'website'],
  published: funderPublished,
};

/**
 * Seeds the funders from funders.data.ts, like the poles (reference/seed-rows.ts): upsert by deterministic id
 * (uuid v5 of the slug), and `funder.published` only for a funder that is new or whose data changed — a
 * restart emits nothing.
 */
@Injectable()
export class FundersSeeder {
  constructor(private readonly orm: MikroORM, private readonly outbox: OutboxWriter) {}

  seed(seeds: readonly FunderSeed[] = FUNDER_SEEDS): Promise<SeedOutcome> {
    return seedRows(this.orm, this.outbox, FUNDERS, seeds.map((s) => ({ id: funderIdOf(s.slug), ...s })));
  }
}
