import { JwtService } from '@nestjs/jwt';
import type { AccessTokenClaims } from '@poleflow/auth';
import { TEST_ISSUER, TEST_KEYS } from '@poleflow/testing';
import { funderIdOf, poleIdOf } from '../reference/ids.js';
import { bearer, refresh, signIn, signUp, startDirectory, type DirectoryTestApp } from '../testing/directory-test-app.js';
import { DEMO_PASSWORD, seedDemo } from './demo.seed.js';

const claimsOf = (token: string) => new JwtService({}).verify<AccessTokenClaims>(token, { publicKey: TEST_KEYS.publicKey, algorithms: ['ES256'], issuer: TEST_ISSUER });
const count = async (t: DirectoryTestApp, table: string) => Number((await t.sql<{ n: string }>(`select count(*) as n from directory.${table}`))[0].n);

describe('directory demo data and staff affiliations (real PostgreSQL + Redis)', () => {
  let t: DirectoryTestApp;

  beforeAll(async () => {
    t = await startDirectory('dirdemo');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('seeds one account per role, idempotently, and each signs in with the roles it should have', async () => {
    const first = await seedDemo(t.app);
    expect(first.map((a) => [a.email, a.roles])).toEqual([
      ['admin@poleflow.test', ['admin']],
      ['alice@aerolab.test', ['applicant']],
      ['bruno@composites.test', ['applicant']],
      ['chloe@onera.test', ['applicant']],
      ['reviewer@aerospace-valley.test', ['reviewer']],
      ['reviewer2@aerospace-valley.test', ['reviewer']],
      ['expert@onera.test', ['reviewer', 'applicant']],
      ['manager@aerospace-valley.test', ['pole_manager']],
      ['reviewer@systematic.test', ['reviewer']],
      ['reviewer2@systematic.test', ['reviewer']],
      ['manager@systematic.test', ['pole_manager']],
      ['officer@bpifrance.test', ['funder_officer']],
      ['officer@anr.test', ['funder_officer']],
      ['officer@laregion.test', ['funder_officer']],
    ]);
    expect(new Set(first.map((a) => a.password))).toEqual(new Set([DEMO_PASSWORD]));
    const tables = ['accounts', 'organisations', 'affiliations', 'outbox'];
    const before = await Promise.all(tables.map((x) => count(t, x)));
    expect(await seedDemo(t.app)).toEqual(first);
    expect(await Promise.all(tables.map((x) => count(t, x)))).toEqual(before);

    const manager = claimsOf(await signIn(t, 'manager@aerospace-valley.test', DEMO_PASSWORD));
    expect(manager.poles).toEqual([{ id: poleIdOf('aerospace-valley'), role: 'pole_manager' }]);
    for (const [email, funder] of [['officer@bpifrance.test', 'bpifrance'], ['officer@anr.test', 'anr'], ['officer@laregion.test', 'region-occitanie']]) {
      const officer = claimsOf(await signIn(t, email, DEMO_PASSWORD));
      expect(officer).toMatchObject({ roles: ['funder_officer'], orgs: [], poles: [], funders: [funderIdOf(funder)] });
    }
    // Each officer's appointment is published as affiliation.changed (added), on a seeded funder.
    const appointments = await t.sql<{ email: string; name: string; envelope: { payload: Record<string, unknown> } }>(
      `select a.email, f.name, o.envelope from directory.outbox o join directory.accounts a on a.id::text = o.stream_id
       join directory.funders f on f.id::text = o.envelope->'payload'->>'targetId'
       where o.type = 'affiliation.changed' and o.envelope->'payload'->>'kind' = 'funder' order by a.email`,
    );
    expect(appointments.map((r) => [r.email, r.name, r.envelope.payload.role, r.envelope.payload.change])).toEqual([
      ['officer@anr.test', 'Agence nationale de la recherche (ANR)', 'funder_officer', 'added'],
      ['officer@bpifrance.test', 'Bpifrance', 'funder_officer', 'added'],
      ['officer@laregion.test', 'Région Occitanie', 'funder_officer', 'added'],
    ]);
    const alice = await signIn(t, 'alice@aerolab.test', DEMO_PASSWORD);
    const orgs = await t.http().get('/api/v1/organisations').set(...bearer(alice)).expect(200);
    expect(orgs.body.items).toEqual([expect.objectContaining({ name: 'AéroLab SAS', siren: '732829320', region: 'Occitanie', sizeEu: 'small', categoryFr: 'PME' })]);
  });

  it('seeds reviewer pools for Aerospace Valley and Systematic, with an ONERA member among the Aerospace Valley reviewers', async () => {
    await seedDemo(t.app); // idempotent: whatever the order the tests run in
    const [onera] = await t.sql<{ id: string }>(`select id from directory.organisations where siren = '775722879'`);
    const expert = claimsOf(await signIn(t, 'expert@onera.test', DEMO_PASSWORD));
    expect(expert).toMatchObject({ roles: ['reviewer', 'applicant'], orgs: [onera.id], poles: [{ id: poleIdOf('aerospace-valley'), role: 'reviewer' }] });
    for (const email of ['reviewer2@aerospace-valley.test', 'reviewer@systematic.test', 'reviewer2@systematic.test']) {
      const pole = email.endsWith('@systematic.test') ? 'systematic-paris-region' : 'aerospace-valley';
      expect(claimsOf(await signIn(t, email, DEMO_PASSWORD))).toMatchObject({ roles: ['reviewer'], orgs: [], poles: [{ id: poleIdOf(pole), role: 'reviewer' }] });
    }

    // What labelling will receive: each appointment and the ONERA membership as affiliation.changed (added).
    const events = await t.sql<{ envelope: { payload: { kind: string; targetId: string; role: string; change: string } } }>(
      `select o.envelope from directory.outbox o join directory.accounts a on a.id::text = o.stream_id
       where o.type = 'affiliation.changed' and a.email = 'expert@onera.test' order by o.sequence`,
    );
    expect(events.map((e) => e.envelope.payload)).toEqual([
      expect.objectContaining({ kind: 'organisation', targetId: onera.id, role: 'member', change: 'added' }),
      expect.objectContaining({ kind: 'pole', targetId: poleIdOf('aerospace-valley'), role: 'reviewer', change: 'added' }),
    ]);

    const pool = async (manager: string, slug: string) => {
      const token = await signIn(t, manager, DEMO_PASSWORD);
      const res = await t.http().get(`/api/v1/poles/${poleIdOf(slug)}/reviewers`).set(...bearer(token)).expect(200);
      return (res.body.items as { email: string; organisations: { name: string }[] }[]).map((r) => [r.email, r.organisations.map((o) => o.name)]);
    };
    expect(await pool('manager@aerospace-valley.test', 'aerospace-valley')).toEqual([
      ['reviewer@aerospace-valley.test', []],
      ['reviewer2@aerospace-valley.test', []],
      ['expert@onera.test', ['Laboratoire ONERA Toulouse']],
    ]);
    expect(await pool('manager@systematic.test', 'systematic-paris-region')).toEqual([['reviewer@systematic.test', []], ['reviewer2@systematic.test', []]]);
  });

  it('lets an admin appoint and remove pole staff, with affiliation.changed both ways; others get 403', async () => {
    const admin = await signIn(t, 'admin@poleflow.test', DEMO_PASSWORD);
    const expert = await signUp(t, 'expert@lab.test');
    const grant = { email: 'expert@lab.test', kind: 'pole', targetId: poleIdOf('cap-digital'), role: 'reviewer' };

    const forbidden = await t.http().post('/api/v1/admin/affiliations').set(...bearer(expert.token)).send(grant).expect(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');
    const mismatch = await t.http().post('/api/v1/admin/affiliations').set(...bearer(admin)).send({ ...grant, role: 'funder_officer' }).expect(400);
    expect(mismatch.body.code).toBe('ROLE_KIND_MISMATCH');
    const noPole = await t.http().post('/api/v1/admin/affiliations').set(...bearer(admin)).send({ ...grant, targetId: funderIdOf('anr') }).expect(404);
    expect(noPole.body.code).toBe('POLE_NOT_FOUND');

    const created = await t.http().post('/api/v1/admin/affiliations').set(...bearer(admin)).send(grant).expect(201);
    expect(created.body).toMatchObject({ accountId: expert.id, kind: 'pole', targetId: poleIdOf('cap-digital'), targetName: 'Cap Digital', role: 'reviewer' });
    await t.http().post('/api/v1/admin/affiliations').set(...bearer(admin)).send(grant).expect(409);
    const refreshed = await refresh(t, expert.refreshToken);
    expect(claimsOf(refreshed.accessToken)).toMatchObject({ roles: ['reviewer'], poles: [{ id: poleIdOf('cap-digital'), role: 'reviewer' }] });

    await t.http().delete(`/api/v1/admin/affiliations/${created.body.id}`).set(...bearer(admin)).expect(204);
    await t.http().delete(`/api/v1/admin/affiliations/${created.body.id}`).set(...bearer(admin)).expect(404);
    const after = await refresh(t, refreshed.refreshToken);
    expect(claimsOf(after.accessToken)).toMatchObject({ roles: [], poles: [] });

    const events = await t.sql<{ sequence: string; envelope: { payload: { change: string; role: string } } }>(
      `select sequence, envelope from directory.outbox where type = 'affiliation.changed' and stream_id = ? order by sequence`, [expert.id],
    );
    expect(events.map((e) => [Number(e.sequence), e.envelope.payload.change, e.envelope.payload.role])).toEqual([[1, 'added', 'reviewer'], [2, 'removed', 'reviewer']]);
  });

  it('publishes a complete OpenAPI document', async () => {
    const { SwaggerModule, DocumentBuilder } = await import('@nestjs/swagger');
    const doc = SwaggerModule.createDocument(t.app, new DocumentBuilder().build());
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/v1/admin/accounts', '/api/v1/admin/accounts/{id}/affiliations', '/api/v1/admin/accounts/{id}/disable', '/api/v1/admin/accounts/{id}/enable',
      '/api/v1/admin/affiliations', '/api/v1/admin/affiliations/{id}', '/api/v1/admin/audit', '/api/v1/admin/dead-letters',
      '/api/v1/admin/dead-letters/{id}/redrive', '/api/v1/admin/republish',
      '/api/v1/auth/login', '/api/v1/auth/logout', '/api/v1/auth/logout-all', '/api/v1/auth/password', '/api/v1/auth/refresh', '/api/v1/auth/register', '/api/v1/funders', '/api/v1/funders/{id}', '/api/v1/me',
      '/api/v1/me/join-requests', '/api/v1/me/join-requests/{requestId}/cancel',
      '/api/v1/organisations', '/api/v1/organisations/join-requests', '/api/v1/organisations/lookup', '/api/v1/organisations/public', '/api/v1/organisations/{id}',
      '/api/v1/organisations/{id}/establishments', '/api/v1/organisations/{id}/join-requests', '/api/v1/organisations/{id}/join-requests/{requestId}/approve',
      '/api/v1/organisations/{id}/join-requests/{requestId}/refuse', '/api/v1/organisations/{id}/members', '/api/v1/organisations/{id}/members/me',
      '/api/v1/organisations/{id}/members/{accountId}', '/api/v1/organisations/{id}/members/{accountId}/role', '/api/v1/poles', '/api/v1/poles/{id}',
      '/api/v1/poles/{poleId}/reviewers', '/api/v1/poles/{poleId}/reviewers/{accountId}',
    ]);
    const schemas = doc.components?.schemas ?? {};
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining([
      'CreateOrganisationDto', 'OrganisationView', 'PoleView', 'TokenView', 'ProblemDoc', 'ReviewerPage', 'ReviewerView', 'AppointReviewerDto', 'RepublishDto', 'RepublishView',
    ]));
    const appoint = doc.paths['/api/v1/poles/{poleId}/reviewers'].post!;
    expect(appoint.parameters?.map((p) => ('name' in p ? p.name : p.$ref))).toEqual(expect.arrayContaining(['poleId', 'Idempotency-Key']));
    expect(Object.keys(appoint.responses).sort()).toEqual(['201', '400', '401', '404', '409', '422']);
    expect(doc.paths['/api/v1/poles/{poleId}/reviewers'].get!.security).toBeDefined();
    expect(Object.keys((schemas.RepublishCounts as { properties: object }).properties)).toEqual(['pole.published', 'funder.published', 'organisation.registered', 'affiliation.changed', 'account.profile_changed']);
  });
});
