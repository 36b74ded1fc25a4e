import { waitFor } from '@poleflow/testing';
import { bearer, signIn, signUp, startDirectory, type DirectoryTestApp } from '../testing/directory-test-app.js';

const AEROLAB = {
  name: 'AéroLab SAS', kind: 'company', siren: '732 829 320', siret: '73282932000074', region: 'Occitanie', nafCode: '72.19Z',
  headcount: 45, turnoverCents: 800_000_000, balanceSheetCents: 500_000_000,
};

type OutboxRow = { type: string; stream_id: string; sequence: string; envelope: { payload: Record<string, unknown>; actor: { userId: string } | null }; published_at: Date | null };

describe('directory organisations (real PostgreSQL + Redis)', () => {
  let t: DirectoryTestApp;
  let alice: { id: string; token: string };
  let mallory: { id: string; token: string };
  let orgId: string;

  beforeAll(async () => {
    // The worker role runs the outbox relay, so the test can also see the events leave.
    t = await startDirectory('dirorgs', { ROLES: 'api,worker', OUTBOX_POLL_MS: '200', ADMIN_EMAILS: 'admin@x.test' }, { seed: false });
    alice = await signUp(t, 'alice@aerolab.test');
    mallory = await signUp(t, 'mallory@x.test');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('refuses an invalid SIREN, a bad SIRET and a SIRET of another company with a problem+json code', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ siren: '732829321' }, 'INVALID_SIREN'],
      [{ siret: '73282932000075' }, 'INVALID_SIRET'],
      [{ siret: '40518327800010' }, 'SIRET_SIREN_MISMATCH'],
    ];
    for (const [override, code] of cases) {
      const res = await t.http().post('/api/v1/organisations').set(...bearer(alice.token)).send({ ...AEROLAB, ...override }).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect({ status: res.body.status, code: res.body.code }).toEqual({ status: 400, code });
      // Like every other invalid input: the field and a message.
      expect(res.body.errors).toEqual([{ path: code === 'INVALID_SIREN' ? 'siren' : 'siret', message: expect.any(String) }]);
    }
    const missing = await t.http().post('/api/v1/organisations').set(...bearer(alice.token))
      .send({ ...AEROLAB, headcount: undefined, region: 'Atlantis' }).expect(400);
    expect(missing.body.code).toBe('VALIDATION_FAILED');
    expect([...new Set(missing.body.errors.map((e: { path: string }) => e.path))].sort()).toEqual(['headcount', 'region']);
    expect(await t.sql(`select 1 from directory.organisations`)).toHaveLength(0);
  });

  it('registers a company with its computed size (45 staff, 8 M€: small / PME) and makes the creator a member', async () => {
    const res = await t.http().post('/api/v1/organisations').set(...bearer(alice.token)).send(AEROLAB).expect(201);
    orgId = res.body.id;
    expect(res.body).toMatchObject({
      name: 'AéroLab SAS', kind: 'company', siren: '732829320', siret: '73282932000074', region: 'Occitanie', nafCode: '72.19Z',
      headcount: 45, turnoverCents: 800_000_000, balanceSheetCents: 500_000_000, sizeEu: 'small', categoryFr: 'PME', version: 1,
    });
    expect(res.headers.etag).toBe('W/"1"');
    expect(res.headers.location).toBe(`/api/v1/organisations/${orgId}`);
    const me = await t.http().get('/api/v1/me').set(...bearer(alice.token)).expect(200);
    expect(me.body.roles).toEqual(['applicant']);
    expect(me.body.affiliations).toEqual([expect.objectContaining({ kind: 'organisation', targetId: orgId, targetName: 'AéroLab SAS', role: 'admin' })]);
  });

  it('writes organisation.registered and affiliation.changed to the outbox in the same commit, and the relay publishes them', async () => {
    const rows = await t.sql<OutboxRow>(
      `select type, stream_id, sequence, envelope, published_at from directory.outbox where type in ('organisation.registered', 'affiliation.changed') order by created_at, sequence`,
    );
    expect(rows.map((r) => [r.type, r.stream_id, Number(r.sequence)])).toEqual([
      ['organisation.registered', orgId, 1],
      ['affiliation.changed', alice.id, 1],
    ]);
    expect(rows[0].envelope.payload).toEqual({
      organisationId: orgId, name: 'AéroLab SAS', kind: 'company', siren: '732829320', siret: '73282932000074', region: 'Occitanie',
      nafCode: '72.19Z', sizeEu: 'small', categoryFr: 'PME', regions: ['Occitanie'],
      establishments: [{ siret: '73282932000074', region: 'Occitanie', headOffice: true }],
    });
    expect(rows[0].envelope.actor).toEqual({ userId: alice.id, role: 'applicant' });
    expect(rows[1].envelope.payload).toEqual({ userId: alice.id, kind: 'organisation', targetId: orgId, role: 'admin', change: 'added' });
    await waitFor(async () => {
      const pending = await t.sql(`select 1 from directory.outbox where published_at is null`);
      return pending.length === 0;
    }, { what: 'the relay to publish the outbox' });
  });

  it('refuses a second registration of the same SIREN with 409 ORGANISATION_EXISTS', async () => {
    const res = await t.http().post('/api/v1/organisations').set(...bearer(mallory.token)).send({ ...AEROLAB, name: 'Copycat', siret: undefined }).expect(409);
    expect(res.body.code).toBe('ORGANISATION_EXISTS');
    expect(res.body.details).toEqual({ organisationId: orgId, name: 'AéroLab SAS', siren: '732829320' });
  });

  it('does not classify a research organisation', async () => {
    const res = await t.http().post('/api/v1/organisations').set(...bearer(mallory.token))
      .send({ name: 'Laboratoire ONERA Toulouse', kind: 'research_organisation', siren: '775722879', region: 'Occitanie' }).expect(201);
    expect(res.body).toMatchObject({ sizeEu: null, categoryFr: null, headcount: null });
  });

  it('shows an organisation to its members and admins only; anyone else gets 404', async () => {
    const own = await t.http().get(`/api/v1/organisations/${orgId}`).set(...bearer(alice.token)).expect(200);
    expect(own.headers.etag).toBe('W/"1"');
    expect(own.body.members).toEqual([{ accountId: alice.id, email: 'alice@aerolab.test', displayName: 'alice', role: 'admin', since: expect.any(String) }]);
    expect(own.body).toMatchObject({ myRole: 'admin', regions: ['Occitanie'], establishments: [expect.objectContaining({ siret: '73282932000074', headOffice: true })] });

    const other = await t.http().get(`/api/v1/organisations/${orgId}`).set(...bearer(mallory.token)).expect(404);
    expect(other.headers['content-type']).toContain('application/problem+json');
    expect(other.body.code).toBe('ORGANISATION_NOT_FOUND');
    await t.http().patch(`/api/v1/organisations/${orgId}`).set(...bearer(mallory.token)).set('if-match', 'W/"1"').send({ name: 'Hijacked' }).expect(404);
    await t.http().post(`/api/v1/organisations/${orgId}/members`).set(...bearer(mallory.token)).send({ email: 'mallory@x.test' }).expect(404);
    await t.http().get(`/api/v1/organisations/${orgId}`).expect(401);

    const admin = await signUp(t, 'admin@x.test');
    await t.http().get(`/api/v1/organisations/${orgId}`).set(...bearer(admin.token)).expect(200);
  });

  it('lists own organisations (admins: all), searchable accent-insensitively, with a cursor', async () => {
    const mine = await t.http().get('/api/v1/organisations').set(...bearer(alice.token)).expect(200);
    expect(mine.body).toEqual({ items: [expect.objectContaining({ id: orgId })], nextCursor: null });

    const admin = await signIn(t, 'admin@x.test');
    const all = await t.http().get('/api/v1/organisations?limit=1').set(...bearer(admin)).expect(200);
    expect(all.body.items.map((o: { name: string }) => o.name)).toEqual(['AéroLab SAS']);
    const next = await t.http().get(`/api/v1/organisations?limit=1&cursor=${all.body.nextCursor}`).set(...bearer(admin)).expect(200);
    expect(next.body).toEqual({ items: [expect.objectContaining({ name: 'Laboratoire ONERA Toulouse' })], nextCursor: null });

    const search = await t.http().get('/api/v1/organisations?q=aerolab').set(...bearer(admin)).expect(200);
    expect(search.body.items.map((o: { name: string }) => o.name)).toEqual(['AéroLab SAS']);
    const bySiren = await t.http().get('/api/v1/organisations?q=775').set(...bearer(admin)).expect(200);
    expect(bySiren.body.items.map((o: { siren: string }) => o.siren)).toEqual(['775722879']);
  });

  it('updates with If-Match only: 428 without, 412 when stale, 200 with a new ETag and organisation.updated', async () => {
    const url = `/api/v1/organisations/${orgId}`;
    const missing = await t.http().patch(url).set(...bearer(alice.token)).send({ headcount: 300 }).expect(428);
    expect(missing.body.code).toBe('PRECONDITION_REQUIRED');

    // Growing past 250 staff and 50 M€ makes it a large enterprise / ETI.
    const ok = await t.http().patch(url).set(...bearer(alice.token)).set('if-match', 'W/"1"')
      .send({ headcount: 300, turnoverCents: 6_000_000_000, balanceSheetCents: 5_000_000_000 }).expect(200);
    expect(ok.headers.etag).toBe('W/"2"');
    expect(ok.body).toMatchObject({ version: 2, headcount: 300, sizeEu: 'large', categoryFr: 'ETI' });

    const stale = await t.http().patch(url).set(...bearer(alice.token)).set('if-match', 'W/"1"').send({ name: 'AéroLab' }).expect(412);
    expect(stale.body.code).toBe('STALE_VERSION');
    const refused = await t.http().patch(url).set(...bearer(alice.token)).set('if-match', 'W/"2"').send({ siren: '775722879' }).expect(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'siren' })]);

    const [updated] = await t.sql<OutboxRow>(`select type, stream_id, sequence, envelope from directory.outbox where type = 'organisation.updated'`);
    expect(updated).toMatchObject({ stream_id: orgId, sequence: '2' });
    expect(updated.envelope.payload).toMatchObject({ organisationId: orgId, sizeEu: 'large', categoryFr: 'ETI' });
    const fresh = await t.http().get(url).set(...bearer(alice.token)).expect(200);
    expect(fresh.headers.etag).toBe('W/"2"');
  });

  it('lets an admin add another account as member, with affiliation.changed', async () => {
    const bruno = await signUp(t, 'bruno@composites.test');
    const added = await t.http().post(`/api/v1/organisations/${orgId}/members`).set(...bearer(alice.token)).send({ email: 'Bruno@Composites.test' }).expect(201);
    expect(added.body).toEqual({ accountId: bruno.id, email: 'bruno@composites.test', displayName: 'bruno', role: 'member', since: expect.any(String) });
    const again = await t.http().post(`/api/v1/organisations/${orgId}/members`).set(...bearer(alice.token)).send({ email: 'bruno@composites.test' }).expect(409);
    expect(again.body.code).toBe('ALREADY_MEMBER');
    const unknown = await t.http().post(`/api/v1/organisations/${orgId}/members`).set(...bearer(alice.token)).send({ email: 'ghost@x.test' }).expect(404);
    expect(unknown.body.code).toBe('ACCOUNT_NOT_FOUND');

    // Access is read from the database: Bruno's old token already opens the organisation.
    await t.http().get(`/api/v1/organisations/${orgId}`).set(...bearer(bruno.token)).expect(200);
    const events = await t.sql<OutboxRow>(`select envelope from directory.outbox where type = 'affiliation.changed' and stream_id = ?`, [bruno.id]);
    expect(events.map((e) => e.envelope.payload)).toEqual([{ userId: bruno.id, kind: 'organisation', targetId: orgId, role: 'member', change: 'added' }]);
  });
});
