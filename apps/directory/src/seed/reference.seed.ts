import type { INestApplicationContext } from '@nestjs/common';
import { FundersSeeder } from '../funders/funders.seeder.js';
import { PolesSeeder } from '../poles/poles.seeder.js';
import type { SeedOutcome } from '../reference/seed-rows.js';

export interface ReferenceSeedOutcome {
  poles: SeedOutcome;
  funders: SeedOutcome;
}

/**
 * Seeds the reference data (57 poles, 16 funders) after migrations, at every start-up. Idempotent: a
 * restart changes nothing and emits no event; an edited poles.data.json or funders.data.ts republishes
 * (`pole.published`, `funder.published`) only the edited rows.
 */
export async function seedReference(app: INestApplicationContext): Promise<ReferenceSeedOutcome> {
  const poles = await app.get(PolesSeeder).seed();
  const funders = await app.get(FundersSeeder).seed();
  return { poles, funders };
}
