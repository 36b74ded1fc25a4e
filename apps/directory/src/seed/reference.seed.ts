import type { INestApplicationContext } from '@nestjs/common';
import { FundersService } from '../funders/funders.service.js';
import { PolesSeeder, type SeedOutcome } from '../poles/poles.seeder.js';

export interface ReferenceSeedOutcome {
  poles: SeedOutcome;
  fundersCreated: number;
}

/**
 * Seeds the reference data (57 poles, 16 funders) after migrations, at every start-up. Idempotent: a
 * restart changes nothing and emits no event; an edited poles.data.json republishes only the edited poles.
 */
export async function seedReference(app: INestApplicationContext): Promise<ReferenceSeedOutcome> {
  const poles = await app.get(PolesSeeder).seed();
  const fundersCreated = await app.get(FundersService).seed();
  return { poles, fundersCreated };
}
