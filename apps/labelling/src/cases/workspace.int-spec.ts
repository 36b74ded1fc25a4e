import { randomUUID } from 'node:crypto';
import type { EventPayload } from '@poleflow/contracts';
import {
  appoint, as, consortium, fullScores, manager, principal, publishPole, reviewer, snapshot, startLabelling, submit, type Harness,
} from '../../test/harness.js';

/*
 * What the pole's pages need on top of the case API: the reviewer candidates with their conflicts (before
 * assigning), where each case's reviews stand in the list, the reviewer's own list with names, and the label
 * certificate with its consortium as JSON and PDF. Whoever may not see the case or the label gets 404.
 */
describe('labelling: the pole workspace reads (real PostgreSQL + Redis)', () => {
  let h: Harness;
  let av: EventPayload<'pole.published'>;
  let sys: EventPayload<'pole.published'>;

  beforeAll(async () => {
    h = await startLabelling('labelling_ws');
    av = await publishPole(h.app, { name: 'Aerospace Valley', code: 'AVW', regions: ['Occitanie', 'Nouvelle-Aquitaine'], themes: ['aeronautics-space'] });
    sys = await publishPole(h.app, { name: 'Systematic Paris-Region', code: 'SYW', regions: ['Île-de-France'], themes: ['digital-electronics'] });
  });
  afterAll(async () => h.close());

  async function admitted() {
    const s = snapshot([av.poleId], consortium());
    await submit(h.app, s);
    const boss = manager(av.poleId);
    const [c] = (await as(h.app, boss).get(`/api/v1/cases?projectId=${s.projectId}`).expect(200)).body.items;
    const read = await as(h.app, boss).get(`/api/v1/cases/${c.id}`).expect(200);
    await as(h.app, boss).post(`/api/v1/cases/${c.id}/admissibility`).set('If-Match', read.headers.etag).send({ admissible: true }).expect(200);
    return { s, boss, caseId: c.id as string };
  }

  it('lists the reviewer candidates with workload and each conflict and its reason, before anyone assigns; 404 to others', async () => {
    const { s, boss, caseId } = await admitted();
    const free = reviewer(av.poleId);
    const insider = reviewer(av.poleId);
    const stepsBack = reviewer(av.poleId);
    await appoint(h.app, av.poleId, free.userId);
    await appoint(h.app, av.poleId, insider.userId, { organisationId: s.partners[2].organisationId, name: s.partners[2].name, siren: s.partners[2].siren });
    await appoint(h.app, av.poleId, stepsBack.userId);
    const a = await as(h.app, boss).post(`/api/v1/cases/${caseId}/assignments`).send({ reviewerUserId: stepsBack.userId }).expect(201);
    await as(h.app, stepsBack).post(`/api/v1/assignments/${a.body.id}/conflict`).send({ reason: 'J’ai conseillé le chef de file' }).expect(200);
    await as(h.app, boss).post(`/api/v1/cases/${caseId}/assignments`).send({ reviewerUserId: free.userId }).expect(201);

    const list = (await as(h.app, boss).get(`/api/v1/cases/${caseId}/reviewer-candidates`).expect(200)).body as {
      userId: string; conflicts: { organisationName: string | null; basis: string; reason: string | null }[]; assignment: string | null; openAssignments: number; organisations: string[];
    }[];
    const by = new Map(list.map((x) => [x.userId, x]));
    expect(by.get(free.userId)).toMatchObject({ conflicts: [], assignment: 'assigned', openAssignments: 1 });
    expect(by.get(insider.userId)).toMatchObject({ conflicts: [{ organisationName: 'ONERA Toulouse', basis: 'same_organisation', reason: null }], assignment: null, organisations: ['ONERA Toulouse'] });
    expect(by.get(stepsBack.userId)).toMatchObject({ conflicts: [{ organisationName: null, basis: 'declared', reason: 'J’ai conseillé le chef de file' }], assignment: 'withdrawn', openAssignments: 0 });
    // the page's promise holds: the conflicted candidate is refused
    await as(h.app, boss).post(`/api/v1/cases/${caseId}/assignments`).send({ reviewerUserId: insider.userId }).expect(409);

    for (const who of [manager(sys.poleId), free, reviewer(av.poleId), principal({ organisationIds: [s.partners[0].organisationId] })]) {
      const res = await as(h.app, who).get(`/api/v1/cases/${caseId}/reviewer-candidates`).expect(404);
      expect(res.body.code).toBe('CASE_NOT_FOUND');
    }
  });

  it('tells the staff where each case\'s reviews stand in the list, and names the project and pole in a reviewer\'s list', async () => {
    const { s, boss, caseId } = await admitted();
    const r1 = reviewer(av.poleId);
    const r2 = reviewer(av.poleId);
    await appoint(h.app, av.poleId, r1.userId);
    await appoint(h.app, av.poleId, r2.userId);
    const soon = new Date(Date.now() + 5 * 86_400_000).toISOString();
    const a1 = await as(h.app, boss).post(`/api/v1/cases/${caseId}/assignments`).send({ reviewerUserId: r1.userId }).expect(201);
    await as(h.app, boss).post(`/api/v1/cases/${caseId}/assignments`).send({ reviewerUserId: r2.userId, dueAt: soon }).expect(201);
    await as(h.app, r1).put(`/api/v1/assignments/${a1.body.id}/review`).send({ scores: fullScores(4), recommendation: 'label' }).expect(200);
    await as(h.app, r1).post(`/api/v1/assignments/${a1.body.id}/review/submit`).expect(200);

    const [row] = (await as(h.app, boss).get(`/api/v1/cases?projectId=${s.projectId}`).expect(200)).body.items;
    expect(row.reviews).toEqual({ submitted: 1, open: 1, quorum: 2, nextDueAt: soon, overdue: 0 });
    // a reviewer and the consortium see the case in their lists, never the staff's progress
    const [asReviewer] = (await as(h.app, r2).get(`/api/v1/cases?projectId=${s.projectId}`).expect(200)).body.items;
    expect(asReviewer.reviews).toBeUndefined();

    // the reviewer's cut of the case carries the pole's weights (their weighted total, live)
    const cut = (await as(h.app, r2).get(`/api/v1/cases/${caseId}`).expect(200)).body;
    expect(cut).toMatchObject({ viewer: 'reviewer', weights: { strategy_fit: 20, innovation: 20, budget_realism: 15 } });
    expect(cut.assignments).toHaveLength(1);
    expect(cut.quorum).toBeUndefined();
    const mine = (await as(h.app, r2).get('/api/v1/assignments').expect(200)).body.items;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ caseId, acronym: 'WINGLET', title: 'Composite winglet', poleId: av.poleId, poleName: 'Aerospace Valley', dueAt: soon, overdue: false });
  });

  it('gives the certificate with its consortium as JSON and PDF to the pole\'s managers and the consortium; 404 to others', async () => {
    const { s, boss, caseId } = await admitted();
    for (const score of [4, 5]) {
      const r = reviewer(av.poleId);
      await appoint(h.app, av.poleId, r.userId);
      const a = await as(h.app, boss).post(`/api/v1/cases/${caseId}/assignments`).send({ reviewerUserId: r.userId }).expect(201);
      await as(h.app, r).put(`/api/v1/assignments/${a.body.id}/review`).send({ scores: fullScores(score), recommendation: 'label', summary: 'ok' }).expect(200);
      await as(h.app, r).post(`/api/v1/assignments/${a.body.id}/review/submit`).expect(200);
    }
    const read = await as(h.app, boss).get(`/api/v1/cases/${caseId}`).expect(200);
    const decided = await as(h.app, boss).post(`/api/v1/cases/${caseId}/decision`).set('If-Match', read.headers.etag)
      .send({ outcome: 'labelled', motivation: 'Solide', conditions: ['Associer une PME supplémentaire'], validUntil: '2029-06-30' }).expect(200);
    const number = decided.body.label.number as string;

    const cert = (await as(h.app, boss).get(`/api/v1/labels/${number}/certificate`).expect(200)).body;
    expect(cert).toMatchObject({
      number, status: 'active', project: { acronym: 'WINGLET' }, pole: { name: 'Aerospace Valley' }, validUntil: '2029-06-30',
      conditions: ['Associer une PME supplémentaire'], verifyPath: `/labels/${number}`,
    });
    expect(cert.consortium.map((p: { name: string; role: string }) => [p.name, p.role])).toEqual([
      ['Aerolab', 'coordinator'], ['Composites SA', 'partner'], ['ONERA Toulouse', 'partner'],
    ]);
    const pdf = await as(h.app, boss).get(`/api/v1/labels/${number.toLowerCase()}/certificate?format=pdf`).set('x-forwarded-host', 'poleflow.example')
      .buffer(true).parse((res, cb) => { const parts: Buffer[] = []; res.on('data', (b: Buffer) => parts.push(b)); res.on('end', () => cb(null, Buffer.concat(parts))); }).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toContain(`certificat-label-${number}.pdf`);
    const bytes = pdf.body as Buffer;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.toString('latin1')).toContain(number);

    const member = principal({ organisationIds: [s.partners[1].organisationId] });
    expect((await as(h.app, member).get(`/api/v1/labels/${number}/certificate`).expect(200)).body.number).toBe(number);
    for (const who of [manager(sys.poleId), reviewer(av.poleId), principal({ organisationIds: [randomUUID()] })]) {
      expect((await as(h.app, who).get(`/api/v1/labels/${number}/certificate?format=pdf`).expect(404)).body.code).toBe('LABEL_NOT_FOUND');
    }
    await as(h.app, boss).get('/api/v1/labels/AVW-2026-9999/certificate').expect(404);
  });
});
