import { bearer, signUp, startDirectory, type DirectoryTestApp } from '../testing/directory-test-app.js';

/* The minimal lookup a coordinator uses to invite a partner: public facts only. */
describe('directory public organisation search', () => {
  let t: DirectoryTestApp;
  let alice: { id: string; token: string };
  let mallory: { id: string; token: string };

  beforeAll(async () => {
    t = await startDirectory('dirpublicorgs', { ADMIN_EMAILS: 'admin@x.test' }, { seed: false });
    alice = await signUp(t, 'alice@aerolab.test');
    mallory = await signUp(t, 'mallory@x.test');
    await t.http().post('/api/v1/organisations').set(...bearer(alice.token)).send({
      name: 'AéroLab SAS', kind: 'company', siren: '732829320', region: 'Occitanie', headcount: 45, turnoverCents: 800_000_000, balanceSheetCents: 500_000_000,
    }).expect(201);
  });
  afterAll(async () => { await t?.close(); });

  it('finds by SIREN or accent-insensitive name, showing name, kind, SIREN, region and size class, nothing else', async () => {
    const bySiren = await t.http().get('/api/v1/organisations/public?siren=732829320').set(...bearer(mallory.token)).expect(200);
    expect(bySiren.body.items).toEqual([{ id: expect.any(String), name: 'AéroLab SAS', kind: 'company', siren: '732829320', region: 'Occitanie', sizeClass: 'PME' }]);
    const byName = await t.http().get('/api/v1/organisations/public?q=aerolab').set(...bearer(mallory.token)).expect(200);
    expect(byName.body.items.map((o: { name: string }) => o.name)).toEqual(['AéroLab SAS']);
    expect((await t.http().get('/api/v1/organisations/public?q=zzzz').set(...bearer(mallory.token)).expect(200)).body.items).toEqual([]);
  });

  it('needs a SIREN or 3 characters of a name, and a token', async () => {
    expect((await t.http().get('/api/v1/organisations/public').set(...bearer(mallory.token)).expect(400)).body.code).toBe('VALIDATION_FAILED');
    const bad = await t.http().get('/api/v1/organisations/public?siren=12&q=ab').set(...bearer(mallory.token)).expect(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['q', 'siren']);
    await t.http().get('/api/v1/organisations/public?q=aerolab').expect(401);
  });
});
