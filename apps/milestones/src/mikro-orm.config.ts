import { fileURLToPath } from 'node:url';
import { MESSAGING_ENTITIES } from '@poleflow/messaging';
import { IdempotencyKey } from '@poleflow/http';
import { serviceOrmConfig } from '@poleflow/persistence';
import { EVIDENCE_ENTITIES } from './evidence/evidence.entity.js';
import { IMPACT_ENTITIES } from './impact/impact.entity.js';
import { PLAN_ENTITIES } from './plans/plan.entity.js';
import { REFERENCE_ENTITIES } from './reference/reference.entity.js';
import { MILESTONES_SCHEMA } from './schema.js';

export { MILESTONES_SCHEMA };

export const milestonesOrmConfig = (clientUrl: string, poolMax = 10) =>
  serviceOrmConfig({
    schema: MILESTONES_SCHEMA,
    clientUrl,
    poolMax,
    entities: [...REFERENCE_ENTITIES, ...PLAN_ENTITIES, ...EVIDENCE_ENTITIES, ...IMPACT_ENTITIES, ...MESSAGING_ENTITIES, IdempotencyKey],
    migrationsPath: fileURLToPath(new URL('./migrations', import.meta.url)),
    migrationsPathTs: 'apps/milestones/src/migrations',
  });

/** For the MikroORM CLI (`npm run mig -- milestones …`), which reads DATABASE_URL. */
export default milestonesOrmConfig(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/poleflow');
