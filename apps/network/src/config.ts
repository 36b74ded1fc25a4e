import { z } from 'zod';
import { commonEnv, envFlag, parseEnv } from '@poleflow/config';

export const networkEnv = commonEnv.extend({
  PORT: z.coerce.number().int().positive().default(3007),
  /** How long before a membership year ends its renewal reminder fires. */
  MEMBERSHIP_RENEWAL_REMINDER_DAYS: z.coerce.number().nonnegative().default(30),
  /** How long before a support request's due date pole staff are reminded. */
  SUPPORT_REMINDER_HOURS: z.coerce.number().nonnegative().default(48),
  /** Days a pole's staff have to close a support request unless they set another due date. */
  SUPPORT_DUE_DAYS: z.coerce.number().int().positive().default(15),
  /** Seed demo memberships and a support request for the demo organisations (SIRENs of apps/directory's demo seed) as they are registered. */
  SEED_DEMO: envFlag(),
});
export type NetworkConfig = z.infer<typeof networkEnv>;

export const loadNetworkConfig = (env: Record<string, string | undefined> = process.env): NetworkConfig => parseEnv(networkEnv, env);

export const NETWORK_CONFIG = Symbol('NETWORK_CONFIG');
