import { randomUUID } from 'node:crypto';
import type { Principal } from '@poleflow/auth';
import { as, budget, completeContent, joinConsortium, outboxOf as allOutboxOf, principal, publishPole, registerOrganisation, startSubmission, type Harness } from '../../test/harness.js';

/** The project's own lifecycle events (consortium events left out). */
const outboxOf = async (...args: Parameters<typeof allOutboxOf>) => (await allOutboxOf(...args)).filter((r) => r.type.startsWith('project.'));

/* Validation, optimistic concurrency, the project machine's transitions, idempotent creation. */
describe('submission: rules on writes', () => {
  let h: Harness;
  let org: string;
  let partnerOrg: string;
  let poleId: string;
  let alice: Principal;
  let bob: Principal; // member of the partner

  const create = async (extra: object = {}) => {
    const res = await as(h.app, alice).post('/api/v1/projects').send({ acronym: 'RULES', title: 'Rules', coordinatorOrganisationId: org, ...extra }).expect(201);
    return { id: res.body.id as string, etag: res.headers.etag as string };
  };
  /** A complete project: content, coordinator and one partner with budgets. */
  const complete = async () => {
    const p = await create(completeContent([poleId]));
    await as(h.app, alice).put(`/api/v1/projects/${p.id}/partners/${org}`).set('If-Match', p.etag).send({ budget: budget(1000) }).expect(200);
    const etag = await joinConsortium(h.app, alice, p.id, bob, partnerOrg, budget(9000));
    return { id: p.id, etag };
  };

  beforeAll(async () => {
    h = await startSubmission('subrules');
    org = (await registerOrganisation(h.app, { name: 'Coordinator' })).organisationId;
    partnerOrg = (await registerOrganisation(h.app, { name: 'Partner' })).organisationId;
    poleId = (await publishPole(h.app)).poleId;
    alice = principal({ organisationIds: [org] });
    bob = principal({ organisationIds: [partnerOrg] });
  });
  afterAll(async () => { await h?.close(); });

  describe('validation', () => {
    it('a malformed body is 400 problem+json listing every failing field', async () => {
      const res = await as(h.app, alice).post('/api/v1/projects')
        .send({ acronym: 'X', title: 'T', coordinatorOrganisationId: 'nope', trlStart: 12, durationMonths: 0, startDate: '2026-02-30', poleIds: ['p'], colour: 'red' })
        .expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect([...new Set(res.body.errors.map((e: { path: string }) => e.path))].sort())
        .toEqual(['acronym', 'colour', 'coordinatorOrganisationId', 'durationMonths', 'poleIds', 'startDate', 'trlStart']);
    });

    it('refuses null for a field that may be omitted', async () => {
      const res = await as(h.app, alice).post('/api/v1/projects').send({ acronym: 'NULLS', title: 'T', coordinatorOrganisationId: org, trlStart: null }).expect(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('trlStart');
    });

    it('a budget with an unknown cost type or category, or a negative or fractional amount, is 400 with paths', async () => {
      const p = await create();
      const res = await as(h.app, alice).put(`/api/v1/projects/${p.id}/partners/${org}`).set('If-Match', p.etag)
        .send({ budget: { industrial: { personnel: -1, travel: 5 }, experimental: { equipment: 1.5 }, marketing: { other: 1 } } }).expect(400);
      expect([...new Set(res.body.errors.map((e: { path: string }) => e.path))].sort())
        .toEqual(['budget.experimental.equipment', 'budget.industrial.personnel', 'budget.industrial.travel', 'budget.marketing']);
    });

    it('an unknown pole is 422 UNKNOWN_POLE, on create and on PATCH', async () => {
      const unknown = randomUUID();
      const res = await as(h.app, alice).post('/api/v1/projects').send({ acronym: 'POLE', title: 'T', coordinatorOrganisationId: org, poleIds: [poleId, unknown] }).expect(422);
      expect(res.body).toMatchObject({ code: 'UNKNOWN_POLE', errors: [{ path: 'poleIds[1]' }] });
      const p = await create();
      expect((await as(h.app, alice).patch(`/api/v1/projects/${p.id}`).set('If-Match', p.etag).send({ poleIds: [unknown] }).expect(422)).body.code).toBe('UNKNOWN_POLE');
    });

    it('an organisation not announced by directory is 422 UNKNOWN_ORGANISATION, as coordinator or partner', async () => {
      const ghost = randomUUID();
      const res = await as(h.app, principal({ organisationIds: [ghost] })).post('/api/v1/projects').send({ acronym: 'GHOST', title: 'T', coordinatorOrganisationId: ghost }).expect(422);
      expect(res.body.code).toBe('UNKNOWN_ORGANISATION');
      const p = await create();
      expect((await as(h.app, alice).post(`/api/v1/projects/${p.id}/invitations`).send({ organisationId: ghost }).expect(422)).body.code).toBe('UNKNOWN_ORGANISATION');
      // Nobody joins without an invitation: setting the budget of a non-partner is 404.
      const put = await as(h.app, alice).put(`/api/v1/projects/${p.id}/partners/${partnerOrg}`).set('If-Match', p.etag).send({ budget: {} }).expect(404);
      expect(put.body.code).toBe('PARTNER_NOT_FOUND');
    });

    it('the coordinator keeps its role and cannot be removed; a partner can be', async () => {
      const p = await create();
      expect((await as(h.app, alice).delete(`/api/v1/projects/${p.id}/partners/${org}`).set('If-Match', p.etag).expect(422)).body.code).toBe('CANNOT_REMOVE_COORDINATOR');
      expect((await as(h.app, alice).delete(`/api/v1/projects/${p.id}/partners/${partnerOrg}`).set('If-Match', p.etag).expect(404)).body.code).toBe('PARTNER_NOT_FOUND');
      const etag = await joinConsortium(h.app, alice, p.id, bob, partnerOrg, budget(10));
      expect((await as(h.app, alice).put(`/api/v1/projects/${p.id}/partners/${partnerOrg}`).set('If-Match', etag).send({ role: 'coordinator', budget: {} }).expect(422)).body.code).toBe('ROLE_MISMATCH');
      const removed = await as(h.app, alice).delete(`/api/v1/projects/${p.id}/partners/${partnerOrg}`).set('If-Match', etag).expect(200);
      expect(removed.body.partners.map((x: { organisationId: string }) => x.organisationId)).toEqual([org]);
      expect(removed.body.version).toBe(4);
      const event = (await allOutboxOf(h.em(), p.id)).find((r) => r.type === 'partner.removed');
      expect(event?.envelope.payload).toMatchObject({ organisationId: partnerOrg, organisationName: 'Partner', removedBy: alice.userId });
    });
  });

  describe('optimistic concurrency', () => {
    it('PATCH without If-Match is 428, with a stale one 412', async () => {
      const p = await create();
      expect((await as(h.app, alice).patch(`/api/v1/projects/${p.id}`).send({ title: 'no etag' }).expect(428)).body.code).toBe('PRECONDITION_REQUIRED');
      await as(h.app, alice).patch(`/api/v1/projects/${p.id}`).set('If-Match', p.etag).send({ title: 'first' }).expect(200);
      expect((await as(h.app, alice).patch(`/api/v1/projects/${p.id}`).set('If-Match', p.etag).send({ title: 'second' }).expect(412)).body.code).toBe('STALE_VERSION');
    });

    it('two concurrent writers with the same ETag: one wins, the other gets 412', async () => {
      const p = await create();
      const [a, b] = await Promise.all(['A', 'B'].map((title) => as(h.app, alice).patch(`/api/v1/projects/${p.id}`).set('If-Match', p.etag).send({ title })));
      expect([a.status, b.status].sort()).toEqual([200, 412]);
    });
  });

  describe('transitions', () => {
    it('an incomplete project cannot be submitted: 422 PROJECT_NOT_SUBMITTABLE with every issue', async () => {
      const p = await create();
      const res = await as(h.app, alice).post(`/api/v1/projects/${p.id}/submit`).set('If-Match', p.etag).expect(422);
      expect(res.body.code).toBe('PROJECT_NOT_SUBMITTABLE');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['poles', 'trlStart', 'trlTarget', 'partners[0].totalCostCents', 'summary', 'startDate', 'durationMonths']));
      expect((await outboxOf(h.em(), p.id)).map((r) => r.type)).toEqual(['project.created']);
      expect((await as(h.app, alice).get(`/api/v1/projects/${p.id}`).expect(200)).body).toMatchObject({ status: 'draft', version: 1 });
    });

    it('a partner above 70 % of the costs does not block submission (labelling checks it)', async () => {
      const p = await complete(); // the partner carries 90 %
      await as(h.app, alice).post(`/api/v1/projects/${p.id}/submit`).set('If-Match', p.etag).expect(200);
    });

    it('submitting twice is 409 INVALID_TRANSITION; a submitted project is not editable (409)', async () => {
      const p = await complete();
      const first = await as(h.app, alice).post(`/api/v1/projects/${p.id}/submit`).set('If-Match', p.etag).expect(200);
      const again = await as(h.app, alice).post(`/api/v1/projects/${p.id}/submit`).set('If-Match', first.headers.etag).expect(409);
      expect(again.body.code).toBe('INVALID_TRANSITION');
      expect((await as(h.app, alice).patch(`/api/v1/projects/${p.id}`).set('If-Match', first.headers.etag).send({ title: 'late' }).expect(409)).body.code).toBe('PROJECT_NOT_EDITABLE');
      expect((await as(h.app, alice).put(`/api/v1/projects/${p.id}/partners/${partnerOrg}`).set('If-Match', first.headers.etag).send({ budget: {} }).expect(409)).body.code).toBe('PROJECT_NOT_EDITABLE');
      expect((await outboxOf(h.em(), p.id)).map((r) => r.type)).toEqual(['project.created', 'project.submitted']);
    });

    it('resubmits after a revision request (round 2, project.resubmitted), then withdraws (project.withdrawn, terminal)', async () => {
      const p = await complete();
      await as(h.app, alice).post(`/api/v1/projects/${p.id}/submit`).set('If-Match', p.etag).expect(200);
      expect((await as(h.app, alice).post(`/api/v1/projects/${p.id}/resubmit`).set('If-Match', '*').expect(409)).body.code).toBe('INVALID_TRANSITION');
      // Labelling's revision request has no wire contract yet: simulate its effect on the row.
      await h.em().execute(`update submission.projects set status = 'revision_requested', version = version + 1 where id = ?`, [p.id]);
      const got = await as(h.app, alice).get(`/api/v1/projects/${p.id}`).expect(200);
      const edited = await as(h.app, alice).patch(`/api/v1/projects/${p.id}`).set('If-Match', got.headers.etag).send({ trlTarget: 7 }).expect(200);
      const resubmitted = await as(h.app, alice).post(`/api/v1/projects/${p.id}/resubmit`).set('If-Match', edited.headers.etag).expect(200);
      expect(resubmitted.body).toMatchObject({ status: 'resubmitted', round: 2, trlTarget: 7 });
      const withdrawn = await as(h.app, alice).post(`/api/v1/projects/${p.id}/withdraw`).set('If-Match', resubmitted.headers.etag).send({ reason: 'consortium split' }).expect(200);
      expect(withdrawn.body.status).toBe('withdrawn');
      expect((await as(h.app, alice).post(`/api/v1/projects/${p.id}/withdraw`).set('If-Match', withdrawn.headers.etag).expect(409)).body.code).toBe('INVALID_TRANSITION');

      const rows = await outboxOf(h.em(), p.id);
      expect(rows.map((r) => r.type)).toEqual(['project.created', 'project.submitted', 'project.resubmitted', 'project.withdrawn']);
      expect(rows.map((r) => Number(r.sequence))).toEqual([...rows.map((r) => Number(r.sequence))].sort((a, b) => a - b));
      expect(rows[2].envelope.payload).toMatchObject({ round: 2, trlTarget: 7 });
      expect(rows[3].envelope.payload).toEqual({ projectId: p.id, reason: 'consortium split' });
    });

    it('a draft can be withdrawn without a reason', async () => {
      const p = await create();
      await as(h.app, alice).post(`/api/v1/projects/${p.id}/withdraw`).set('If-Match', p.etag).expect(200);
      expect((await outboxOf(h.em(), p.id)).at(-1)?.envelope.payload).toEqual({ projectId: p.id, reason: null });
    });
  });

  describe('Idempotency-Key', () => {
    it('replays POST /projects with the same body and creates one project; another body with the same key is 422', async () => {
      const key = randomUUID();
      const body = { acronym: 'IDEMP', title: 'Once', coordinatorOrganisationId: org };
      const first = await as(h.app, alice).post('/api/v1/projects').set('Idempotency-Key', key).send(body).expect(201);
      const replay = await as(h.app, alice).post('/api/v1/projects').set('Idempotency-Key', key).send(body).expect(201);
      expect(replay.body).toEqual(first.body);
      expect(replay.headers.location).toBe(first.headers.location);
      expect(replay.headers.etag).toBe(first.headers.etag);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      const [{ n }] = await h.em().execute<{ n: string }[]>(`select count(*) as n from submission.projects where acronym = 'IDEMP'`);
      expect(Number(n)).toBe(1);
      expect((await outboxOf(h.em(), first.body.id)).map((r) => r.type)).toEqual(['project.created']);
      const reused = await as(h.app, alice).post('/api/v1/projects').set('Idempotency-Key', key).send({ ...body, title: 'Twice' }).expect(422);
      expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    });
  });
});
