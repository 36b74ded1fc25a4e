import { z } from 'zod';
import { commonEnv, parseEnv } from '@poleflow/config';

export const milestonesEnv = commonEnv.extend({
  PORT: z.coerce.number().int().positive().default(3005),
  /** How long before a milestone's due date the consortium is reminded. */
  MILESTONE_REMINDER_HOURS: z.coerce.number().nonnegative().default(14 * 24),
  /** How long after the due date an overdue milestone is escalated to the funder and the pole. */
  MILESTONE_GRACE_HOURS: z.coerce.number().nonnegative().default(30 * 24),
});
export type MilestonesConfig = z.infer<typeof milestonesEnv>;

export const loadMilestonesConfig = (env: Record<string, string | undefined> = process.env): MilestonesConfig => parseEnv(milestonesEnv, env);

export const MILESTONES_CONFIG = Symbol('MILESTONES_CONFIG');
