import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { MikroORM } from '@mikro-orm/postgresql';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { trustGatewayOnly } from '@poleflow/http';
import { createTestDatabase, testPrefix, TEST_ISSUER, TEST_KEYS, TEST_REDIS_URL, type TestDatabase } from '@poleflow/testing';
import { loadDirectoryConfig } from '../config.js';
import type { DirectoryModule as DirectoryModuleType } from '../directory.module.js';
import { seedReference } from '../seed/reference.seed.js';

/*
 * Test support for directory's integration suites (excluded from the build): one real database and one
 * BullMQ/Redis prefix per suite, the app booted like main.ts (migrations, then reference seed), and small
 * HTTP helpers. Tokens are signed with TEST_KEYS, so they are the ones every other service's tests accept.
 */

/**
 * Imported lazily. Directory used @nestjs/throttler (CommonJS, `require`s the ESM @nestjs/common), which Jest's
 * VM-modules loader refused in one static ESM graph; its sign-in limits are now its own (login-throttle.ts), and
 * the lazy import stays harmless for any other CommonJS module that requires @nestjs/common.
 */
const loadModule = (): Promise<{ DirectoryModule: typeof DirectoryModuleType }> => import('../directory.module.js');

export interface DirectoryTestApp {
  app: INestApplication;
  db: TestDatabase;
  http: () => ReturnType<typeof request>;
  /** Runs raw SQL on a fresh EntityManager (assertions on outbox rows and the like). */
  sql: <T = Record<string, unknown>>(query: string, params?: unknown[]) => Promise<T[]>;
  close: () => Promise<void>;
}

export async function startDirectory(label: string, env: Record<string, string> = {}, { seed = true } = {}): Promise<DirectoryTestApp> {
  const db = await createTestDatabase(label);
  const prefix = testPrefix(label);
  const cfg = loadDirectoryConfig({
    DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, BULLMQ_PREFIX: prefix.prefix, JWT_PRIVATE_KEY: TEST_KEYS.privateKey,
    JWT_PUBLIC_KEY: TEST_KEYS.publicKey, JWT_ISSUER: TEST_ISSUER, LOG_LEVEL: 'silent', ROLES: 'api', DB_POOL_MAX: '4', ...env,
  });
  const { DirectoryModule } = await loadModule();
  const ref = await Test.createTestingModule({ imports: [DirectoryModule.forRoot(cfg)] }).compile();
  const app = ref.createNestApplication<NestExpressApplication>({ logger: false });
  trustGatewayOnly(app, cfg.GATEWAY_ADDRESSES);
  try {
    await app.get(MikroORM).migrator.up();
    await app.init();
    if (seed) await seedReference(app);
  } catch (err) {
    await app.close().catch(() => undefined);
    await prefix.cleanup();
    await db.drop();
    throw err;
  }
  return {
    app,
    db,
    http: () => request(app.getHttpServer()),
    sql: (query, params = []) => app.get(MikroORM).em.fork().execute(query, params),
    close: async () => {
      await app.close();
      await prefix.cleanup();
      await db.drop();
    },
  };
}

export const PASSWORD = 'a long enough password';

/** The account id a token was issued to (its `sub`), without verifying it. */
export const subjectOf = (token: string): string => (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { sub: string }).sub;

/** Registers an account (202, the same answer for any e-mail) and signs in; returns its id and a token. */
export async function signUp(t: DirectoryTestApp, email: string, displayName = email.split('@')[0]): Promise<{ id: string; token: string; refreshToken: string }> {
  await t.http().post('/api/v1/auth/register').send({ email, password: PASSWORD, displayName }).expect(202);
  const s = await session(t, email);
  return { id: subjectOf(s.accessToken), token: s.accessToken, refreshToken: s.refreshToken };
}

/** Rotates a script's refresh token: the new access token (current claims) and the next refresh token. */
export async function refresh(t: DirectoryTestApp, refreshToken: string): Promise<{ accessToken: string; refreshToken: string }> {
  const res = await t.http().post('/api/v1/auth/refresh').send({ refreshToken }).expect(200);
  return { accessToken: res.body.accessToken as string, refreshToken: res.body.refreshToken as string };
}

export async function signIn(t: DirectoryTestApp, email: string, password = PASSWORD): Promise<string> {
  return (await session(t, email, password)).accessToken;
}

/** Signs in as a script does (`refreshIn: body`): the access token and the session's refresh token. */
export async function session(t: DirectoryTestApp, email: string, password = PASSWORD): Promise<{ accessToken: string; refreshToken: string }> {
  const res = await t.http().post('/api/v1/auth/login').send({ email, password, refreshIn: 'body' }).expect(200);
  return { accessToken: res.body.accessToken as string, refreshToken: res.body.refreshToken as string };
}

export const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];
