import { z } from 'zod';
import { commonEnv, envFlag, parseEnv } from '@poleflow/config';

export const fundingEnv = commonEnv.extend({
  PORT: z.coerce.number().int().positive().default(3004),
  /** Seed the demo calls: a PSPC-like Bpifrance call, a regional i-Démo, an ANR PRCE-like call and last year's closed i-Démo 4. */
  SEED_DEMO: envFlag(),
});
export type FundingConfig = z.infer<typeof fundingEnv>;

export const loadFundingConfig = (env: Record<string, string | undefined> = process.env): FundingConfig => parseEnv(fundingEnv, env);

export const FUNDING_CONFIG = Symbol('FUNDING_CONFIG');
