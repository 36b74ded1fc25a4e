import type { DynamicModule, INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { configureServiceApp } from '@poleflow/http';
import { createTestDatabase, type TestDatabase } from './database.js';
import { testPrefix, TEST_REDIS_URL } from './redis.js';
import { TEST_ISSUER, TEST_KEYS } from './tokens.js';

/** One service app on its own database and BullMQ prefix, configured the way its main.ts configures it. */
export interface ServiceHarness {
  app: INestApplication;
  /** A fresh EntityManager on the suite's database. */
  em(): EntityManager;
  db: TestDatabase;
  prefix: string;
  /** Stops this app (its workers included), keeping the database and the queues: a process restart. */
  stop(): Promise<void>;
  /** Stops and removes everything. */
  close(): Promise<void>;
}

export interface ServiceHarnessOptions {
  /** Reuse the database and prefix of a stopped harness (a restart of the same service). */
  reuse?: Pick<ServiceHarness, 'db' | 'prefix'>;
  env?: Record<string, string>;
}

/**
 * Boots `module(env)` against a fresh database (migrated) and prefix, with the env every service parses
 * (test keys, silent logs, a fast outbox poll), plus `o.env`.
 */
export async function startService(
  label: string, service: string, module: (env: Record<string, string>) => DynamicModule, o: ServiceHarnessOptions = {},
): Promise<ServiceHarness> {
  const db = o.reuse?.db ?? await createTestDatabase(label);
  const redis = o.reuse ? { prefix: o.reuse.prefix, cleanup: testPrefix.cleanupOf(o.reuse.prefix) } : testPrefix(label);
  const env = {
    NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, BULLMQ_PREFIX: redis.prefix,
    JWT_PUBLIC_KEY: TEST_KEYS.publicKey, JWT_ISSUER: TEST_ISSUER, OUTBOX_POLL_MS: '200', DB_POOL_MAX: '6', ...o.env,
  };
  const ref = await Test.createTestingModule({ imports: [module(env)] }).compile();
  const app = ref.createNestApplication({ bufferLogs: true });
  configureServiceApp(app, { service, description: 'test' });
  const orm = app.get(MikroORM);
  await orm.migrator.up();
  await app.init();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.close();
  };
  return {
    app, db, prefix: redis.prefix, stop,
    em: () => orm.em.fork(),
    async close() {
      await stop();
      await redis.cleanup();
      await db.drop();
    },
  };
}
