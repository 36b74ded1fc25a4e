import type { Principal } from '@poleflow/auth';
import { as, budget, completeContent, deliver, envelope, joinConsortium, principal, publishPole, registerOrganisation, startSubmission, type Harness } from '../../test/harness.js';

/* Who may see and do what: 404 (never 403) for those who may not see a project, 403 for those who see it. */
describe('submission: access to projects', () => {
  let h: Harness;
  let coordinatorOrg: string;
  let partnerOrg: string;
  let poleId: string;
  let alice: Principal; // coordinator member
  let bob: Principal; // partner member
  let stranger: Principal;
  let reviewer: Principal; // staff of the targeted pole
  let admin: Principal;
  let projectId: string;
  let etag: string;

  beforeAll(async () => {
    h = await startSubmission('subaccess');
    coordinatorOrg = (await registerOrganisation(h.app, { name: 'Coordinator' })).organisationId;
    partnerOrg = (await registerOrganisation(h.app, { name: 'Partner' })).organisationId;
    const strangerOrg = (await registerOrganisation(h.app, { name: 'Elsewhere' })).organisationId;
    poleId = (await publishPole(h.app)).poleId;
    alice = principal({ organisationIds: [coordinatorOrg] });
    bob = principal({ organisationIds: [partnerOrg] });
    stranger = principal({ organisationIds: [strangerOrg] });
    reviewer = principal({ roles: ['reviewer'], poles: [{ poleId, role: 'reviewer' }] });
    admin = principal({ roles: ['admin'] });
    const created = await as(h.app, alice).post('/api/v1/projects')
      .send({ acronym: 'SCOPE', title: 'Scoped', coordinatorOrganisationId: coordinatorOrg, ...completeContent([poleId]) }).expect(201);
    projectId = created.body.id;
    await as(h.app, alice).put(`/api/v1/projects/${projectId}/partners/${coordinatorOrg}`).set('If-Match', created.headers.etag).send({ budget: budget(1000) }).expect(200);
    etag = await joinConsortium(h.app, alice, projectId, bob, partnerOrg, budget(500));
  });
  afterAll(async () => { await h?.close(); });

  it('a stranger gets 404 PROJECT_NOT_FOUND on GET, PATCH, partners and submit', async () => {
    const api = as(h.app, stranger);
    const url = `/api/v1/projects/${projectId}`;
    for (const res of [
      await api.get(url),
      await api.patch(url).set('If-Match', etag).send({ title: 'hijack' }),
      await api.put(`${url}/partners/${stranger.organisationIds[0]}`).set('If-Match', etag).send({ budget: {} }),
      await api.post(`${url}/submit`).set('If-Match', etag),
      await api.post(`${url}/withdraw`).set('If-Match', etag).send({}),
    ]) {
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe('PROJECT_NOT_FOUND');
    }
    // Same answer as for a project that does not exist.
    const missing = await api.get('/api/v1/projects/0190a0a0-0000-7000-8000-000000000000').expect(404);
    expect(missing.body.code).toBe('PROJECT_NOT_FOUND');
  });

  it('a partner member sees and edits the draft, but only the coordinator shapes the consortium and submits', async () => {
    const api = as(h.app, bob);
    await api.get(`/api/v1/projects/${projectId}`).expect(200);
    const edited = await api.patch(`/api/v1/projects/${projectId}`).set('If-Match', etag).send({ keywords: ['rib', 'composite'] }).expect(200);
    etag = edited.headers.etag;
    // Its own budget line, yes (which confirms it); the coordinator's, no.
    etag = (await api.put(`/api/v1/projects/${projectId}/partners/${partnerOrg}`).set('If-Match', etag).send({ budget: budget(500) }).expect(200)).headers.etag;
    const put = await api.put(`/api/v1/projects/${projectId}/partners/${coordinatorOrg}`).set('If-Match', etag).send({ budget: budget(1) }).expect(403);
    expect(put.body.code).toBe('NOT_THIS_PARTNER');
    expect((await api.post(`/api/v1/projects/${projectId}/invitations`).send({ email: 'x@example.fr' }).expect(403)).body.code).toBe('NOT_COORDINATOR');
    const submit = await api.post(`/api/v1/projects/${projectId}/submit`).set('If-Match', etag).expect(403);
    expect(submit.body.code).toBe('NOT_COORDINATOR');
  });

  it('creating a project for an organisation one is not a member of is 403 NOT_A_MEMBER', async () => {
    const res = await as(h.app, stranger).post('/api/v1/projects').send({ acronym: 'NOPE', title: 'Not mine', coordinatorOrganisationId: coordinatorOrg }).expect(403);
    expect(res.body.code).toBe('NOT_A_MEMBER');
  });

  it('pole staff see the project only once submitted, and cannot edit it; admins see it always', async () => {
    await as(h.app, reviewer).get(`/api/v1/projects/${projectId}`).expect(404);
    await as(h.app, admin).get(`/api/v1/projects/${projectId}`).expect(200);
    const patch = await as(h.app, admin).patch(`/api/v1/projects/${projectId}`).set('If-Match', etag).send({ title: 'admin edit' }).expect(403);
    expect(patch.body.code).toBe('NOT_A_PARTNER');
    const submitted = await as(h.app, alice).post(`/api/v1/projects/${projectId}/submit`).set('If-Match', etag).expect(200);
    etag = submitted.headers.etag;
    const seen = await as(h.app, reviewer).get(`/api/v1/projects/${projectId}`).expect(200);
    expect(seen.body.status).toBe('submitted');
    const edit = await as(h.app, reviewer).patch(`/api/v1/projects/${projectId}`).set('If-Match', etag).send({ title: 'x' }).expect(403);
    expect(edit.body.code).toBe('NOT_A_PARTNER');
  });

  it('a funder officer reads a project once it applied to one of the funder\'s calls, read-only; another funder\'s officer gets 404', async () => {
    const funderId = '0190a0a0-0000-7000-8000-00000000f001';
    const officer = principal({ roles: ['funder_officer'], funderIds: [funderId] });
    const other = principal({ roles: ['funder_officer'], funderIds: ['0190a0a0-0000-7000-8000-00000000f002'] });
    await as(h.app, officer).get(`/api/v1/projects/${projectId}`).expect(404);
    await deliver(h.app, envelope('funding.requested', {
      applicationId: '0190a0a0-0000-7000-8000-00000000a001', projectId, callId: '0190a0a0-0000-7000-8000-00000000c001', callTitle: 'i-Démo',
      funderId, funderName: 'Bpifrance', round: 1, appliedAt: new Date().toISOString(),
    }, { streamId: projectId, source: 'funding' }));
    const seen = await as(h.app, officer).get(`/api/v1/projects/${projectId}`).expect(200);
    expect(seen.body.partners.map((p: { organisationId: string }) => p.organisationId)).toEqual([coordinatorOrg, partnerOrg]);
    expect((await as(h.app, officer).get(`/api/v1/projects/${projectId}/invitations`).expect(200)).body.items).toHaveLength(1);
    expect((await as(h.app, officer).get('/api/v1/projects').expect(200)).body.items.map((p: { id: string }) => p.id)).toEqual([projectId]);
    const edit = await as(h.app, officer).patch(`/api/v1/projects/${projectId}`).set('If-Match', seen.headers.etag).send({ title: 'x' }).expect(403);
    expect(edit.body.code).toBe('NOT_A_PARTNER');
    await as(h.app, other).get(`/api/v1/projects/${projectId}`).expect(404);
    expect((await as(h.app, other).get('/api/v1/projects').expect(200)).body.items).toEqual([]);
    // Pole staff list the submitted projects of their pole too.
    expect((await as(h.app, reviewer).get('/api/v1/projects').expect(200)).body.items.map((p: { id: string }) => p.id)).toEqual([projectId]);
  });

  it('lists the caller\'s projects only (admins: all), filtered by status, page by page', async () => {
    const carol = principal({ organisationIds: [partnerOrg, coordinatorOrg] });
    for (const acronym of ['P1', 'P2', 'P3']) {
      await as(h.app, alice).post('/api/v1/projects').send({ acronym, title: acronym, coordinatorOrganisationId: coordinatorOrg }).expect(201);
    }
    expect((await as(h.app, stranger).get('/api/v1/projects').expect(200)).body).toEqual({ items: [], nextCursor: null });
    expect((await as(h.app, bob).get('/api/v1/projects').expect(200)).body.items.map((p: { id: string }) => p.id)).toEqual([projectId]);

    const first = await as(h.app, carol).get('/api/v1/projects?limit=2').expect(200);
    expect(first.body.items.map((p: { acronym: string }) => p.acronym)).toEqual(['P3', 'P2']);
    const second = await as(h.app, carol).get(`/api/v1/projects?limit=2&cursor=${first.body.nextCursor}`).expect(200);
    expect(second.body.items.map((p: { acronym: string }) => p.acronym)).toEqual(['P1', 'SCOPE']);
    expect(second.body.nextCursor).toBeNull();

    const drafts = await as(h.app, alice).get('/api/v1/projects?status=draft').expect(200);
    expect(drafts.body.items.map((p: { acronym: string }) => p.acronym)).toEqual(['P3', 'P2', 'P1']);
    const all = await as(h.app, admin).get('/api/v1/projects?status=submitted').expect(200);
    expect(all.body.items.map((p: { id: string }) => p.id)).toEqual([projectId]);

    const bad = await as(h.app, alice).get('/api/v1/projects?status=approved&limit=0').expect(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['limit', 'status']);
    expect((await as(h.app, alice).get('/api/v1/projects?cursor=garbage').expect(400)).body.code).toBe('INVALID_CURSOR');
  });

  it('refuses anonymous calls with 401', async () => {
    const res = await as(h.app, alice).get('/api/v1/projects').set('Authorization', '').expect(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });
});
