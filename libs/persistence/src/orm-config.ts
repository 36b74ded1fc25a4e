import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { Pool } from 'pg';
import { POOL_ACQUIRE_TIMEOUT_MS, releaseBrokenClients } from './pool-guard.js';

export interface ServiceOrmOptions {
  /** PostgreSQL schema owned by the service (ARCHITECTURE.md §2: one schema per service). */
  schema: string;
  clientUrl: string;
  entities: NonNullable<Options['entities']>;
  /** Folder of compiled migrations (next to the config once built; `.ts` under jest). */
  migrationsPath: string;
  /** Where `migration:create` writes new TypeScript migrations, relative to the repo root. */
  migrationsPathTs: string;
  poolMax?: number;
  debug?: boolean;
}

/** The one MikroORM configuration shape every service uses. */
export function serviceOrmConfig(o: ServiceOrmOptions) {
  return defineConfig({
    clientUrl: o.clientUrl,
    schema: o.schema,
    entities: o.entities,
    extensions: [Migrator],
    allowGlobalContext: false,
    debug: o.debug ?? false,
    pool: { min: 0, max: o.poolMax ?? 10 },
    // pg Pool options: a bounded wait for a connection (503 instead of a hang), TCP keep-alive to notice a
    // vanished server, and broken connections handed back (pool-guard.ts: a PostgreSQL restart wedged services).
    driverOptions: { connectionTimeoutMillis: POOL_ACQUIRE_TIMEOUT_MS, keepAlive: true, onPoolCreated: (pool: Pool) => releaseBrokenClients(pool) },
    migrations: {
      path: o.migrationsPath,
      pathTs: o.migrationsPathTs,
      glob: '!(*.d).{js,ts}',
      emit: 'ts',
      schema: o.schema,
      tableName: 'mikro_orm_migrations',
      snapshot: false,
      transactional: true,
      allOrNothing: true,
    },
    schemaGenerator: { managementDbName: 'postgres' },
  });
}
