import type request from 'supertest';
import { isValidSiren } from '@poleflow/domain';
import { waitFor } from '@poleflow/testing';
import { actors } from './actors.js';
import { startPlatform, type Platform } from './platform.js';

/*
 * The first vertical slice through the gateway, on real PostgreSQL and Redis: register → organisation →
 * project with three partners → submit → the submission appears on the timeline, built by the tracker from
 * the event that travelled submission outbox → BullMQ → tracker inbox.
 */

const PASSWORD = 'correct horse battery staple';

/** A valid SIREN from 8 digits (adds the Luhn key). */
function siren(prefix8: string): string {
  for (let k = 0; k < 10; k++) if (isValidSiren(`${prefix8}${k}`)) return `${prefix8}${k}`;
  throw new Error('no key');
}

describe('e2e: register, build a consortium, submit, follow the timeline (through the gateway)', () => {
  let p: Platform;
  const { http } = actors(() => p.gateway);

  /** Each access token's session (scripts take the refresh token in the body). */
  const sessions = new Map<string, string>();

  async function account(email: string): Promise<string> {
    const reg = await http().post('/api/v1/auth/register').send({ email, password: PASSWORD, displayName: email.split('@')[0] }).expect(202);
    expect(reg.body.status).toBe('accepted');
    const res = await http().post('/api/v1/auth/login').send({ email, password: PASSWORD, refreshIn: 'body' }).expect(200);
    sessions.set(res.body.accessToken, res.body.refreshToken);
    return res.body.accessToken as string;
  }

  async function organisation(token: string, body: Record<string, unknown>): Promise<{ id: string; token: string; sizeEu: string | null; categoryFr: string | null }> {
    const org = await http().post('/api/v1/organisations').set('authorization', `Bearer ${token}`).send(body).expect(201);
    const refreshed = await http().post('/api/v1/auth/refresh').send({ refreshToken: sessions.get(token) }).expect(200);
    sessions.set(refreshed.body.accessToken, refreshed.body.refreshToken);
    return { id: org.body.id, token: refreshed.body.accessToken, sizeEu: org.body.sizeEu, categoryFr: org.body.categoryFr };
  }

  let alice: { id: string; token: string; sizeEu: string | null; categoryFr: string | null };
  let bruno: { id: string; token: string };
  let lab: { id: string; token: string };
  let dave: { id: string; token: string };
  let leadPole: string;
  let coPole: string;
  let projectId: string;
  let etag: string;

  beforeAll(async () => {
    p = await startPlatform('e2eflow');
    alice = await organisation(await account('alice@aerolab.test'), {
      name: 'AéroLab SAS', kind: 'company', siren: siren('73282932'), region: 'Occitanie', nafCode: '30.30Z', headcount: 45, turnoverCents: 800_000_000, balanceSheetCents: 500_000_000,
    });
    bruno = await organisation(await account('bruno@composites.test'), {
      name: 'Composites du Sud', kind: 'company', siren: siren('40518327'), region: 'Nouvelle-Aquitaine', headcount: 8, turnoverCents: 150_000_000, balanceSheetCents: 90_000_000,
    });
    lab = await organisation(await account('chloe@lab.test'), { name: 'Laboratoire des matériaux', kind: 'research_organisation', siren: siren('18008901'), region: 'Occitanie' });
    dave = await organisation(await account('dave@rival.test'), {
      name: 'Rival Aero', kind: 'company', siren: siren('55210055'), region: 'Bretagne', headcount: 300, turnoverCents: 9_000_000_000, balanceSheetCents: 6_000_000_000,
    });
    leadPole = (await http().get('/api/v1/poles?q=aerospace%20valley').expect(200)).body.items[0].id;
    coPole = (await http().get('/api/v1/poles?q=systematic').expect(200)).body.items[0].id;
  });

  afterAll(async () => {
    await p?.close();
  });

  it('classifies the organisations from their figures', () => {
    expect([alice.sizeEu, alice.categoryFr]).toEqual(['small', 'PME']);
  });

  it('creates the project once the submission service has heard of the organisation and the poles (events)', async () => {
    const body = {
      acronym: 'H2WING', title: 'Hydrogen tank in a composite wing box', summary: 'From lab proof to a flight-representative prototype.',
      themes: ['aeronautics-space'], keywords: ['hydrogen'], trlStart: 3, trlTarget: 6, startDate: '2027-03-01', durationMonths: 30,
      coordinatorOrganisationId: alice.id, poleIds: [leadPole, coPole],
    };
    // No retry: the Poleflow-Consistency token of the organisations' creation makes submission wait for them.
    const created = await http().post('/api/v1/projects').set('authorization', `Bearer ${alice.token}`).set('idempotency-key', 'create-h2wing').send(body).expect(201);
    projectId = created.body.id;
    etag = created.headers.etag;
    expect(created.body).toMatchObject({ acronym: 'H2WING', status: 'draft', coordinatorOrganisationId: alice.id });

    // A replay of the same key gets the first answer, and no second project exists.
    const replay = await http().post('/api/v1/projects').set('authorization', `Bearer ${alice.token}`).set('idempotency-key', 'create-h2wing').send(body).expect(201);
    expect(replay.body.id).toBe(projectId);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const mine = await http().get('/api/v1/projects').set('authorization', `Bearer ${alice.token}`).expect(200);
    expect(mine.body.items.filter((x: { acronym: string }) => x.acronym === 'H2WING')).toHaveLength(1);
    // Same key, another body: refused.
    const reused = await http().post('/api/v1/projects').set('authorization', `Bearer ${alice.token}`).set('idempotency-key', 'create-h2wing').send({ ...body, acronym: 'OTHER' }).expect(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('builds a consortium of three partners by invitation: lookup, invite by organisation and by e-mail, accept, budgets confirmed', async () => {
    const auth = (t: string) => ['authorization', `Bearer ${t}`] as const;
    // The coordinator finds Composites du Sud by name: public facts only.
    const found = await http().get('/api/v1/organisations/public?q=composites%20du').set(...auth(alice.token)).expect(200);
    expect(found.body.items).toEqual([{ id: bruno.id, name: 'Composites du Sud', kind: 'company', siren: expect.any(String), region: 'Nouvelle-Aquitaine', sizeClass: 'TPE' }]);
    const toBruno = await waitFor(async () => {
      const r = await http().post(`/api/v1/projects/${projectId}/invitations`).set(...auth(alice.token)).send({ organisationId: bruno.id, message: 'WP3 : fabrication des éprouvettes' });
      return r.status === 201 ? r : undefined;
    }, { what: 'submission to know Composites du Sud' });
    const toChloe = await http().post(`/api/v1/projects/${projectId}/invitations`).set(...auth(alice.token)).send({ email: 'chloe@lab.test' }).expect(201);

    // Each invitee sees the invitation with the project's summary and the proposed role, then accepts.
    const inbox = await http().get('/api/v1/invitations').set(...auth(bruno.token)).expect(200);
    expect(inbox.body.items).toEqual([expect.objectContaining({ id: toBruno.body.id, role: 'partner', message: 'WP3 : fabrication des éprouvettes', project: expect.objectContaining({ acronym: 'H2WING', coordinatorName: 'AéroLab SAS' }) })]);
    await http().post(`/api/v1/invitations/${toBruno.body.id}/accept`).set(...auth(bruno.token)).send({}).expect(200);
    expect((await http().get('/api/v1/invitations').set(...auth(lab.token)).expect(200)).body.items.map((i: { id: string }) => i.id)).toEqual([toChloe.body.id]);
    await http().post(`/api/v1/invitations/${toChloe.body.id}/accept`).set(...auth(lab.token)).send({ organisationId: lab.id }).expect(200);
    // Dave's company was never invited: it cannot answer someone else's invitation.
    await http().post(`/api/v1/invitations/${toBruno.body.id}/decline`).set(...auth(dave.token)).send({}).expect(404);

    etag = (await http().get(`/api/v1/projects/${projectId}`).set(...auth(alice.token)).expect(200)).headers.etag;
    const budgets: [string, string, object][] = [
      [alice.token, alice.id, { industrial: { personnel: 60_000_000, equipment: 15_000_000 }, experimental: { personnel: 20_000_000 } }],
      [alice.token, bruno.id, { industrial: { personnel: 25_000_000 }, experimental: { equipment: 12_000_000 } }], // entered by the coordinator
      [lab.token, lab.id, { fundamental: { personnel: 18_000_000 }, industrial: { personnel: 22_000_000 } }], // entered by the lab itself
    ];
    let last: request.Response | undefined;
    for (const [token, org, budget] of budgets) {
      last = await http().put(`/api/v1/projects/${projectId}/partners/${org}`).set(...auth(token)).set('if-match', etag).send({ budget }).expect(200);
      etag = last.headers.etag;
    }
    expect(last!.body.partners.map((x: { name: string; confirmed: boolean }) => [x.name, x.confirmed])).toEqual([
      ['AéroLab SAS', true], ['Composites du Sud', false], ['Laboratoire des matériaux', true],
    ]);
    expect(last!.body.totalCents).toBe(172_000_000);
    const blocked = await http().post(`/api/v1/projects/${projectId}/submit`).set(...auth(alice.token)).set('if-match', etag).expect(422);
    expect(blocked.body).toMatchObject({ code: 'CONSORTIUM_INCOMPLETE', details: { pendingInvitations: [], unconfirmedPartners: [{ organisationId: bruno.id, name: 'Composites du Sud' }] } });
    etag = (await http().post(`/api/v1/projects/${projectId}/partners/${bruno.id}/confirmation`).set(...auth(bruno.token)).set('if-match', etag).expect(200)).headers.etag;
  });

  it('answers 400 problem+json with the failing fields for a malformed body', async () => {
    const res = await http().patch(`/api/v1/projects/${projectId}`).set('authorization', `Bearer ${alice.token}`).set('if-match', etag)
      .send({ trlStart: 12, durationMonths: 'long', colour: 'blue' }).expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['trlStart', 'durationMonths', 'colour']));
  });

  it('answers 412 to a stale If-Match and 428 without one', async () => {
    const stale = await http().patch(`/api/v1/projects/${projectId}`).set('authorization', `Bearer ${alice.token}`).set('if-match', 'W/"1"').send({ title: 'Too late' }).expect(412);
    expect(stale.body.code).toBe('STALE_VERSION');
    await http().patch(`/api/v1/projects/${projectId}`).set('authorization', `Bearer ${alice.token}`).send({ title: 'No precondition' }).expect(428);
  });

  it('submits, and the tracker shows the submission on the timeline', async () => {
    const submitted = await http().post(`/api/v1/projects/${projectId}/submit`).set('authorization', `Bearer ${alice.token}`).set('if-match', etag).expect(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', round: 1 });
    const timeline = await waitFor(async () => {
      const r = await http().get(`/api/v1/projects/${projectId}/timeline`).set('authorization', `Bearer ${bruno.token}`);
      return r.status === 200 && r.body.items.some((i: { type: string }) => i.type === 'project.submitted') ? r.body : undefined;
    }, { what: 'project.submitted on the timeline' });
    // Labelling may already have opened the poles' cases (its events follow project.submitted).
    expect(['submitted', 'in_labelling']).toContain(timeline.stage);
    const types = timeline.items.map((i: { type: string }) => i.type);
    expect(types.filter((t: string) => t.startsWith('project.'))).toEqual(['project.created', 'project.submitted']);
    expect(types.slice(types.indexOf('project.submitted') + 1).every((t: string) => t === 'labelling.case_opened')).toBe(true);
    const summaries = timeline.items.map((i: { summary: string }) => i.summary);
    expect(summaries).toContain('Submitted by AéroLab SAS to 2 pole(s) with 3 partner(s), total budget 1 720 000 €');
    expect(summaries).toEqual(expect.arrayContaining([expect.stringMatching(/^Composites du Sud a accepté de rejoindre le consortium — \d{1,2} \p{L}+ \d{4}$/u)]));
    expect(summaries).toEqual(expect.arrayContaining([expect.stringMatching(/^Composites du Sud a confirmé son budget \(370 000 €\)/)]));
  });

  it("hides the project from another company's user: 404, not 403", async () => {
    const res = await http().get(`/api/v1/projects/${projectId}`).set('authorization', `Bearer ${dave.token}`).expect(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    await http().get(`/api/v1/projects/${projectId}/timeline`).set('authorization', `Bearer ${dave.token}`).expect(404);
    await http().post(`/api/v1/projects/${projectId}/withdraw`).set('authorization', `Bearer ${dave.token}`).set('if-match', 'W/"6"').send({}).expect(404);
  });

  it('keeps the public pole directory open and everything else closed', async () => {
    await http().get('/api/v1/poles?region=Bretagne').expect(200);
    const anonymous = await http().get('/api/v1/projects').expect(401);
    expect(anonymous.body.code).toBe('UNAUTHENTICATED');
  });

  it('lets an admin list dead letters across services (none on the happy path)', async () => {
    const admin = await account('admin@e2e.test');
    const res = await http().get('/api/v1/admin/dead-letters').set('authorization', `Bearer ${admin}`).expect(200);
    expect(res.body.items).toEqual([]);
    await http().get('/api/v1/admin/dead-letters').set('authorization', `Bearer ${alice.token}`).expect(403);
  });
});
