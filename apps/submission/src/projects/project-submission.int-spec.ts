import { Queue, type ConnectionOptions } from 'bullmq';
import request from 'supertest';
import { projectSnapshot, type EventPayload } from '@poleflow/contracts';
import { MESSAGING_OPTIONS, inboxQueueFor, redisOptions, type MessagingOptions } from '@poleflow/messaging';
import { TEST_REDIS_URL, waitFor } from '@poleflow/testing';
import {
  as, budget, completeContent, joinConsortium, outboxOf, principal, publishPole, registerOrganisation, startSubmission, type Harness,
} from '../../test/harness.js';

/* The main path against real PostgreSQL and Redis: create → consortium with budgets → submit → outbox → relay. */
describe('submission: create, build the consortium, submit', () => {
  let h: Harness;
  beforeAll(async () => { h = await startSubmission('subflow'); });
  afterAll(async () => { await h?.close(); });

  it('emits project.created then project.submitted (sequence 1, 2) with the enriched snapshot, and publishes them', async () => {
    const coordinator = await registerOrganisation(h.app, { name: 'Acme Aero', siren: '732829320', sizeEu: 'medium', categoryFr: 'PME' });
    const lab = await registerOrganisation(h.app, { name: 'LAAS-CNRS', kind: 'research_organisation', siren: '180089013' });
    const sme = await registerOrganisation(h.app, { name: 'Composites SAS', siren: '552100554', sizeEu: 'micro', categoryFr: 'TPE' });
    const lead = await publishPole(h.app, 'Aerospace Valley');
    const second = await publishPole(h.app, 'Mov\'eo');
    const alice = principal({ organisationIds: [coordinator.organisationId] });
    const api = as(h.app, alice);

    const created = await api.post('/api/v1/projects')
      .send({ acronym: 'WINGRIB', title: 'Composite wing ribs', coordinatorOrganisationId: coordinator.organisationId, ...completeContent([lead.poleId, second.poleId]) })
      .expect(201);
    const id: string = created.body.id;
    expect(created.headers.location).toBe(`/api/v1/projects/${id}`);
    expect(created.headers.etag).toBe('W/"1"');
    expect(created.body).toMatchObject({ status: 'draft', round: 0, version: 1, totalCents: 0, partners: [{ organisationId: coordinator.organisationId, role: 'coordinator', name: 'Acme Aero', totalCents: 0 }] });

    let etag: string = created.headers.etag;
    const put = async (orgId: string, b: object) => {
      const res = await api.put(`/api/v1/projects/${id}/partners/${orgId}`).set('If-Match', etag).send({ budget: b }).expect(200);
      etag = res.headers.etag;
      return res;
    };
    await put(coordinator.organisationId, budget(500_000_00, 100_000_00));
    await joinConsortium(h.app, alice, id, principal({ organisationIds: [lab.organisationId] }), lab.organisationId, budget(300_000_00));
    etag = await joinConsortium(h.app, alice, id, principal({ organisationIds: [sme.organisationId] }), sme.organisationId, {});
    const last = await put(sme.organisationId, budget(100_000_00)); // the coordinator changes a confirmed budget: confirmation reset
    expect(last.body.partners[2]).toMatchObject({ confirmed: false, confirmationResetAt: expect.any(String) });
    const unconfirmed = await api.post(`/api/v1/projects/${id}/submit`).set('If-Match', etag).expect(422);
    expect(unconfirmed.body).toMatchObject({ code: 'CONSORTIUM_INCOMPLETE', details: { pendingInvitations: [], unconfirmedPartners: [{ organisationId: sme.organisationId, name: 'Composites SAS' }] } });
    expect(unconfirmed.body.errors).toEqual([{ path: `partners.${sme.organisationId}`, message: expect.stringContaining('Composites SAS') }]);
    const sam = principal({ organisationIds: [sme.organisationId] });
    etag = (await as(h.app, sam).post(`/api/v1/projects/${id}/partners/${sme.organisationId}/confirmation`).set('If-Match', etag).expect(200)).headers.etag;
    expect(etag).toBe('W/"8"');
    expect(last.body.partners.map((p: { organisationId: string }) => p.organisationId)).toEqual([coordinator.organisationId, lab.organisationId, sme.organisationId]);
    expect(last.body.totalCents).toBe(100_003_000);
    expect(last.body.partners[0]).toMatchObject({ role: 'coordinator', totalCents: 60_001_000, sharePct: 60 });

    const submitted = await api.post(`/api/v1/projects/${id}/submit`).set('If-Match', etag).expect(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', round: 1, version: 9 });
    expect(submitted.body.submittedAt).toEqual(expect.any(String));
    expect(submitted.headers.etag).toBe('W/"9"');

    const rows = (await outboxOf(h.em(), id)).filter((r) => r.type.startsWith('project.'));
    expect(rows.map((r) => [r.type, Number(r.sequence)])).toEqual([['project.created', 1], ['project.submitted', 10]]);
    expect(rows[0].envelope).toMatchObject({ source: 'submission', streamId: id, actor: { userId: alice.userId, role: 'applicant' } });
    expect(rows[0].envelope.payload).toEqual({ projectId: id, acronym: 'WINGRIB', title: 'Composite wing ribs', coordinatorOrganisationId: coordinator.organisationId });

    const snapshot = projectSnapshot.parse(rows[1].envelope.payload) as EventPayload<'project.submitted'>;
    expect(snapshot).toMatchObject({ projectId: id, round: 1, trlStart: 3, trlTarget: 6, startDate: '2026-03-01', durationMonths: 24, totalCents: 100_003_000 });
    expect(snapshot.poles).toEqual([{ poleId: lead.poleId, lead: true }, { poleId: second.poleId, lead: false }]);
    expect(snapshot.partners).toHaveLength(3);
    expect(snapshot.partners.map((p) => [p.name, p.role, p.siren, p.kind, p.sizeEu, p.categoryFr])).toEqual([
      ['Acme Aero', 'coordinator', '732829320', 'company', 'medium', 'PME'],
      ['LAAS-CNRS', 'partner', '180089013', 'research_organisation', null, null],
      ['Composites SAS', 'partner', '552100554', 'company', 'micro', 'TPE'],
    ]);
    expect(snapshot.partners[1].budget.industrial?.personnel).toBe(300_000_00);
    expect(snapshot.partners[1].totalCents).toBe(30_001_000);

    // The relay publishes both, in order, to the tracker's inbox queue (ROUTES in libs/contracts).
    const published = await waitFor(async () => {
      const r = await outboxOf(h.em(), id);
      return r.every((x) => x.published_at !== null) ? r : undefined;
    }, { what: 'the relay to publish the project events' });
    expect(published.map((r) => r.type)).toEqual([
      'project.created', 'partner.budget_confirmed', 'partner.invited', 'partner.accepted', 'partner.budget_confirmed', 'partner.invited', 'partner.accepted',
      'partner.budget_confirmed', 'partner.budget_confirmed', 'project.submitted',
    ]);
    // The tracker's inbox partition of this project's stream (libs/messaging partitions.ts).
    const queue = new Queue(inboxQueueFor('tracker', id, h.app.get<MessagingOptions>(MESSAGING_OPTIONS).partitions), { connection: redisOptions(TEST_REDIS_URL) as ConnectionOptions, prefix: h.prefix });
    try {
      const jobs = await Promise.all(rows.map((r) => queue.getJob(r.envelope.id)));
      expect(jobs.map((j) => j?.name)).toEqual(['project.created', 'project.submitted']);
    } finally {
      await queue.close();
    }
  });

  it('GET returns the project with its ETag; PATCH edits it and bumps the version', async () => {
    const org = await registerOrganisation(h.app);
    const api = as(h.app, principal({ organisationIds: [org.organisationId] }));
    const created = await api.post('/api/v1/projects').send({ acronym: 'PATCHME', title: 'Before', coordinatorOrganisationId: org.organisationId }).expect(201);
    const got = await api.get(`/api/v1/projects/${created.body.id}`).expect(200);
    expect(got.headers.etag).toBe('W/"1"');
    expect(got.body).toEqual(created.body);
    const patched = await api.patch(`/api/v1/projects/${created.body.id}`).set('If-Match', got.headers.etag).send({ title: 'After', trlStart: 4 }).expect(200);
    expect(patched.body).toMatchObject({ title: 'After', trlStart: 4, acronym: 'PATCHME', version: 2 });
    expect(patched.headers.etag).toBe('W/"2"');
  });

  it('documents every route, its headers and the nested budget in the OpenAPI document', async () => {
    const { body: doc } = await request(h.app.getHttpServer()).get('/docs-json').expect(200);
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/api/v1/projects')).sort()).toEqual([
      '/api/v1/projects', '/api/v1/projects/{id}', '/api/v1/projects/{id}/dissemination', '/api/v1/projects/{id}/invitations',
      '/api/v1/projects/{id}/partners/{organisationId}', '/api/v1/projects/{id}/partners/{organisationId}/confirmation',
      '/api/v1/projects/{id}/partners/{organisationId}/declarations', '/api/v1/projects/{id}/resubmit', '/api/v1/projects/{id}/submit', '/api/v1/projects/{id}/withdraw',
    ]);
    const submit = doc.paths['/api/v1/projects/{id}/submit'].post;
    expect(submit.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['id', 'If-Match', 'Idempotency-Key']));
    expect(Object.keys(submit.responses).sort()).toEqual(['200', '400', '401', '403', '404', '409', '412', '422', '428']);
    expect(Object.keys(doc.components.schemas.CostsDto.properties).sort()).toEqual(['equipment', 'other', 'overheads', 'personnel', 'subcontracting']);
    expect(Object.keys(doc.components.schemas.BudgetDto.properties).sort()).toEqual(['experimental', 'feasibility', 'fundamental', 'industrial']);
    expect(doc.components.schemas.CreateProjectDto.required).toEqual(expect.arrayContaining(['acronym', 'title', 'coordinatorOrganisationId']));
  });
});
