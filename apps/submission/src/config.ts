import { z } from 'zod';
import { commonEnv, parseEnv } from '@poleflow/config';

export const submissionEnv = commonEnv.extend({
  PORT: z.coerce.number().int().positive().default(3002),
});
export type SubmissionConfig = z.infer<typeof submissionEnv>;

export const loadSubmissionConfig = (env: Record<string, string | undefined> = process.env): SubmissionConfig => parseEnv(submissionEnv, env);
