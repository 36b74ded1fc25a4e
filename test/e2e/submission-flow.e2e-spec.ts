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

  it('builds a consortium of three partners with budgets', async () => {
    const budgets: [string, object][] = [
      [alice.id, { industrial: { personnel: 60_000_000, equipment: 15_000_000 }, experimental: { personnel: 20_000_000 } }],
      [bruno.id, { industrial: { personnel: 25_000_000 }, experimental: { equipment: 12_000_000 } }],
      [lab.id, { fundamental: { personnel: 18_000_000 }, industrial: { personnel: 22_000_000 } }],
    ];
    let last: request.Response | undefined;
    for (const [org, budget] of budgets) {
      last = await http().put(`/api/v1/projects/${projectId}/partners/${org}`).set('authorization', `Bearer ${alice.token}`).set('if-match', etag).send({ budget }).expect(200);
      etag = last.headers.etag;
    }
    expect(last!.body.partners).toHaveLength(3);
    expect(last!.body.totalCents).toBe(172_000_000);
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
    expect(timeline.items.slice(0, 2).map((i: { type: string }) => i.type)).toEqual(['project.created', 'project.submitted']);
    expect(timeline.items.slice(2).every((i: { type: string }) => i.type === 'labelling.case_opened')).toBe(true);
    expect(timeline.items[1].summary).toBe('Submitted by AéroLab SAS to 2 pole(s) with 3 partner(s), total budget 1 720 000 €');
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
