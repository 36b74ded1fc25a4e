import { createHash } from 'node:crypto';
import { as, completeContent, deliver, envelope, organisationPayload, principal, publishPole, registerOrganisation, type Harness, startSubmission } from '../../test/harness.js';

/*
 * Idempotency-Key (libs/http idempotency.ts, decision 88): the key is claimed in the write's own transaction, so a
 * write and its key commit together. Real PostgreSQL; the "process died" cases are the rows such a death leaves.
 */
describe('Idempotency-Key: claimed in the transaction of the write', () => {
  let h: Harness;
  beforeAll(async () => { h = await startSubmission('idem'); });
  afterAll(async () => { await h?.close(); });

  const projectsNamed = async (acronym: string): Promise<string[]> =>
    (await h.em().execute<{ id: string }[]>('select id from submission.projects where acronym = ?', [acronym])).map((r) => r.id);

  it('two requests with the same key at once write one project, and neither answers with another one', async () => {
    const org = await registerOrganisation(h.app, { name: 'Twin Aero' });
    const pole = await publishPole(h.app, 'Aerospace Valley');
    const api = as(h.app, principal({ organisationIds: [org.organisationId] }));
    const body = { acronym: 'TWIN', title: 'Twin requests', coordinatorOrganisationId: org.organisationId, ...completeContent([pole.poleId]) };
    const answers = await Promise.all([1, 2, 3].map(() => api.post('/api/v1/projects').set('Idempotency-Key', 'twin').send(body)));
    const ids = await projectsNamed('TWIN');
    expect(ids).toHaveLength(1);
    for (const a of answers) {
      // The first answer, replayed, or "still being stored" while the first request stores it; never a second project.
      if (a.status === 201) expect(a.body.id).toBe(ids[0]);
      else expect([a.status, a.body.code]).toEqual([409, 'IDEMPOTENCY_IN_PROGRESS']);
    }
    expect(answers.filter((a) => a.status === 201).length).toBeGreaterThanOrEqual(1);
    const replay = await api.post('/api/v1/projects').set('Idempotency-Key', 'twin').send(body).expect(201);
    expect(replay.body.id).toBe(ids[0]);
    expect(replay.headers['idempotent-replayed']).toBe('true');
  });

  it('a request that failed leaves no claim: its retry with the same key runs at once', async () => {
    const later = organisationPayload({ name: 'Late Registration' });
    const pole = await publishPole(h.app, 'Systematic');
    const api = as(h.app, principal({ organisationIds: [later.organisationId] }));
    const body = { acronym: 'LATER', title: 'Registered after the first try', coordinatorOrganisationId: later.organisationId, ...completeContent([pole.poleId]) };
    const first = await api.post('/api/v1/projects').set('Idempotency-Key', 'later').send(body).expect(422);
    expect(first.body.code).toBe('UNKNOWN_ORGANISATION');
    await deliver(h.app, envelope('organisation.registered', later, { streamId: later.organisationId }));
    const retry = await api.post('/api/v1/projects').set('Idempotency-Key', 'later').send(body).expect(201);
    expect(await projectsNamed('LATER')).toEqual([retry.body.id]);
  });

  it('a write whose process died after its commit is never applied again: 409 while the answer may still come, then IDEMPOTENCY_ANSWER_LOST', async () => {
    const org = await registerOrganisation(h.app, { name: 'Died After Commit' });
    const pole = await publishPole(h.app, 'Minalogic');
    const who = principal({ organisationIds: [org.organisationId] });
    const api = as(h.app, who);
    const body = { acronym: 'GHOST', title: 'Applied, answer lost', coordinatorOrganisationId: org.organisationId, ...completeContent([pole.poleId]) };
    // What a process killed between its COMMIT and the storing of its answer leaves: the claim, committed, pending.
    const fingerprint = createHash('sha256').update(`POST /api/v1/projects\n${JSON.stringify(body)}`).digest('hex');
    await h.em().execute(`insert into submission.idempotency_keys (scope, key, fingerprint, state, created_at) values (?, 'ghost', ?, 'pending', now())`, [who.userId, fingerprint]);
    const soon = await api.post('/api/v1/projects').set('Idempotency-Key', 'ghost').send(body).expect(409);
    expect(soon.body.code).toBe('IDEMPOTENCY_IN_PROGRESS');
    await h.em().execute(`update submission.idempotency_keys set created_at = now() - interval '20 seconds' where scope = ? and key = 'ghost'`, [who.userId]);
    const lost = await api.post('/api/v1/projects').set('Idempotency-Key', 'ghost').send(body).expect(409);
    expect(lost.body.code).toBe('IDEMPOTENCY_ANSWER_LOST');
    expect(await projectsNamed('GHOST')).toEqual([]);
    // Another key is another request.
    await api.post('/api/v1/projects').set('Idempotency-Key', 'ghost-2').send(body).expect(201);
    expect(await projectsNamed('GHOST')).toHaveLength(1);
  });
});
