import { fileURLToPath } from 'node:url';
import { MESSAGING_ENTITIES } from '@poleflow/messaging';
import { IdempotencyKey } from '@poleflow/http';
import { serviceOrmConfig } from '@poleflow/persistence';
import { APPLICATION_ENTITIES } from './applications/application.entity.js';
import { CALL_ENTITIES } from './calls/call.entity.js';
import { REFERENCE_ENTITIES } from './reference/reference.entity.js';
import { FUNDING_SCHEMA } from './schema.js';

export { FUNDING_SCHEMA };

export const fundingOrmConfig = (clientUrl: string, poolMax = 10) =>
  serviceOrmConfig({
    schema: FUNDING_SCHEMA,
    clientUrl,
    poolMax,
    entities: [...REFERENCE_ENTITIES, ...CALL_ENTITIES, ...APPLICATION_ENTITIES, ...MESSAGING_ENTITIES, IdempotencyKey],
    migrationsPath: fileURLToPath(new URL('./migrations', import.meta.url)),
    migrationsPathTs: 'apps/funding/src/migrations',
  });

/** For the MikroORM CLI (`npm run mig -- funding …`), which reads DATABASE_URL. */
export default fundingOrmConfig(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/poleflow');
