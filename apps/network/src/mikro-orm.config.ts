import { fileURLToPath } from 'node:url';
import { MESSAGING_ENTITIES } from '@poleflow/messaging';
import { IdempotencyKey } from '@poleflow/http';
import { serviceOrmConfig } from '@poleflow/persistence';
import { NETWORK_ENTITIES } from './entities.js';
import { NETWORK_SCHEMA } from './schema.js';

export { NETWORK_SCHEMA };

export const networkOrmConfig = (clientUrl: string, poolMax = 10) =>
  serviceOrmConfig({
    schema: NETWORK_SCHEMA,
    clientUrl,
    poolMax,
    entities: [...NETWORK_ENTITIES, ...MESSAGING_ENTITIES, IdempotencyKey],
    migrationsPath: fileURLToPath(new URL('./migrations', import.meta.url)),
    migrationsPathTs: 'apps/network/src/migrations',
  });

/** For the MikroORM CLI (`npm run mig -- network …`), which reads DATABASE_URL. */
export default networkOrmConfig(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/poleflow');
