import { JwtService } from '@nestjs/jwt';
import type { AccessTokenClaims } from '@poleflow/auth';
import { TEST_ISSUER, TEST_KEYS } from '@poleflow/testing';
import { bearer, PASSWORD, signIn, signUp, startDirectory, type DirectoryTestApp } from '../testing/directory-test-app.js';

const verify = (token: string) =>
  new JwtService({}).verify<AccessTokenClaims & { iss: string; exp: number; iat: number }>(token, { publicKey: TEST_KEYS.publicKey, algorithms: ['ES256'], issuer: TEST_ISSUER });

describe('directory accounts and tokens (real PostgreSQL + Redis)', () => {
  let t: DirectoryTestApp;

  beforeAll(async () => {
    t = await startDirectory('dirauth', { ADMIN_EMAILS: 'Boss@Poleflow.test, other@x.test', JWT_TTL_SECONDS: '900', LOGIN_RATE_LIMIT: '5' }, { seed: false });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('registers an account with an argon2id hash and answers 409 for the same e-mail in another case', async () => {
    const res = await t.http().post('/api/v1/auth/register').send({ email: ' Alice@Example.test ', password: PASSWORD, displayName: 'Alice' }).expect(201);
    expect(res.body).toEqual({ id: expect.any(String), email: 'alice@example.test', displayName: 'Alice', isAdmin: false, createdAt: expect.any(String) });
    expect(res.body).not.toHaveProperty('passwordHash');
    const [row] = await t.sql<{ password_hash: string }>(`select password_hash from directory.accounts where id = ?`, [res.body.id]);
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=65536,p=4,t=3\$/);
    expect(row.password_hash).not.toContain(PASSWORD);

    const dup = await t.http().post('/api/v1/auth/register').send({ email: 'ALICE@example.test', password: PASSWORD, displayName: 'Alice 2' }).expect(409);
    expect(dup.headers['content-type']).toContain('application/problem+json');
    expect(dup.body.code).toBe('EMAIL_TAKEN');
  });

  it('refuses a password under 12 characters and a malformed e-mail, naming the fields', async () => {
    const res = await t.http().post('/api/v1/auth/register').send({ email: 'not-an-email', password: 'short', displayName: 'X' }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['email', 'password']);
  });

  it('signs in with an ES256 token whose claims reflect the account, and /me answers with it', async () => {
    const { id, token } = await signUp(t, 'bob@example.test', 'Bob');
    const login = await t.http().post('/api/v1/auth/login').send({ email: 'bob@example.test', password: PASSWORD }).expect(200);
    expect(login.body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 900 });
    const claims = verify(token);
    expect(claims).toMatchObject({ sub: id, email: 'bob@example.test', roles: [], orgs: [], poles: [], funders: [], iss: TEST_ISSUER });
    expect(claims.exp - claims.iat).toBe(900);

    const me = await t.http().get('/api/v1/me').set(...bearer(token)).expect(200);
    expect(me.body).toEqual({ account: { id, email: 'bob@example.test', displayName: 'Bob', isAdmin: false, createdAt: expect.any(String) }, roles: [], affiliations: [] });
    const anonymous = await t.http().get('/api/v1/me').expect(401);
    expect(anonymous.body.code).toBe('UNAUTHENTICATED');
  });

  it('answers a wrong password and an unknown e-mail the same way: 401 INVALID_CREDENTIALS', async () => {
    await signUp(t, 'carol@example.test');
    const wrong = await t.http().post('/api/v1/auth/login').send({ email: 'carol@example.test', password: 'not the right password' }).expect(401);
    const unknown = await t.http().post('/api/v1/auth/login').send({ email: 'nobody@example.test', password: 'not the right password' }).expect(401);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    expect({ code: unknown.body.code, detail: unknown.body.detail }).toEqual({ code: wrong.body.code, detail: wrong.body.detail });
  });

  it('rate-limits login per IP and e-mail: 429 RATE_LIMITED after the limit, even with the right password', async () => {
    await signUp(t, 'dave@example.test'); // 1 successful login counted
    for (let i = 0; i < 4; i++) {
      await t.http().post('/api/v1/auth/login').send({ email: 'dave@example.test', password: `wrong password ${i}` }).expect(401);
    }
    const limited = await t.http().post('/api/v1/auth/login').send({ email: 'Dave@example.test', password: PASSWORD }).expect(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another e-mail from the same client is not locked out.
    await signIn(t, 'carol@example.test');
  });

  it('makes the e-mails of ADMIN_EMAILS admins at registration', async () => {
    const { token } = await signUp(t, 'boss@poleflow.test');
    expect(verify(token).roles).toEqual(['admin']);
    const me = await t.http().get('/api/v1/me').set(...bearer(token)).expect(200);
    expect(me.body.account.isAdmin).toBe(true);
  });

  it('refreshes a token with the current affiliations, and refuses a refresh without a token', async () => {
    const { id, token } = await signUp(t, 'erin@example.test');
    const org = await t.http().post('/api/v1/organisations').set(...bearer(token))
      .send({ name: 'Erin Labs', kind: 'training_body', siren: '775722879', region: 'Bretagne' }).expect(201);
    expect(verify(token).orgs).toEqual([]);
    const refreshed = await t.http().post('/api/v1/auth/refresh').set(...bearer(token)).expect(200);
    expect(verify(refreshed.body.accessToken)).toMatchObject({ sub: id, roles: ['applicant'], orgs: [org.body.id] });
    await t.http().post('/api/v1/auth/refresh').expect(401);
  });
});
