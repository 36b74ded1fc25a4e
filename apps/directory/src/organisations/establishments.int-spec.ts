import { bearer, signUp, startDirectory, type DirectoryTestApp } from '../testing/directory-test-app.js';

/*
 * One organisation per SIREN with establishments (SIRET, address, region, head office), joining an organisation
 * by SIREN, and its admins (the last one cannot leave). Real PostgreSQL, through HTTP.
 */

// SIREN 732 829 320 with two establishments: NIC 00074 (head office, Toulouse) and NIC 00082 (Mérignac).
const AEROLAB = {
  name: 'AéroLab SAS', kind: 'company', siren: '732829320', siret: '73282932000074', region: 'Occitanie', address: '12 avenue Édouard Belin, 31400 Toulouse',
  headcount: 45, turnoverCents: 800_000_000, balanceSheetCents: 500_000_000,
};
const MERIGNAC = '73282932000082';
const PARIS = '73282932000090';

type Who = { id: string; token: string };
type OutboxRow = { type: string; envelope: { payload: Record<string, unknown> } };

describe('directory establishments and join requests (real PostgreSQL)', () => {
  let t: DirectoryTestApp;
  let alice: Who;
  let bruno: Who;
  let chloe: Who;
  let orgId: string;

  beforeAll(async () => {
    t = await startDirectory('direstab', {}, { seed: false });
    alice = await signUp(t, 'alice@aerolab.test');
    bruno = await signUp(t, 'bruno@aerolab.test');
    chloe = await signUp(t, 'chloe@x.test');
    const res = await t.http().post('/api/v1/organisations').set(...bearer(alice.token)).send(AEROLAB).expect(201);
    orgId = res.body.id;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('adds a second SIRET of the SIREN registered by a member as an establishment, with its region in organisation.updated', async () => {
    const res = await t.http().post('/api/v1/organisations').set(...bearer(alice.token))
      .send({ ...AEROLAB, siret: MERIGNAC, region: 'Nouvelle-Aquitaine', address: '3 rue Marcel Dassault, 33700 Mérignac' }).expect(201);
    expect(res.body).toMatchObject({ id: orgId, region: 'Occitanie', siret: '73282932000074', regions: ['Occitanie', 'Nouvelle-Aquitaine'] });
    const list = await t.http().get(`/api/v1/organisations/${orgId}/establishments`).set(...bearer(alice.token)).expect(200);
    expect(list.body.map((e: Record<string, unknown>) => [e.siret, e.region, e.headOffice, e.address])).toEqual([
      ['73282932000074', 'Occitanie', true, '12 avenue Édouard Belin, 31400 Toulouse'],
      [MERIGNAC, 'Nouvelle-Aquitaine', false, '3 rue Marcel Dassault, 33700 Mérignac'],
    ]);
    const [updated] = await t.sql<OutboxRow>(`select type, envelope from directory.outbox where type = 'organisation.updated' order by created_at desc limit 1`);
    expect(updated.envelope.payload).toMatchObject({
      organisationId: orgId, region: 'Occitanie', regions: ['Occitanie', 'Nouvelle-Aquitaine'],
      establishments: [{ siret: '73282932000074', region: 'Occitanie', headOffice: true }, { siret: MERIGNAC, region: 'Nouvelle-Aquitaine', headOffice: false }],
    });
    // The same SIRET again is a known establishment: 409 with the organisation to join.
    const again = await t.http().post('/api/v1/organisations').set(...bearer(chloe.token)).send({ ...AEROLAB, siret: MERIGNAC }).expect(409);
    expect(again.body).toMatchObject({ code: 'ORGANISATION_EXISTS', details: { organisationId: orgId, name: 'AéroLab SAS' } });
  });

  it('an admin adds an establishment as the new head office; a SIRET of another SIREN is refused with errors[]', async () => {
    const bad = await t.http().post(`/api/v1/organisations/${orgId}/establishments`).set(...bearer(alice.token)).set('accept-language', 'en')
      .send({ siret: '40518327800010', region: 'Bretagne' }).expect(400);
    expect(bad.body).toMatchObject({ code: 'SIRET_SIREN_MISMATCH', errors: [{ path: 'siret', message: expect.stringContaining('405183278') }] });
    // French by default: the same code, the message in French.
    const fr = await t.http().post(`/api/v1/organisations/${orgId}/establishments`).set(...bearer(alice.token)).send({ siret: '40518327800010', region: 'Bretagne' }).expect(400);
    expect(fr.headers['content-language']).toBe('fr');
    expect(fr.body).toMatchObject({ code: 'SIRET_SIREN_MISMATCH', title: 'Requête invalide', errors: [{ path: 'siret', message: "Ce SIRET n'est pas un établissement de ce SIREN." }] });
    const stranger = await t.http().post(`/api/v1/organisations/${orgId}/establishments`).set(...bearer(chloe.token)).send({ siret: PARIS, region: 'Île-de-France' }).expect(404);
    expect(stranger.body.code).toBe('ORGANISATION_NOT_FOUND');
    const res = await t.http().post(`/api/v1/organisations/${orgId}/establishments`).set(...bearer(alice.token))
      .send({ siret: PARIS, region: 'Île-de-France', headOffice: true }).expect(201);
    expect(res.body).toMatchObject({ siret: PARIS, headOffice: true });
    const org = await t.http().get(`/api/v1/organisations/${orgId}`).set(...bearer(alice.token)).expect(200);
    expect(org.body).toMatchObject({ siret: PARIS, region: 'Île-de-France', regions: ['Île-de-France', 'Occitanie', 'Nouvelle-Aquitaine'] });
    expect(org.body.establishments.filter((e: { headOffice: boolean }) => e.headOffice).map((e: { siret: string }) => e.siret)).toEqual([PARIS]);
  });

  it('finds an organisation by SIREN and lets a person ask to join; its admin sees and approves the request', async () => {
    const invalid = await t.http().get('/api/v1/organisations/lookup?siren=732829321').set(...bearer(bruno.token)).expect(400);
    expect(invalid.body).toMatchObject({ code: 'INVALID_SIREN', errors: [{ path: 'siren', message: expect.any(String) }] });
    await t.http().get('/api/v1/organisations/lookup?siren=405183278').set(...bearer(bruno.token)).expect(404);
    const found = await t.http().get('/api/v1/organisations/lookup?siren=732%20829%20320').set(...bearer(bruno.token)).expect(200);
    expect(found.body).toEqual({ id: orgId, name: 'AéroLab SAS', siren: '732829320', region: 'Île-de-France', member: false });

    const asked = await t.http().post('/api/v1/organisations/join-requests').set(...bearer(bruno.token))
      .send({ siren: '732 829 320', message: 'Ingénieur essais' }).expect(201);
    expect(asked.body).toMatchObject({ organisationId: orgId, organisationName: 'AéroLab SAS', accountId: bruno.id, status: 'pending', message: 'Ingénieur essais' });
    const twice = await t.http().post('/api/v1/organisations/join-requests').set(...bearer(bruno.token)).send({ siren: '732829320' }).expect(409);
    expect(twice.body.code).toBe('JOIN_REQUEST_PENDING');
    const mine = await t.http().get('/api/v1/me/join-requests').set(...bearer(bruno.token)).expect(200);
    expect(mine.body.map((r: { id: string }) => r.id)).toEqual([asked.body.id]);

    // Not a member yet: the organisation and its requests stay hidden from him.
    await t.http().get(`/api/v1/organisations/${orgId}`).set(...bearer(bruno.token)).expect(404);
    await t.http().get(`/api/v1/organisations/${orgId}/join-requests`).set(...bearer(bruno.token)).expect(404);
    const pending = await t.http().get(`/api/v1/organisations/${orgId}/join-requests`).set(...bearer(alice.token)).expect(200);
    expect(pending.body.map((r: Record<string, unknown>) => [r.email, r.status])).toEqual([['bruno@aerolab.test', 'pending']]);

    const approved = await t.http().post(`/api/v1/organisations/${orgId}/join-requests/${asked.body.id}/approve`).set(...bearer(alice.token)).expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', decidedAt: expect.any(String) });
    const decidedTwice = await t.http().post(`/api/v1/organisations/${orgId}/join-requests/${asked.body.id}/refuse`).set(...bearer(alice.token)).send({}).expect(409);
    expect(decidedTwice.body.code).toBe('JOIN_REQUEST_DECIDED');
    const members = await t.http().get(`/api/v1/organisations/${orgId}/members`).set(...bearer(bruno.token)).expect(200);
    expect(members.body.map((m: Record<string, unknown>) => [m.email, m.role])).toEqual([['alice@aerolab.test', 'admin'], ['bruno@aerolab.test', 'member']]);
    const events = await t.sql<OutboxRow>(`select type, envelope from directory.outbox where type = 'affiliation.changed' and stream_id = ?`, [bruno.id]);
    expect(events.map((e) => e.envelope.payload)).toEqual([{ userId: bruno.id, kind: 'organisation', targetId: orgId, role: 'member', change: 'added' }]);

    // A plain member may not decide requests nor add people.
    const forbidden = await t.http().get(`/api/v1/organisations/${orgId}/join-requests`).set(...bearer(bruno.token)).expect(403);
    expect(forbidden.body.code).toBe('NOT_ORGANISATION_ADMIN');
    await t.http().post(`/api/v1/organisations/${orgId}/members`).set(...bearer(bruno.token)).send({ email: 'chloe@x.test' }).expect(403);
  });

  it('a new SIRET registered by a non-member becomes a join request carrying the establishment, added on approval; a refusal says why', async () => {
    const siret = '73282932000108';
    const res = await t.http().post('/api/v1/organisations').set(...bearer(chloe.token)).send({ ...AEROLAB, siret, region: 'Bretagne', address: 'Brest' }).expect(202);
    expect(res.body).toMatchObject({ status: 'pending', accountId: chloe.id, establishment: { siret, region: 'Bretagne', address: 'Brest' } });
    const before = await t.http().get(`/api/v1/organisations/${orgId}/establishments`).set(...bearer(alice.token)).expect(200);
    expect(before.body.map((e: { siret: string }) => e.siret)).not.toContain(siret);

    await t.http().post(`/api/v1/organisations/${orgId}/join-requests/${res.body.id}/approve`).set(...bearer(alice.token)).expect(200);
    const after = await t.http().get(`/api/v1/organisations/${orgId}`).set(...bearer(chloe.token)).expect(200);
    expect(after.body.regions).toContain('Bretagne');
    expect(after.body.myRole).toBe('member');

    // Refused: the reason reaches the requester.
    const dora = await signUp(t, 'dora@x.test');
    const asked = await t.http().post('/api/v1/organisations/join-requests').set(...bearer(dora.token)).send({ siren: '732829320' }).expect(201);
    await t.http().post(`/api/v1/organisations/${orgId}/join-requests/${asked.body.id}/refuse`).set(...bearer(alice.token))
      .send({ reason: 'Nous ne vous connaissons pas' }).expect(200);
    const mine = await t.http().get('/api/v1/me/join-requests').set(...bearer(dora.token)).expect(200);
    expect(mine.body).toEqual([expect.objectContaining({ status: 'refused', reason: 'Nous ne vous connaissons pas' })]);
    await t.http().get(`/api/v1/organisations/${orgId}`).set(...bearer(dora.token)).expect(404);
  });

  it('members leave; the last admin cannot leave nor step down until another member is admin', async () => {
    const last = await t.http().delete(`/api/v1/organisations/${orgId}/members/me`).set(...bearer(alice.token)).expect(409);
    expect(last.body.code).toBe('LAST_ADMIN');
    const stepDown = await t.http().put(`/api/v1/organisations/${orgId}/members/${alice.id}/role`).set(...bearer(alice.token)).send({ role: 'member' }).expect(409);
    expect(stepDown.body.code).toBe('LAST_ADMIN');

    await t.http().delete(`/api/v1/organisations/${orgId}/members/me`).set(...bearer(chloe.token)).expect(204);
    await t.http().get(`/api/v1/organisations/${orgId}`).set(...bearer(chloe.token)).expect(404);

    const promoted = await t.http().put(`/api/v1/organisations/${orgId}/members/${bruno.id}/role`).set(...bearer(alice.token)).send({ role: 'admin' }).expect(200);
    expect(promoted.body).toMatchObject({ accountId: bruno.id, role: 'admin' });
    await t.http().delete(`/api/v1/organisations/${orgId}/members/me`).set(...bearer(alice.token)).expect(204);
    const members = await t.http().get(`/api/v1/organisations/${orgId}/members`).set(...bearer(bruno.token)).expect(200);
    expect(members.body.map((m: Record<string, unknown>) => [m.email, m.role])).toEqual([['bruno@aerolab.test', 'admin']]);
    expect((await t.http().delete(`/api/v1/organisations/${orgId}/members/me`).set(...bearer(bruno.token)).expect(409)).body.code).toBe('LAST_ADMIN');
  });
});
