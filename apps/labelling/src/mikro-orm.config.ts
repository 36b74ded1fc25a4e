import { fileURLToPath } from 'node:url';
import { MESSAGING_ENTITIES } from '@poleflow/messaging';
import { IdempotencyKey } from '@poleflow/http';
import { serviceOrmConfig } from '@poleflow/persistence';
import { CASE_ENTITIES } from './cases/case.entity.js';
import { LABEL_ENTITIES } from './labels/label.entity.js';
import { POLE_MEMBERSHIP_ENTITIES } from './membership/pole-membership.entity.js';
import { REFERENCE_ENTITIES } from './reference/reference.entity.js';
import { REVIEW_ENTITIES } from './reviews/assignment.entity.js';
import { LABELLING_SCHEMA } from './schema.js';

export { LABELLING_SCHEMA };

export const labellingOrmConfig = (clientUrl: string, poolMax = 10) =>
  serviceOrmConfig({
    schema: LABELLING_SCHEMA,
    clientUrl,
    poolMax,
    entities: [...REFERENCE_ENTITIES, ...CASE_ENTITIES, ...REVIEW_ENTITIES, ...LABEL_ENTITIES, ...POLE_MEMBERSHIP_ENTITIES, ...MESSAGING_ENTITIES, IdempotencyKey],
    migrationsPath: fileURLToPath(new URL('./migrations', import.meta.url)),
    migrationsPathTs: 'apps/labelling/src/migrations',
  });

/** For the MikroORM CLI (`npm run mig -- labelling …`), which reads DATABASE_URL. */
export default labellingOrmConfig(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/poleflow');
