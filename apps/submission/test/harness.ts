import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import type { Principal } from '@poleflow/auth';
import type { Envelope, EventPayload } from '@poleflow/contracts';
import { configureServiceApp } from '@poleflow/http';
import { as, createTestDatabase, deliver, envelope, testPrefix, tokenFor, TEST_ISSUER, TEST_KEYS, TEST_REDIS_URL, type TestDatabase } from '@poleflow/testing';
import { loadSubmissionConfig } from '../src/config.js';
import { SubmissionModule } from '../src/submission.module.js';

/** A submission app on its own database and BullMQ prefix, configured the way main.ts configures it. */
export interface Harness {
  app: INestApplication;
  /** A fresh EntityManager on the suite's database. */
  em(): EntityManager;
  /** The suite's BullMQ prefix. */
  prefix: string;
  close(): Promise<void>;
}

export async function startSubmission(label: string): Promise<Harness> {
  const db: TestDatabase = await createTestDatabase(label);
  const redis = testPrefix(label);
  const cfg = loadSubmissionConfig({
    NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, BULLMQ_PREFIX: redis.prefix,
    JWT_PUBLIC_KEY: TEST_KEYS.publicKey, JWT_ISSUER: TEST_ISSUER, OUTBOX_POLL_MS: '200', DB_POOL_MAX: '5',
  });
  const ref = await Test.createTestingModule({ imports: [SubmissionModule.forRoot(cfg)] }).compile();
  const app = ref.createNestApplication({ bufferLogs: true });
  configureServiceApp(app, { service: 'submission', description: 'test' });
  const orm = app.get(MikroORM);
  await orm.migrator.up();
  await app.init();
  return {
    app,
    em: () => orm.em.fork(),
    prefix: redis.prefix,
    async close() {
      await app.close();
      await redis.cleanup();
      await db.drop();
    },
  };
}

export function principal(p: Partial<Principal> = {}): Principal {
  return { userId: randomUUID(), email: `${randomUUID().slice(0, 8)}@example.fr`, roles: ['applicant'], organisationIds: [], poles: [], funderIds: [], ...p };
}

export const bearer = (p: Principal): string => `Bearer ${tokenFor(p)}`;

export { as, deliver, envelope };




export interface OrgFacts {
  name?: string;
  kind?: EventPayload<'organisation.registered'>['kind'];
  siren?: string;
  sizeEu?: EventPayload<'organisation.registered'>['sizeEu'];
  categoryFr?: EventPayload<'organisation.registered'>['categoryFr'];
}

export function organisationPayload(o: OrgFacts = {}): EventPayload<'organisation.registered'> {
  const company = (o.kind ?? 'company') === 'company';
  return {
    organisationId: randomUUID(), name: o.name ?? 'Acme', kind: o.kind ?? 'company', siren: o.siren ?? '732829320', siret: null,
    region: 'Occitanie', nafCode: null, sizeEu: o.sizeEu ?? (company ? 'small' : null), categoryFr: o.categoryFr ?? (company ? 'PME' : null),
  };
}

/** Registers an organisation through `organisation.registered` (stream = the organisation). */
export async function registerOrganisation(app: INestApplication, o: OrgFacts = {}): Promise<EventPayload<'organisation.registered'>> {
  const payload = organisationPayload(o);
  await deliver(app, envelope('organisation.registered', payload, { streamId: payload.organisationId }));
  return payload;
}

export async function publishPole(app: INestApplication, name = 'Aerospace Valley'): Promise<EventPayload<'pole.published'>> {
  const code = name.split(/\W+/).map((w) => w.charAt(0)).join('').toUpperCase().slice(0, 8) || 'P';
  const payload = { poleId: randomUUID(), slug: name.toLowerCase().replace(/\W+/g, '-'), code, name, regions: ['Occitanie'], themes: ['aero'] };
  await deliver(app, envelope('pole.published', payload, { streamId: payload.poleId }));
  return payload;
}

export interface OutboxRow {
  type: string;
  stream_id: string;
  sequence: string;
  envelope: Envelope;
  published_at: Date | null;
}

export function outboxOf(em: EntityManager, streamId: string): Promise<OutboxRow[]> {
  return em.execute<OutboxRow[]>(
    'select type, stream_id, sequence, envelope, published_at from submission.outbox where stream_id = ? order by sequence', [streamId],
  );
}

/** A complete draft's content (everything submission needs except budgets). */
export const completeContent = (poleIds: string[]) => ({
  summary: 'A lighter composite wing rib', themes: ['aero'], keywords: ['composite'], trlStart: 3, trlTarget: 6,
  startDate: '2026-03-01', durationMonths: 24, poleIds,
});

export const budget = (personnel: number, equipment = 0) => ({ industrial: { personnel, equipment }, experimental: { overheads: 1000 } });

/**
 * Consortium consent in one call: the coordinator invites the organisation, a member accepts and enters its own
 * budget (which confirms it). Returns the project's ETag afterwards.
 */
export async function joinConsortium(
  app: INestApplication, coordinator: Principal, projectId: string, member: Principal, organisationId: string, partnerBudget: object,
): Promise<string> {
  const invitation = await as(app, coordinator).post(`/api/v1/projects/${projectId}/invitations`).send({ organisationId }).expect(201);
  await as(app, member).post(`/api/v1/invitations/${invitation.body.id}/accept`).send({}).expect(200);
  const etag = (await as(app, member).get(`/api/v1/projects/${projectId}`).expect(200)).headers.etag as string;
  const put = await as(app, member).put(`/api/v1/projects/${projectId}/partners/${organisationId}`).set('If-Match', etag).send({ budget: partnerBudget }).expect(200);
  return put.headers.etag as string;
}
