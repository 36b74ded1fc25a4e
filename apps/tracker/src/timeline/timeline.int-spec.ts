import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { MikroORM } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Envelope, EventPayload, EventType } from '@poleflow/contracts';
import { InboxWorker } from '@poleflow/messaging';
import { createTestDatabase, testPrefix, tokenFor, TEST_ISSUER, TEST_KEYS, type TestDatabase } from '@poleflow/testing';
import { loadTrackerConfig } from '../config.js';
import { TrackerModule } from '../tracker.module.js';

function envelope<T extends EventType>(type: T, streamId: string, sequence: number, payload: EventPayload<T>, source: Envelope['source'] = 'submission'): Envelope<EventPayload<T>> {
  return {
    id: randomUUID(), type, version: 1, occurredAt: new Date(Date.UTC(2026, 10, 27, 9, sequence)).toISOString(), source, streamId, sequence,
    actor: { userId: randomUUID(), role: 'applicant' }, correlationId: `c-${sequence}`, causationId: null, payload,
  };
}

const job = (e: Envelope) => ({ id: e.id, name: e.type, data: e, attemptsMade: 0, opts: { attempts: 5 } });

describe('tracker timeline (real PostgreSQL)', () => {
  let db: TestDatabase;
  let prefix: ReturnType<typeof testPrefix>;
  let app: INestApplication;
  let inbox: InboxWorker;
  const coordinator = randomUUID();
  const partner = randomUUID();
  const pole = randomUUID();
  const projectId = randomUUID();

  beforeAll(async () => {
    db = await createTestDatabase('tracker');
    prefix = testPrefix('tracker');
    const cfg = loadTrackerConfig({ DATABASE_URL: db.url, BULLMQ_PREFIX: prefix.prefix, JWT_PUBLIC_KEY: TEST_KEYS.publicKey, JWT_ISSUER: TEST_ISSUER, LOG_LEVEL: 'silent', ROLES: 'api', DB_POOL_MAX: '4' });
    const ref = await Test.createTestingModule({ imports: [TrackerModule.forRoot(cfg)] }).compile();
    app = ref.createNestApplication({ logger: false });
    await app.get(MikroORM).migrator.up();
    await app.init();
    inbox = app.get(InboxWorker);
  });

  afterAll(async () => {
    await app?.close();
    await prefix.cleanup();
    await db.drop();
  });

  const created = () => envelope('project.created', projectId, 1, { projectId, acronym: 'HYPERWING', title: 'Morphing wing', coordinatorOrganisationId: coordinator });
  const submitted = () => envelope('project.submitted', projectId, 2, {
    projectId, round: 1, acronym: 'HYPERWING', title: 'Morphing wing', summary: 's', themes: ['aeronautics-space'], keywords: [], trlStart: 3, trlTarget: 6,
    startDate: '2027-01-01', durationMonths: 24, poles: [{ poleId: pole, lead: true }],
    partners: [
      { organisationId: coordinator, name: 'AéroLab SAS', kind: 'company', siren: '732829320', region: 'Occitanie', sizeEu: 'small', categoryFr: 'PME', role: 'coordinator', budget: {}, totalCents: 60_000_000 },
      { organisationId: partner, name: 'ONERA', kind: 'research_organisation', siren: '775722879', region: 'Occitanie', sizeEu: null, categoryFr: null, role: 'partner', budget: {}, totalCents: 40_000_000 },
    ],
    totalCents: 100_000_000,
  });

  it('refuses an event that arrives before its predecessor, then applies both in order, once', async () => {
    const c = created();
    const s = submitted();
    await expect(inbox.process(job(s))).rejects.toThrow(/expected sequence 1, got 2/);
    expect(await inbox.process(job(c))).toBe('applied');
    expect(await inbox.process(job(s))).toBe('applied');
    expect(await inbox.process(job(s))).toBe('duplicate');
    const rows = await app.get(MikroORM).em.fork().execute(`select type, stage, summary from tracker.timeline_entries where project_id = ? order by occurred_at`, [projectId]);
    expect(rows).toEqual([
      { type: 'project.created', stage: 'conception', summary: 'Project HYPERWING created by its coordinator' },
      { type: 'project.submitted', stage: 'submitted', summary: 'Submitted by AéroLab SAS to 1 pole(s) with 2 partner(s), total budget 1 000 000 €' },
    ]);
  });

  it('shows the timeline to the consortium and to the targeted pole, 404 to anyone else', async () => {
    const member = tokenFor({ userId: randomUUID(), email: 'a@x.test', roles: ['applicant'], organisationIds: [partner], poles: [], funderIds: [] });
    const res = await request(app.getHttpServer()).get(`/api/v1/projects/${projectId}/timeline`).set('authorization', `Bearer ${member}`).expect(200);
    expect(res.body).toMatchObject({ projectId, acronym: 'HYPERWING', stage: 'submitted', nextCursor: null });
    expect(res.body.items.map((i: { type: string }) => i.type)).toEqual(['project.created', 'project.submitted']);

    const poleStaff = tokenFor({ userId: randomUUID(), email: 'p@x.test', roles: ['pole_manager'], organisationIds: [], poles: [{ poleId: pole, role: 'pole_manager' }], funderIds: [] });
    await request(app.getHttpServer()).get(`/api/v1/projects/${projectId}/timeline`).set('authorization', `Bearer ${poleStaff}`).expect(200);

    const stranger = tokenFor({ userId: randomUUID(), email: 's@x.test', roles: ['applicant'], organisationIds: [randomUUID()], poles: [], funderIds: [] });
    const denied = await request(app.getHttpServer()).get(`/api/v1/projects/${projectId}/timeline`).set('authorization', `Bearer ${stranger}`).expect(404);
    expect(denied.headers['content-type']).toContain('application/problem+json');
    expect(denied.body.code).toBe('PROJECT_NOT_FOUND');
    await request(app.getHttpServer()).get(`/api/v1/projects/${projectId}/timeline`).expect(401);
  });

  it('pages the timeline with an opaque cursor and rejects a forged one', async () => {
    const member = tokenFor({ userId: randomUUID(), email: 'a@x.test', roles: ['applicant'], organisationIds: [coordinator], poles: [], funderIds: [] });
    const first = await request(app.getHttpServer()).get(`/api/v1/projects/${projectId}/timeline?limit=1`).set('authorization', `Bearer ${member}`).expect(200);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await request(app.getHttpServer()).get(`/api/v1/projects/${projectId}/timeline?limit=1&cursor=${first.body.nextCursor}`).set('authorization', `Bearer ${member}`).expect(200);
    expect(second.body.items.map((i: { type: string }) => i.type)).toEqual(['project.submitted']);
    const bad = await request(app.getHttpServer()).get(`/api/v1/projects/${projectId}/timeline?cursor=nonsense`).set('authorization', `Bearer ${member}`).expect(400);
    expect(bad.body.code).toBe('INVALID_CURSOR');
    const badLimit = await request(app.getHttpServer()).get(`/api/v1/projects/${projectId}/timeline?limit=1000`).set('authorization', `Bearer ${member}`).expect(400);
    expect(badLimit.body.errors).toEqual([expect.objectContaining({ path: 'limit' })]);
  });
});
