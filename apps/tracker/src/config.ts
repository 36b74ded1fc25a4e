import { z } from 'zod';
import { commonEnv, parseEnv } from '@poleflow/config';

export const trackerEnv = commonEnv.extend({
  PORT: z.coerce.number().int().positive().default(3006),
});
export type TrackerConfig = z.infer<typeof trackerEnv>;

export const loadTrackerConfig = (env: Record<string, string | undefined> = process.env): TrackerConfig => parseEnv(trackerEnv, env);
