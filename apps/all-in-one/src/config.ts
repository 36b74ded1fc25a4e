import { z } from 'zod';
import { parseEnv } from '@poleflow/config';
import { UPSTREAMS, type UpstreamName } from '../../gateway/src/routes.js';

/** `<SERVICE>_PORT`: the port of each service's app inside the all-in-one process (default: the port it has alone). */
export const portEnvKey = (name: UpstreamName): `${Uppercase<UpstreamName>}_PORT` => `${name.toUpperCase() as Uppercase<UpstreamName>}_PORT`;

const ports = Object.fromEntries(UPSTREAMS.map((u) => [portEnvKey(u.name), z.coerce.number().int().positive().default(u.port)])) as Record<
  `${Uppercase<UpstreamName>}_PORT`,
  z.ZodDefault<z.ZodCoercedNumber<unknown>>
>;

/**
 * Only what the all-in-one process adds: where each service listens. Each service still parses the whole
 * environment with its own schema (its PORT being replaced by `<SERVICE>_PORT`); PORT is the gateway's.
 */
export const allInOneEnv = z.object({ PORT: z.coerce.number().int().positive().default(3000), ...ports });
export type AllInOneConfig = z.infer<typeof allInOneEnv>;

export const loadAllInOneConfig = (env: Record<string, string | undefined> = process.env): AllInOneConfig => parseEnv(allInOneEnv, env);
