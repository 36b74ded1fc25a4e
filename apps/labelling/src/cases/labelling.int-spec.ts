import { randomUUID } from 'node:crypto';
import { Queue, type ConnectionOptions } from 'bullmq';
import { waitFor, TEST_REDIS_URL } from '@poleflow/testing';
import { redisOptions, timerJobId, timerQueueName } from '@poleflow/messaging';
import {
  appoint, as, consortium, deliver, envelope, fullScores, manager, outboxOf, principal, publishPole, reviewer, snapshot, startLabelling, submit,
  type Harness,
} from '../../test/harness.js';
import { Assignment } from '../reviews/assignment.entity.js';
import { Label } from '../labels/label.entity.js';
import type { EventPayload } from '@poleflow/contracts';

describe('labelling (real PostgreSQL + Redis)', () => {
  let h: Harness;
  let av: EventPayload<'pole.published'>;
  let sys: EventPayload<'pole.published'>;

  beforeAll(async () => {
    h = await startLabelling('labelling');
    av = await publishPole(h.app, { name: 'Aerospace Valley', code: 'AV', regions: ['Occitanie', 'Nouvelle-Aquitaine'], themes: ['aeronautics-space', 'digital-electronics'] });
    sys = await publishPole(h.app, { name: 'Systematic Paris-Region', code: 'SYS', regions: ['Île-de-France'], themes: ['digital-electronics'] });
  });
  afterAll(async () => h.close());

  /** A submitted project with the AV case admitted and two reviewers of the pool. */
  async function underReview(poles = [av.poleId]) {
    const s = snapshot(poles, consortium());
    await submit(h.app, s);
    const boss = manager(av.poleId);
    const [c] = (await as(h.app, boss).get(`/api/v1/cases?projectId=${s.projectId}&poleId=${av.poleId}`).expect(200)).body.items;
    const read = await as(h.app, boss).get(`/api/v1/cases/${c.id}`).expect(200);
    await as(h.app, boss).post(`/api/v1/cases/${c.id}/admissibility`).set('If-Match', read.headers.etag).send({ admissible: true }).expect(200);
    const r1 = reviewer(av.poleId);
    const r2 = reviewer(av.poleId);
    await appoint(h.app, av.poleId, r1.userId);
    await appoint(h.app, av.poleId, r2.userId);
    return { s, boss, caseId: c.id as string, r1, r2 };
  }

  async function review(r: ReturnType<typeof reviewer>, caseId: string, score: number, recommendation = 'label') {
    const a = await as(h.app, manager(av.poleId)).post(`/api/v1/cases/${caseId}/assignments`).send({ reviewerUserId: r.userId }).expect(201);
    await as(h.app, r).put(`/api/v1/assignments/${a.body.id}/review`).send({ scores: fullScores(score), recommendation, summary: 'solid' }).expect(200);
    await as(h.app, r).post(`/api/v1/assignments/${a.body.id}/review/submit`).expect(200);
    return a.body.id as string;
  }

  it('opens one case per targeted pole, lead first, with the admissibility checks and their reasons', async () => {
    const s = snapshot([av.poleId, sys.poleId], consortium());
    await submit(h.app, s);
    const avCase = (await as(h.app, manager(av.poleId)).get(`/api/v1/cases?projectId=${s.projectId}`).expect(200)).body.items;
    expect(avCase).toHaveLength(1);
    expect(avCase[0]).toMatchObject({ lead: true, status: 'admissibility', round: 1, pole: { code: 'AV' } });
    const sysList = (await as(h.app, manager(sys.poleId)).get(`/api/v1/cases?projectId=${s.projectId}`).expect(200)).body.items;
    expect(sysList).toHaveLength(1);
    const sysCase = (await as(h.app, manager(sys.poleId)).get(`/api/v1/cases/${sysList[0].id}`).expect(200)).body;
    expect(sysCase.lead).toBe(false);
    const checks = Object.fromEntries(sysCase.checks.map((c: { key: string; passed: boolean }) => [c.key, c.passed]));
    // Aeronautics does not fit Systematic's digital themes; nobody does R&D in Île-de-France.
    expect(checks).toEqual({ theme_fit: false, collaborative_consortium: true, partner_share: true, regional_presence: false });
    expect(sysCase.checks.find((c: { key: string }) => c.key === 'regional_presence').reason).toMatch(/Île-de-France|Ile-de-France/);
    const out = await outboxOf(h.em(), s.projectId);
    expect(out.map((r) => [r.type, Number(r.sequence), (r.envelope.payload as { lead: boolean }).lead])).toEqual([
      ['labelling.case_opened', 1, true], ['labelling.case_opened', 2, false],
    ]);
  });

  it('applies a duplicated project.submitted once', async () => {
    const s = snapshot([av.poleId], consortium());
    const e = envelope('project.submitted', s, { streamId: s.projectId, sequence: 1, source: 'submission' });
    expect(await deliver(h.app, e)).toBe('applied');
    expect(await deliver(h.app, e)).toBe('duplicate');
    const list = (await as(h.app, manager(av.poleId)).get(`/api/v1/cases?projectId=${s.projectId}`).expect(200)).body.items;
    expect(list).toHaveLength(1);
  });

  it('refuses to decide an inadmissible check without a motivation, and to admit twice', async () => {
    const s = snapshot([sys.poleId], consortium());
    await submit(h.app, s);
    const boss = manager(sys.poleId);
    const [c] = (await as(h.app, boss).get(`/api/v1/cases?projectId=${s.projectId}`).expect(200)).body.items;
    const etag = (await as(h.app, boss).get(`/api/v1/cases/${c.id}`)).headers.etag;
    const noMotive = await as(h.app, boss).post(`/api/v1/cases/${c.id}/admissibility`).set('If-Match', etag).send({ admissible: true }).expect(422);
    expect(noMotive.body.code).toBe('MOTIVATION_REQUIRED');
    const declared = await as(h.app, boss).post(`/api/v1/cases/${c.id}/admissibility`).set('If-Match', etag)
      .send({ admissible: false, motivation: 'Aeronautics is outside our roadmap' }).expect(200);
    expect(declared.body.status).toBe('inadmissible');
    expect(declared.body.rounds[0].admissibility).toMatchObject({ admissible: false, motivation: 'Aeronautics is outside our roadmap' });
    const again = await as(h.app, boss).post(`/api/v1/cases/${c.id}/admissibility`).set('If-Match', declared.headers.etag).send({ admissible: true, motivation: 'x' }).expect(409);
    expect(again.body.code).toBe('INVALID_CASE_TRANSITION');
    const out = await outboxOf(h.em(), s.projectId);
    expect(out.map((r) => r.type)).toEqual(['labelling.case_opened', 'label.refused']);
    expect(out[1].envelope.payload).toMatchObject({ outcome: 'inadmissible', motivation: 'Aeronautics is outside our roadmap' });
  });

  it('detects a conflict of interest from the reviewer\'s employer (same organisation, or same SIREN)', async () => {
    const { s, caseId } = await underReview();
    const insider = reviewer(av.poleId);
    const coordinator = s.partners[0];
    await appoint(h.app, av.poleId, insider.userId, { organisationId: coordinator.organisationId, name: coordinator.name, siren: coordinator.siren });
    const res = await as(h.app, manager(av.poleId)).post(`/api/v1/cases/${caseId}/assignments`).set('accept-language', 'en').send({ reviewerUserId: insider.userId }).expect(409);
    expect(res.body.code).toBe('CONFLICT_OF_INTEREST');
    expect(res.body.detail).toContain('Aerolab');
    // Another establishment of the same company (same SIREN, another organisation record) is a conflict too.
    const sibling = reviewer(av.poleId);
    await appoint(h.app, av.poleId, sibling.userId, { organisationId: randomUUID(), name: 'Composites SA – Nantes', siren: s.partners[1].siren });
    const res2 = await as(h.app, manager(av.poleId)).post(`/api/v1/cases/${caseId}/assignments`).send({ reviewerUserId: sibling.userId }).expect(409);
    expect(res2.body.code).toBe('CONFLICT_OF_INTEREST');
    expect(await h.em().count(Assignment, { caseId })).toBe(0);
  });

  it('runs reviews to a quorum and a label: numbered per pole and year, verifiable in public, spread shown to the committee', async () => {
    const { s, boss, caseId, r1, r2 } = await underReview();
    const a1 = await as(h.app, boss).post(`/api/v1/cases/${caseId}/assignments`).send({ reviewerUserId: r1.userId }).expect(201);
    const bad = await as(h.app, r1).put(`/api/v1/assignments/${a1.body.id}/review`).send({ scores: { innovation: { score: 7, comment: 'wow' } } }).expect(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toContain('scores.innovation.score');
    // Another reviewer cannot touch it; the manager cannot write it either.
    await as(h.app, r2).put(`/api/v1/assignments/${a1.body.id}/review`).send({ scores: {} }).expect(404);
    await as(h.app, r1).put(`/api/v1/assignments/${a1.body.id}/review`).send({ scores: fullScores(4), recommendation: 'label' }).expect(200);
    // Quorum is 2: the committee may not decide on one review.
    await as(h.app, r1).post(`/api/v1/assignments/${a1.body.id}/review/submit`).expect(200);
    const edit = await as(h.app, r1).put(`/api/v1/assignments/${a1.body.id}/review`).send({ scores: fullScores(1) }).expect(409);
    expect(edit.body.code).toBe('REVIEW_ALREADY_SUBMITTED');
    let etag = (await as(h.app, boss).get(`/api/v1/cases/${caseId}`)).headers.etag;
    const early = await as(h.app, boss).post(`/api/v1/cases/${caseId}/decision`).set('If-Match', etag).send({ outcome: 'labelled', motivation: 'good' }).expect(409);
    expect(early.body.code).toBe('QUORUM_NOT_REACHED');
    await review(r2, caseId, 2, 'revise');

    const staff = await as(h.app, boss).get(`/api/v1/cases/${caseId}`).expect(200);
    expect(staff.body.scores.reviewCount).toBe(2);
    expect(staff.body.scores.weightedAverage).toBe(3);
    expect(staff.body.scores.disagreement).toHaveLength(6);
    expect(staff.body.assignments.map((a: { reviewerUserId: string }) => a.reviewerUserId).sort()).toEqual([r1.userId, r2.userId].sort());
    // The reviewer sees only their own assignment; the consortium sees no review and no reviewer.
    const own = await as(h.app, r1).get(`/api/v1/cases/${caseId}`).expect(200);
    expect(own.body.viewer).toBe('reviewer');
    expect(own.body.assignments.map((a: { reviewerUserId: string }) => a.reviewerUserId)).toEqual([r1.userId]);
    expect(own.body.scores).toBeUndefined();
    const member = principal({ organisationIds: [s.partners[2].organisationId] });
    const seen = await as(h.app, member).get(`/api/v1/cases/${caseId}`).expect(200);
    expect(seen.body.viewer).toBe('consortium');
    expect(JSON.stringify(seen.body)).not.toContain(r1.userId);
    expect(seen.body.assignments).toBeUndefined();

    etag = staff.headers.etag;
    const decided = await as(h.app, boss).post(`/api/v1/cases/${caseId}/decision`).set('If-Match', etag)
      .send({ outcome: 'labelled', motivation: 'A strong consortium', conditions: ['Name an industrial tester'], callRef: 'i-Démo 2026' }).expect(200);
    const year = new Date().getUTCFullYear();
    expect(decided.body.status).toBe('labelled');
    expect(decided.body.label.number).toMatch(new RegExp(`^AV-${year}-\\d{4}$`));
    const number = decided.body.label.number as string;

    const pub = await as(h.app, null).get(`/api/v1/labels/${number}`).expect(200);
    expect(pub.body).toMatchObject({ number, status: 'active', project: { acronym: 'WINGLET' }, pole: { code: 'AV', name: 'Aerospace Valley' }, callRef: 'i-Démo 2026', lead: true });
    const made = await as(h.app, null).get(`/api/v1/labels/AV-${year}-9999`).expect(404);
    expect(made.body.code).toBe('LABEL_NOT_FOUND');
    await as(h.app, null).get('/api/v1/labels/not-a-number').expect(404);

    // The next label of the pole this year takes the next number.
    const next = await underReview();
    await review(next.r1, next.caseId, 5);
    await review(next.r2, next.caseId, 5);
    const e2 = (await as(h.app, boss).get(`/api/v1/cases/${next.caseId}`)).headers.etag;
    const second = await as(h.app, boss).post(`/api/v1/cases/${next.caseId}/decision`).set('If-Match', e2).send({ outcome: 'labelled', motivation: 'excellent' }).expect(200);
    const seq = (n: string) => Number(n.split('-')[2]);
    expect(seq(second.body.label.number)).toBe(seq(number) + 1);

    const out = await outboxOf(h.em(), s.projectId);
    expect(out.map((r) => r.type)).toEqual([
      'labelling.case_opened', 'labelling.case_admitted', 'labelling.reviewer_assigned', 'labelling.reviewer_assigned', 'labelling.quorum_reached', 'label.granted',
    ]);
    const quorum = out.find((r) => r.type === 'labelling.quorum_reached')!;
    expect(quorum.envelope.actor).toBeNull();
    expect(out[5].envelope.payload).toMatchObject({ labelNumber: number, conditions: ['Name an industrial tester'], callRef: 'i-Démo 2026' });
  });

  it('lets exactly one of two managers deciding at once win; the other gets 412 or 409', async () => {
    const { s, caseId, r1, r2 } = await underReview();
    await review(r1, caseId, 4);
    await review(r2, caseId, 4);
    const m1 = manager(av.poleId);
    const m2 = manager(av.poleId);
    const etag = (await as(h.app, m1).get(`/api/v1/cases/${caseId}`)).headers.etag;
    const [a, b] = await Promise.all([
      as(h.app, m1).post(`/api/v1/cases/${caseId}/decision`).set('If-Match', etag).send({ outcome: 'labelled', motivation: 'yes' }),
      as(h.app, m2).post(`/api/v1/cases/${caseId}/decision`).set('If-Match', etag).send({ outcome: 'not_labelled', motivation: 'no' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, expect.any(Number)]);
    expect([a.status, b.status].filter((x) => x === 200)).toHaveLength(1);
    expect([412, 409]).toContain([a.status, b.status].find((x) => x !== 200));
    const out = (await outboxOf(h.em(), s.projectId)).filter((r) => r.type.startsWith('label.'));
    expect(out).toHaveLength(1);
    expect(await h.em().count(Label, { caseId })).toBe(a.status === 200 ? 1 : 0);
  });

  it('sends a case back for revision and opens round 2 on resubmission, keeping round 1 as history', async () => {
    const { s, boss, caseId, r1, r2 } = await underReview();
    const a1 = await review(r1, caseId, 3, 'revise');
    await review(r2, caseId, 3, 'revise');
    const etag = (await as(h.app, boss).get(`/api/v1/cases/${caseId}`)).headers.etag;
    const noChanges = await as(h.app, boss).post(`/api/v1/cases/${caseId}/decision`).set('If-Match', etag).send({ outcome: 'revision_requested', motivation: 'almost' }).expect(422);
    expect(noChanges.body.code).toBe('REQUESTED_CHANGES_REQUIRED');
    await as(h.app, boss).post(`/api/v1/cases/${caseId}/decision`).set('If-Match', etag)
      .send({ outcome: 'revision_requested', motivation: 'almost', requestedChanges: ['Detail the market study'] }).expect(200);
    await submit(h.app, { ...s, round: 2, summary: 'With a market study' }, 2);
    const c = (await as(h.app, boss).get(`/api/v1/cases/${caseId}`).expect(200)).body;
    expect(c).toMatchObject({ status: 'admissibility', round: 2 });
    expect(c.rounds.map((r: { round: number; decision: { outcome: string } | null }) => [r.round, r.decision?.outcome ?? null])).toEqual([[1, 'revision_requested'], [2, null]]);
    expect(c.project.summary).toBe('With a market study');
    expect(c.assignments).toEqual([]);
    // The round-1 review stays readable to its author, and is closed.
    const mine = await as(h.app, r1).get(`/api/v1/assignments/${a1}`).expect(200);
    expect(mine.body.status).toBe('submitted');
    const opened = (await outboxOf(h.em(), s.projectId)).filter((r) => r.type === 'labelling.case_opened');
    expect(opened.map((r) => (r.envelope.payload as { round: number }).round)).toEqual([1, 2]);
  });

  it('closes live cases when the project is withdrawn', async () => {
    const { s, caseId } = await underReview();
    await deliver(h.app, envelope('project.withdrawn', { projectId: s.projectId, reason: 'merged' }, { streamId: s.projectId, sequence: 2, source: 'submission' }));
    const c = (await as(h.app, manager(av.poleId)).get(`/api/v1/cases/${caseId}`).expect(200)).body;
    expect(c.status).toBe('closed');
    expect((await outboxOf(h.em(), s.projectId)).map((r) => r.type).at(-1)).toBe('labelling.case_closed');
  });

  it('revokes a label with a motivation; others get 404; twice is 409', async () => {
    const { caseId, r1, r2, boss } = await underReview();
    await review(r1, caseId, 5);
    await review(r2, caseId, 5);
    const etag = (await as(h.app, boss).get(`/api/v1/cases/${caseId}`)).headers.etag;
    const number = (await as(h.app, boss).post(`/api/v1/cases/${caseId}/decision`).set('If-Match', etag).send({ outcome: 'labelled', motivation: 'ok' }).expect(200)).body.label.number;
    await as(h.app, manager(sys.poleId)).post(`/api/v1/labels/${number}/revocation`).send({ motivation: 'x' }).expect(404);
    const revoked = await as(h.app, boss).post(`/api/v1/labels/${number}/revocation`).send({ motivation: 'The coordinator left the pole' }).expect(200);
    expect(revoked.body).toMatchObject({ status: 'revoked', revocationMotivation: 'The coordinator left the pole' });
    expect((await as(h.app, boss).post(`/api/v1/labels/${number}/revocation`).send({ motivation: 'again' }).expect(409)).body.code).toBe('LABEL_ALREADY_REVOKED');
    expect((await as(h.app, null).get(`/api/v1/labels/${number}`).expect(200)).body.status).toBe('revoked');
  });

  it('scopes cases: a reviewer of another pole and a stranger get 404', async () => {
    const { caseId } = await underReview();
    await as(h.app, reviewer(sys.poleId)).get(`/api/v1/cases/${caseId}`).expect(404);
    await as(h.app, principal()).get(`/api/v1/cases/${caseId}`).expect(404);
    await as(h.app, manager(sys.poleId)).get(`/api/v1/cases/${caseId}`).expect(404);
    expect((await as(h.app, principal()).get('/api/v1/cases').expect(200)).body.items).toEqual([]);
  });
});

describe('reviewer timers (real Redis delayed jobs)', () => {
  it('fire after the worker restarted: the reviewer is reminded, then the review is flagged overdue', async () => {
    // Reminder 1 s before a due date 3 s away.
    const env = { REVIEW_REMINDER_LEAD_HOURS: String(1 / 3600) };
    let h = await startLabelling('timers', { env });
    try {
      const av = await publishPole(h.app, { name: 'Aerospace Valley', code: 'AV' });
      const s = snapshot([av.poleId], consortium());
      await submit(h.app, s);
      const boss = manager(av.poleId);
      const [c] = (await as(h.app, boss).get(`/api/v1/cases?projectId=${s.projectId}`).expect(200)).body.items;
      const etag = (await as(h.app, boss).get(`/api/v1/cases/${c.id}`)).headers.etag;
      await as(h.app, boss).post(`/api/v1/cases/${c.id}/admissibility`).set('If-Match', etag).send({ admissible: true }).expect(200);
      const r = reviewer(av.poleId);
      await appoint(h.app, av.poleId, r.userId);
      const dueAt = new Date(Date.now() + 3000).toISOString();
      const a = (await as(h.app, boss).post(`/api/v1/cases/${c.id}/assignments`).send({ reviewerUserId: r.userId, dueAt }).expect(201)).body;

      // The relay publishes labelling.reviewer_assigned to labelling's own inbox, whose handler arms the timers.
      const q = new Queue(timerQueueName('labelling'), { connection: redisOptions(TEST_REDIS_URL) as ConnectionOptions, prefix: h.prefix });
      try {
        await waitFor(async () => (await q.getJob(timerJobId('review_overdue', a.id))) ?? null, { what: 'the overdue timer in Redis' });
      } finally {
        await q.close();
      }
      // The worker stops before either timer fires; a new process takes over with the same database and queues.
      await h.stop();
      h = await startLabelling('timers', { env, reuse: { db: h.db, prefix: h.prefix } });
      const flagged = await waitFor(async () => {
        const row = await h.em().findOne(Assignment, a.id);
        return row?.overdueAt ? row : null;
      }, { what: 'the overdue flag', timeoutMs: 15000 });
      expect(flagged.remindedAt).not.toBeNull();
      expect(flagged.remindedAt!.getTime()).toBeLessThanOrEqual(flagged.overdueAt!.getTime());
      const view = (await as(h.app, boss).get(`/api/v1/cases/${c.id}`).expect(200)).body;
      expect(view.overdueReviews).toBe(1);
      const types = (await outboxOf(h.em(), s.projectId)).map((x) => x.type);
      expect(types.filter((t) => t === 'labelling.reviewer_reminded')).toHaveLength(1);
      expect(types.filter((t) => t === 'labelling.review_overdue')).toHaveLength(1);
    } finally {
      await h.close();
    }
  });
});
