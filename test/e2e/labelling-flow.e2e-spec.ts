import { waitFor } from '@poleflow/testing';
import { actors, siren, subOf } from './actors.js';
import { startPlatform, type Platform } from './platform.js';

/*
 * Co-labelling through the gateway, on real PostgreSQL and Redis: a project targets Aerospace Valley (lead) and
 * Systematic (co-labelling); each pole admits its case, assigns reviewers (a conflicted one is refused),
 * reviews are scored on the rubric, Systematic labels, Aerospace Valley asks for a revision, the consortium
 * amends and resubmits, Aerospace Valley labels round 2; labels are verifiable without an account.
 */

const CRITERIA = ['strategy_fit', 'innovation', 'market_potential', 'consortium_quality', 'territorial_impact', 'budget_realism'];

const scores = (score: number) => Object.fromEntries(CRITERIA.map((k) => [k, { score, comment: `${k}: argued` }]));

describe('e2e: co-labelling with a revision round (through the gateway)', () => {
  let p: Platform;
  const { http, as, register, login, organisation, consortium } = actors(() => p.gateway);

  const t: Record<string, string> = {};
  let alice: { id: string; token: string };
  let lab: { id: string; token: string };
  let av: string;
  let sys: string;
  let projectId: string;
  const cases: Record<'av' | 'sys', string> = { av: '', sys: '' };

  beforeAll(async () => {
    p = await startPlatform('e2elabel');
    alice = await organisation('alice@aerolab.test', {
      name: 'AéroLab SAS', kind: 'company', siren: siren('73282932'), region: 'Occitanie', headcount: 45, turnoverCents: 800_000_000, balanceSheetCents: 500_000_000,
    });
    const bruno = await organisation('bruno@composites.test', {
      name: 'Composites du Sud', kind: 'company', siren: siren('40518327'), region: 'Nouvelle-Aquitaine', headcount: 8, turnoverCents: 150_000_000, balanceSheetCents: 90_000_000,
    });
    lab = await organisation('chloe@lab.test', { name: 'Laboratoire des matériaux', kind: 'research_organisation', siren: siren('18008901'), region: 'Île-de-France' });
    av = (await http().get('/api/v1/poles?q=aerospace%20valley').expect(200)).body.items[0].id;
    sys = (await http().get('/api/v1/poles?q=systematic').expect(200)).body.items[0].id;

    // Staff: the admin appoints one manager per pole; each manager appoints the pole's reviewers.
    await register('admin@e2e.test');
    const admin = await login('admin@e2e.test');
    for (const [email, pole] of [['m@av.test', av], ['m@sys.test', sys]] as const) {
      await register(email);
      await as(admin).post('/api/v1/admin/affiliations').send({ email, kind: 'pole', targetId: pole, role: 'pole_manager' }).expect(201);
    }
    t.mAv = await login('m@av.test');
    t.mSys = await login('m@sys.test');
    // The lab's expert reviews for Aerospace Valley: a conflict of interest on a project the lab is part of.
    await register('expert@lab.test');
    await as(lab.token).post(`/api/v1/organisations/${lab.id}/members`).send({ email: 'expert@lab.test' }).expect((r) => expect([200, 201]).toContain(r.status));
    for (const [email, pole, manager] of [['r1@av.test', av, t.mAv], ['r2@av.test', av, t.mAv], ['expert@lab.test', av, t.mAv], ['r1@sys.test', sys, t.mSys], ['r2@sys.test', sys, t.mSys]] as const) {
      if (email !== 'expert@lab.test') await register(email);
      await as(manager).post(`/api/v1/poles/${pole}/reviewers`).send({ email }).expect(201);
    }
    for (const k of ['r1@av.test', 'r2@av.test', 'expert@lab.test', 'r1@sys.test', 'r2@sys.test']) t[k] = await login(k);

    const body = {
      acronym: 'H2WING', title: 'Hydrogen tank in a composite wing box', summary: 'From lab proof to a flight-representative prototype.',
      themes: ['aeronautics-space'], keywords: ['hydrogen'], trlStart: 3, trlTarget: 6, startDate: '2027-03-01', durationMonths: 30,
      coordinatorOrganisationId: alice.id, poleIds: [av, sys],
    };
    // No retry: the Poleflow-Consistency token of the organisations' creation makes submission wait for them.
    const created = await as(alice.token).post('/api/v1/projects').send(body).expect(201);
    projectId = created.body.id;
    const etag = await consortium(projectId, { ...alice, budget: { industrial: { personnel: 60_000_000, equipment: 15_000_000 } } }, [
      { ...bruno, budget: { industrial: { personnel: 25_000_000 } } },
      { ...lab, budget: { industrial: { personnel: 40_000_000 } } },
    ]);
    await as(alice.token).post(`/api/v1/projects/${projectId}/submit`).set('if-match', etag).expect(200);
    // The reviewer pools must have reached labelling before anyone is assigned.
    const pool = (await as(t.mAv).get(`/api/v1/labelling/poles/${av}/reviewers`).expect(200)).body as { userId: string }[];
    expect(pool).toHaveLength(3);
  }, 60_000);

  afterAll(async () => {
    await p?.close();
  });

  async function caseOf(manager: string): Promise<string> {
    // Labelling opens the cases in the transaction that applies project.submitted, named by the token.
    const r = await as(manager).get(`/api/v1/cases?projectId=${projectId}`).expect(200);
    expect(r.body.items).toHaveLength(1);
    return r.body.items[0].id as string;
  }

  async function admit(manager: string, id: string): Promise<void> {
    const read = await as(manager).get(`/api/v1/cases/${id}`).expect(200);
    const failed = read.body.checks.filter((c: { passed: boolean }) => !c.passed);
    await as(manager).post(`/api/v1/cases/${id}/admissibility`).set('if-match', read.headers.etag)
      .send(failed.length ? { admissible: true, motivation: 'Checked with the consortium' } : { admissible: true }).expect(200);
  }

  async function reviewBy(manager: string, id: string, reviewer: string, score: number): Promise<void> {
    const a = await as(manager).post(`/api/v1/cases/${id}/assignments`).send({ reviewerUserId: subOf(t[reviewer]) }).expect(201);
    await as(t[reviewer]).put(`/api/v1/assignments/${a.body.id}/review`).send({ scores: scores(score), recommendation: 'label', summary: 'Convincing' }).expect(200);
    await as(t[reviewer]).post(`/api/v1/assignments/${a.body.id}/review/submit`).expect(200);
  }

  async function decide(manager: string, id: string, body: Record<string, unknown>) {
    const read = await as(manager).get(`/api/v1/cases/${id}`).expect(200);
    return as(manager).post(`/api/v1/cases/${id}/decision`).set('if-match', read.headers.etag).send(body).expect(200);
  }

  it('opens one case per pole, the lead first; a reviewer of one pole gets 404 on the other pole\'s case', async () => {
    cases.av = await caseOf(t.mAv);
    cases.sys = await caseOf(t.mSys);
    const avCase = (await as(t.mAv).get(`/api/v1/cases/${cases.av}`).expect(200)).body;
    expect(avCase).toMatchObject({ lead: true, status: 'admissibility', pole: { code: 'AV' } });
    expect(avCase.checks.map((c: { key: string }) => c.key)).toEqual(['theme_fit', 'collaborative_consortium', 'partner_share', 'regional_presence']);
    await as(t['r1@av.test']).get(`/api/v1/cases/${cases.sys}`).expect(404);
    await as(t.mAv).get(`/api/v1/cases/${cases.sys}`).expect(404);
    await admit(t.mAv, cases.av);
    await admit(t.mSys, cases.sys);
  });

  it('refuses a reviewer who works for a partner: 409 CONFLICT_OF_INTEREST', async () => {
    const res = await as(t.mAv).post(`/api/v1/cases/${cases.av}/assignments`).set('accept-language', 'en').send({ reviewerUserId: subOf(t['expert@lab.test']) }).expect(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('CONFLICT_OF_INTEREST');
    expect(res.body.detail).toContain('Laboratoire des matériaux');
  });

  it('answers 400 naming the field for a score of 7', async () => {
    const a = await as(t.mSys).post(`/api/v1/cases/${cases.sys}/assignments`).send({ reviewerUserId: subOf(t['r1@sys.test']) }).expect(201);
    const res = await as(t['r1@sys.test']).put(`/api/v1/assignments/${a.body.id}/review`).send({ scores: { innovation: { score: 7, comment: 'brilliant' } } }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'scores.innovation.score' })]));
    await as(t['r1@sys.test']).put(`/api/v1/assignments/${a.body.id}/review`).send({ scores: scores(4), recommendation: 'label' }).expect(200);
    await as(t['r1@sys.test']).post(`/api/v1/assignments/${a.body.id}/review/submit`).expect(200);
  });

  it('labels at Systematic, asks for a revision at Aerospace Valley; the project goes back to the consortium', async () => {
    await reviewBy(t.mSys, cases.sys, 'r2@sys.test', 5);
    const sysDecision = await decide(t.mSys, cases.sys, { outcome: 'labelled', motivation: 'Fits our digital twin roadmap', callRef: 'i-Démo 2026' });
    expect(sysDecision.body.label.number).toMatch(/^SYS-\d{4}-\d{4}$/);

    await reviewBy(t.mAv, cases.av, 'r1@av.test', 3);
    await reviewBy(t.mAv, cases.av, 'r2@av.test', 2);
    await decide(t.mAv, cases.av, { outcome: 'revision_requested', motivation: 'Promising, the market is unclear', requestedChanges: ['Add a market study', 'Name an airframer as end user'] });

    const project = await as(alice.token).get(`/api/v1/projects/${projectId}`).expect(200);
    expect(project.body.status).toBe('revision_requested');
    // Whoever acts next is notified in the app: the reviewers of their assignments, the consortium of the revision.
    const reviewerNotes = await waitFor(async () => {
      const r = await as(t['r1@av.test']).get('/api/v1/notifications');
      return r.status === 200 && r.body.items.length ? r.body.items as { message: string; link: string }[] : undefined;
    }, { what: 'the reviewer\'s notification' });
    expect(reviewerNotes[0].message).toMatch(/^Review Aerospace Valley's case by \d{4}-\d{2}-\d{2}/);
    expect(reviewerNotes[0].link).toMatch(/^\/api\/v1\/assignments\//);
    const consortiumNotes = await waitFor(async () => {
      const r = await as(alice.token).get('/api/v1/notifications?status=unread');
      const hit = r.status === 200 ? (r.body.items as { id: string; message: string }[]).find((n) => n.message.includes('asks for 2 change(s)')) : undefined;
      return hit;
    }, { what: 'the consortium\'s notification' });
    expect((await as(alice.token).post(`/api/v1/notifications/${consortiumNotes.id}/read`).expect(200)).body.readAt).not.toBeNull();
    // A reviewer's assignment is never on the project's timeline, nor in the feed.
    const feed = (await as(alice.token).get(`/api/v1/feed?limit=100`).expect(200)).body.items as { type: string }[];
    expect(feed.some((i) => i.type.startsWith('labelling.reviewer_'))).toBe(false);
    expect(JSON.stringify(project.body.openRevisionRequests)).toContain('Add a market study');
    // The consortium sees decisions and motivations, never reviews or reviewers.
    const seen = (await as(alice.token).get(`/api/v1/cases/${cases.av}`).expect(200)).body;
    expect(seen.viewer).toBe('consortium');
    expect(seen.rounds[0].decision.motivation).toBe('Promising, the market is unclear');
    expect(JSON.stringify(seen)).not.toContain(subOf(t['r1@av.test']));
  });

  it('amends and resubmits; round 2 at Aerospace Valley ends labelled; the timeline tells it all', async () => {
    const read = await as(alice.token).get(`/api/v1/projects/${projectId}`).expect(200);
    const amended = await as(alice.token).patch(`/api/v1/projects/${projectId}`).set('if-match', read.headers.etag)
      .send({ summary: 'With a market study and Airbus as end user.' }).expect(200);
    await as(alice.token).post(`/api/v1/projects/${projectId}/resubmit`).set('if-match', amended.headers.etag).expect(200);

    expect((await as(t.mAv).get(`/api/v1/cases/${cases.av}`).expect(200)).body.round).toBe(2);
    await admit(t.mAv, cases.av);
    await reviewBy(t.mAv, cases.av, 'r1@av.test', 4);
    await reviewBy(t.mAv, cases.av, 'r2@av.test', 4);
    const avDecision = await decide(t.mAv, cases.av, { outcome: 'labelled', motivation: 'The revision answers the committee', conditions: ['Report the end-user letter'] });
    const number = avDecision.body.label.number as string;
    expect(number).toMatch(/^AV-\d{4}-\d{4}$/);

    const pub = await http().get(`/api/v1/labels/${number}`).expect(200);
    expect(pub.body).toMatchObject({ number, status: 'active', project: { acronym: 'H2WING' }, pole: { code: 'AV' }, lead: true });
    const fake = await http().get(`/api/v1/labels/AV-2026-9999`).expect(404);
    expect(fake.body.code).toBe('LABEL_NOT_FOUND');

    const timeline = await waitFor(async () => {
      const r = await as(alice.token).get(`/api/v1/projects/${projectId}/timeline?limit=100`);
      return r.status === 200 && r.body.stage === 'labelled' && r.body.items.filter((i: { type: string }) => i.type === 'label.granted').length === 2 ? r.body : undefined;
    }, { what: 'both labels on the timeline' });
    const types = timeline.items.map((i: { type: string }) => i.type);
    for (const expected of ['project.submitted', 'labelling.case_opened', 'labelling.case_admitted', 'labelling.quorum_reached', 'label.revision_requested', 'project.resubmitted', 'label.granted']) {
      expect(types).toContain(expected);
    }
    expect(types.filter((x: string) => x === 'labelling.case_opened')).toHaveLength(3);
    expect(JSON.stringify(timeline)).not.toContain(subOf(t['r1@av.test']));
    const submission = (await as(alice.token).get(`/api/v1/projects/${projectId}`).expect(200)).body;
    expect(submission.labelling.map((l: { status: string }) => l.status).sort()).toEqual(['labelled', 'labelled']);
  });
});
