import { z } from 'zod';
import { commonEnv, parseEnv } from '@poleflow/config';

export const labellingEnv = commonEnv.extend({
  PORT: z.coerce.number().int().positive().default(3003),
  /** How long before a review's due date its reviewer is reminded. */
  REVIEW_REMINDER_LEAD_HOURS: z.coerce.number().nonnegative().default(48),
});
export type LabellingConfig = z.infer<typeof labellingEnv>;

export const loadLabellingConfig = (env: Record<string, string | undefined> = process.env): LabellingConfig => parseEnv(labellingEnv, env);

export const LABELLING_CONFIG = Symbol('LABELLING_CONFIG');
