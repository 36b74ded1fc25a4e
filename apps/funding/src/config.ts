import { z } from 'zod';
import { commonEnv, envFlag, parseEnv } from '@poleflow/config';

export const fundingEnv = commonEnv.extend({
  PORT: z.coerce.number().int().positive().default(3004),
  /** Seed the demo calls (an i-Démo-like national call, a regional PSPC-like call, an ANR-like call). */
  SEED_DEMO: envFlag(),
});
export type FundingConfig = z.infer<typeof fundingEnv>;

export const loadFundingConfig = (env: Record<string, string | undefined> = process.env): FundingConfig => parseEnv(fundingEnv, env);

export const FUNDING_CONFIG = Symbol('FUNDING_CONFIG');
