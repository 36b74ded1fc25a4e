import { fileURLToPath } from 'node:url';
import { MESSAGING_ENTITIES } from '@poleflow/messaging';
import { IdempotencyKey } from '@poleflow/http';
import { serviceOrmConfig } from '@poleflow/persistence';
import { Account } from './accounts/account.entity.js';
import { Affiliation } from './affiliations/affiliation.entity.js';
import { Funder } from './funders/funder.entity.js';
import { Establishment } from './organisations/establishment.entity.js';
import { JoinRequest } from './organisations/join-request.entity.js';
import { Organisation } from './organisations/organisation.entity.js';
import { Pole } from './poles/pole.entity.js';

export const DIRECTORY_SCHEMA = 'directory';

export const DIRECTORY_ENTITIES = [Account, Affiliation, Organisation, Establishment, JoinRequest, Pole, Funder];

export function directoryOrmConfig(clientUrl: string, poolMax = 10) {
  const base = serviceOrmConfig({
    schema: DIRECTORY_SCHEMA,
    clientUrl,
    poolMax,
    entities: [...DIRECTORY_ENTITIES, ...MESSAGING_ENTITIES, IdempotencyKey],
    migrationsPath: fileURLToPath(new URL('./migrations', import.meta.url)),
    migrationsPathTs: 'apps/directory/src/migrations',
  });
  // The search functions (f_unaccent, pole_search_vector) are written by hand in a migration; without this,
  // MikroORM 7's schema diff would propose to drop them in every generated migration.
  return { ...base, schemaGenerator: { ...base.schemaGenerator, ignoreRoutines: true } };
}

/** For the MikroORM CLI (`npm run mig -- directory …`), which reads DATABASE_URL. */
export default directoryOrmConfig(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/poleflow');
