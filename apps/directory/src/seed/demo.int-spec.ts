import { JwtService } from '@nestjs/jwt';
import type { AccessTokenClaims } from '@poleflow/auth';
import { TEST_ISSUER, TEST_KEYS } from '@poleflow/testing';
import { funderIdOf, poleIdOf } from '../reference/ids.js';
import { bearer, signIn, signUp, startDirectory, type DirectoryTestApp } from '../testing/directory-test-app.js';
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
      ['manager@aerospace-valley.test', ['pole_manager']],
      ['manager@systematic.test', ['pole_manager']],
      ['officer@bpifrance.test', ['funder_officer']],
    ]);
    const tables = ['accounts', 'organisations', 'affiliations', 'outbox'];
    const before = await Promise.all(tables.map((x) => count(t, x)));
    expect(await seedDemo(t.app)).toEqual(first);
    expect(await Promise.all(tables.map((x) => count(t, x)))).toEqual(before);

    const manager = claimsOf(await signIn(t, 'manager@aerospace-valley.test', DEMO_PASSWORD));
    expect(manager.poles).toEqual([{ id: poleIdOf('aerospace-valley'), role: 'pole_manager' }]);
    const officer = claimsOf(await signIn(t, 'officer@bpifrance.test', DEMO_PASSWORD));
    expect(officer.funders).toEqual([funderIdOf('bpifrance')]);
    const alice = await signIn(t, 'alice@aerolab.test', DEMO_PASSWORD);
    const orgs = await t.http().get('/api/v1/organisations').set(...bearer(alice)).expect(200);
    expect(orgs.body.items).toEqual([expect.objectContaining({ name: 'AéroLab SAS', siren: '732829320', region: 'Occitanie', sizeEu: 'small', categoryFr: 'PME' })]);
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
    const refreshed = await t.http().post('/api/v1/auth/refresh').set(...bearer(expert.token)).expect(200);
    expect(claimsOf(refreshed.body.accessToken)).toMatchObject({ roles: ['reviewer'], poles: [{ id: poleIdOf('cap-digital'), role: 'reviewer' }] });

    await t.http().delete(`/api/v1/admin/affiliations/${created.body.id}`).set(...bearer(admin)).expect(204);
    await t.http().delete(`/api/v1/admin/affiliations/${created.body.id}`).set(...bearer(admin)).expect(404);
    const after = await t.http().post('/api/v1/auth/refresh').set(...bearer(expert.token)).expect(200);
    expect(claimsOf(after.body.accessToken)).toMatchObject({ roles: [], poles: [] });

    const events = await t.sql<{ sequence: string; envelope: { payload: { change: string; role: string } } }>(
      `select sequence, envelope from directory.outbox where type = 'affiliation.changed' and stream_id = ? order by sequence`, [expert.id],
    );
    expect(events.map((e) => [Number(e.sequence), e.envelope.payload.change, e.envelope.payload.role])).toEqual([[1, 'added', 'reviewer'], [2, 'removed', 'reviewer']]);
  });

  it('publishes a complete OpenAPI document', async () => {
    const { SwaggerModule, DocumentBuilder } = await import('@nestjs/swagger');
    const doc = SwaggerModule.createDocument(t.app, new DocumentBuilder().build());
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/v1/admin/affiliations', '/api/v1/admin/affiliations/{id}', '/api/v1/admin/dead-letters', '/api/v1/admin/dead-letters/{id}/redrive',
      '/api/v1/auth/login', '/api/v1/auth/refresh', '/api/v1/auth/register', '/api/v1/funders', '/api/v1/funders/{id}', '/api/v1/me',
      '/api/v1/organisations', '/api/v1/organisations/{id}', '/api/v1/organisations/{id}/members', '/api/v1/poles', '/api/v1/poles/{id}',
    ]);
    const schemas = doc.components?.schemas ?? {};
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(['CreateOrganisationDto', 'OrganisationView', 'PoleView', 'TokenView', 'ProblemDoc']));
  });
});
