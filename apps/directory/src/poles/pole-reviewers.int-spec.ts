import { parseEnvelope } from '@poleflow/contracts';
import { poleIdOf } from '../reference/ids.js';
import { DEMO_PASSWORD, seedDemo } from '../seed/demo.seed.js';
import { bearer, refresh, signIn, signUp, startDirectory, type DirectoryTestApp } from '../testing/directory-test-app.js';

type Problem = { status: number; code: string };
type AffiliationEvent = { sequence: string; envelope: unknown };

const AV = poleIdOf('aerospace-valley');
const SYSTEMATIC = poleIdOf('systematic-paris-region');
const reviewers = (pole: string) => `/api/v1/poles/${pole}/reviewers`;

describe("directory: a pole's managers manage its reviewer pool (real PostgreSQL + Redis)", () => {
  let t: DirectoryTestApp;
  let manager: string;
  let otherManager: string;
  let admin: string;
  let alice: string;
  let reviewer: string;

  /** Every `affiliation.changed` on the account's stream, parsed with the contracts' schema. */
  const affiliationEvents = async (accountId: string) => {
    const rows = await t.sql<AffiliationEvent>(
      `select sequence, envelope from directory.outbox where type = 'affiliation.changed' and stream_id = ? order by sequence`, [accountId],
    );
    return rows.map((r) => {
      const parsed = parseEnvelope(r.envelope);
      if (!parsed.ok) throw new Error(`${parsed.code}: ${parsed.message}`);
      return { sequence: Number(r.sequence), actor: parsed.envelope.actor, payload: parsed.envelope.payload as Record<string, unknown> };
    });
  };

  beforeAll(async () => {
    t = await startDirectory('dirreviewers');
    await seedDemo(t.app);
    [manager, otherManager, admin, alice, reviewer] = await Promise.all(
      ['manager@aerospace-valley.test', 'manager@systematic.test', 'admin@poleflow.test', 'alice@aerolab.test', 'reviewer@aerospace-valley.test']
        .map((email) => signIn(t, email, DEMO_PASSWORD)),
    );
  });

  afterAll(async () => {
    await t?.close();
  });

  it('lets the manager of the pole appoint and remove a reviewer, with affiliation.changed added then removed', async () => {
    const expert = await signUp(t, 'Zoe@Expert.test', 'Zoé Expert');
    const [managerId] = await t.sql<{ id: string }>(`select id from directory.accounts where email = 'manager@aerospace-valley.test'`);

    const created = await t.http().post(reviewers(AV)).set(...bearer(manager)).send({ email: ' zoe@expert.TEST ' }).expect(201);
    expect(created.body).toEqual({ accountId: expert.id, email: 'zoe@expert.test', displayName: 'Zoé Expert', since: expect.any(String), organisations: [] });

    const listed = await t.http().get(reviewers(AV)).set(...bearer(manager)).expect(200);
    expect(listed.body.nextCursor).toBeNull();
    expect(listed.body.items.map((r: { email: string }) => r.email)).toEqual([
      'reviewer@aerospace-valley.test', 'reviewer2@aerospace-valley.test', 'expert@onera.test', 'zoe@expert.test',
    ]);
    expect(listed.body.items[3]).toEqual(created.body);
    const refreshed = await refresh(t, expert.refreshToken);
    const me = await t.http().get('/api/v1/me').set(...bearer(refreshed.accessToken)).expect(200);
    expect(me.body.roles).toEqual(['reviewer']);

    await t.http().delete(`${reviewers(AV)}/${expert.id}`).set(...bearer(manager)).expect(204);
    const gone = await t.http().delete(`${reviewers(AV)}/${expert.id}`).set(...bearer(manager)).expect(404);
    expect(gone.body.code).toBe('REVIEWER_NOT_FOUND');
    const after = await t.http().get(reviewers(AV)).set(...bearer(manager)).expect(200);
    expect(after.body.items.map((r: { email: string }) => r.email)).not.toContain('zoe@expert.test');

    expect(await affiliationEvents(expert.id)).toEqual([
      { sequence: 1, actor: { userId: managerId.id, role: 'pole_manager' }, payload: { userId: expert.id, kind: 'pole', targetId: AV, role: 'reviewer', change: 'added' } },
      { sequence: 2, actor: { userId: managerId.id, role: 'pole_manager' }, payload: { userId: expert.id, kind: 'pole', targetId: AV, role: 'reviewer', change: 'removed' } },
    ]);
    expect(await t.sql(`select 1 from directory.affiliations where account_id = ?`, [expert.id])).toHaveLength(0);
  });

  it('answers 404 POLE_NOT_FOUND to the manager of another pole, an applicant and a reviewer, and changes nothing', async () => {
    const target = await signUp(t, 'target@x.test');
    const [rev] = await t.sql<{ id: string }>(`select id from directory.accounts where email = 'reviewer@aerospace-valley.test'`);
    const outboxBefore = await t.sql(`select 1 from directory.outbox`);
    for (const token of [otherManager, alice, reviewer]) {
      const calls = [
        t.http().get(reviewers(AV)).set(...bearer(token)),
        t.http().post(reviewers(AV)).set(...bearer(token)).send({ email: 'target@x.test' }),
        t.http().delete(`${reviewers(AV)}/${rev.id}`).set(...bearer(token)),
      ];
      for (const res of await Promise.all(calls)) {
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect({ status: res.body.status, code: res.body.code }).toEqual<Problem>({ status: 404, code: 'POLE_NOT_FOUND' });
      }
    }
    // Same answer as for a pole that does not exist: nothing tells the pole apart.
    const missing = await t.http().get(reviewers('0190a0a0-0000-7000-8000-0000000000ff')).set(...bearer(alice)).expect(404);
    expect(missing.body.code).toBe('POLE_NOT_FOUND');
    expect(await t.sql(`select 1 from directory.affiliations where account_id = ?`, [target.id])).toHaveLength(0);
    expect(await t.sql(`select 1 from directory.outbox`)).toHaveLength(outboxBefore.length);

    // The other manager does manage their own pole; anonymous callers need a token; the pole directory stays public.
    const own = await t.http().get(reviewers(SYSTEMATIC)).set(...bearer(otherManager)).expect(200);
    expect(own.body.items.map((r: { email: string }) => r.email)).toEqual(['reviewer@systematic.test', 'reviewer2@systematic.test']);
    expect((await t.http().get(reviewers(AV)).expect(401)).body.code).toBe('UNAUTHENTICATED');
    await t.http().get(`/api/v1/poles/${AV}`).expect(200);
    expect((await t.http().get(reviewers('aerospace-valley')).set(...bearer(manager)).expect(400)).body.status).toBe(400);
  });

  it('refuses an unknown e-mail (404 ACCOUNT_NOT_FOUND), a second appointment (409 AFFILIATION_EXISTS) and a non-reviewer (404 REVIEWER_NOT_FOUND)', async () => {
    const unknown = await t.http().post(reviewers(AV)).set(...bearer(manager)).send({ email: 'nobody@nowhere.test' }).expect(404);
    expect(unknown.body.code).toBe('ACCOUNT_NOT_FOUND');
    const duplicate = await t.http().post(reviewers(AV)).set(...bearer(manager)).send({ email: 'reviewer@aerospace-valley.test' }).expect(409);
    expect(duplicate.headers['content-type']).toContain('application/problem+json');
    expect(duplicate.body.code).toBe('AFFILIATION_EXISTS');
    // Two appointments of the same account at once: one wins, the other gets the same 409 (the unique index decides).
    const raced = await signUp(t, 'raced@x.test');
    const race = await Promise.all([1, 2].map(() => t.http().post(reviewers(AV)).set(...bearer(manager)).send({ email: 'raced@x.test' })));
    expect(race.map((r) => [r.status, r.body.code]).sort()).toEqual([[201, undefined], [409, 'AFFILIATION_EXISTS']]);
    expect((await affiliationEvents(raced.id)).map((e) => e.payload.change)).toEqual(['added']);
    const invalid = await t.http().post(reviewers(AV)).set(...bearer(manager)).send({ email: 'not an e-mail', extra: 1 }).expect(400);
    expect(invalid.body.code).toBe('VALIDATION_FAILED');
    // The manager is pole staff, not a reviewer: removing them as reviewer is a 404, not their manager role.
    const [me] = await t.sql<{ id: string }>(`select id from directory.accounts where email = 'manager@aerospace-valley.test'`);
    const notReviewer = await t.http().delete(`${reviewers(AV)}/${me.id}`).set(...bearer(manager)).expect(404);
    expect(notReviewer.body.code).toBe('REVIEWER_NOT_FOUND');
    expect(await t.sql(`select 1 from directory.affiliations where account_id = ? and role = 'pole_manager'`, [me.id])).toHaveLength(1);
  });

  it('lets an admin manage any pool, and pages the pool with a cursor', async () => {
    const sam = await signUp(t, 'sam@x.test');
    await t.http().post(reviewers(SYSTEMATIC)).set(...bearer(admin)).send({ email: 'sam@x.test' }).expect(201);
    const first = await t.http().get(`${reviewers(SYSTEMATIC)}?limit=2`).set(...bearer(otherManager)).expect(200);
    expect(first.body.items.map((r: { email: string }) => r.email)).toEqual(['reviewer@systematic.test', 'reviewer2@systematic.test']);
    const second = await t.http().get(`${reviewers(SYSTEMATIC)}?limit=2&cursor=${first.body.nextCursor}`).set(...bearer(otherManager)).expect(200);
    expect(second.body).toEqual({ items: [expect.objectContaining({ accountId: sam.id, email: 'sam@x.test' })], nextCursor: null });
    for (const cursor of ['garbage', Buffer.from(JSON.stringify(['not a date', sam.id])).toString('base64url'), Buffer.from(JSON.stringify(['1800000000000000', 'x'])).toString('base64url')]) {
      expect((await t.http().get(`${reviewers(SYSTEMATIC)}?cursor=${cursor}`).set(...bearer(admin)).expect(400)).body.code).toBe('INVALID_CURSOR');
    }
    await t.http().delete(`${reviewers(SYSTEMATIC)}/${sam.id}`).set(...bearer(admin)).expect(204);
    const unknownPole = await t.http().get(reviewers('0190a0a0-0000-7000-8000-0000000000ff')).set(...bearer(admin)).expect(404);
    expect(unknownPole.body.code).toBe('POLE_NOT_FOUND');
  });

  it('replays an appointment retried with the same Idempotency-Key, and refuses the key with another body', async () => {
    const kim = await signUp(t, 'kim@x.test');
    await signUp(t, 'lee@x.test');
    const first = await t.http().post(reviewers(AV)).set(...bearer(manager)).set('Idempotency-Key', 'appoint-kim').send({ email: 'kim@x.test' }).expect(201);
    const replay = await t.http().post(reviewers(AV)).set(...bearer(manager)).set('Idempotency-Key', 'appoint-kim').send({ email: 'kim@x.test' }).expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    const reused = await t.http().post(reviewers(AV)).set(...bearer(manager)).set('Idempotency-Key', 'appoint-kim').send({ email: 'lee@x.test' }).expect(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await affiliationEvents(kim.id)).map((e) => e.payload.change)).toEqual(['added']);
  });

  it('decides from the current appointments, not the token: a manager removed a second ago can no longer change the pool', async () => {
    const [row] = await t.sql<{ id: string }>(
      `select f.id from directory.affiliations f join directory.accounts a on a.id = f.account_id
       where a.email = 'manager@systematic.test' and f.role = 'pole_manager'`,
    );
    await t.http().delete(`/api/v1/admin/affiliations/${row.id}`).set(...bearer(admin)).expect(204);
    const res = await t.http().get(reviewers(SYSTEMATIC)).set(...bearer(otherManager)).expect(404); // token still says pole_manager
    expect(res.body.code).toBe('POLE_NOT_FOUND');
  });
});
