import { JwtService } from '@nestjs/jwt';
import type { AccessTokenClaims } from '@poleflow/auth';
import { TEST_ISSUER, TEST_KEYS, waitFor } from '@poleflow/testing';
import { bearer, PASSWORD, signIn, signUp, startDirectory, subjectOf, type DirectoryTestApp } from '../testing/directory-test-app.js';

const verify = (token: string) =>
  new JwtService({}).verify<AccessTokenClaims & { iss: string; exp: number; iat: number }>(token, { publicKey: TEST_KEYS.publicKey, algorithms: ['ES256'], issuer: TEST_ISSUER });

describe('directory accounts and tokens (real PostgreSQL + Redis)', () => {
  let t: DirectoryTestApp;

  beforeAll(async () => {
    t = await startDirectory('dirauth', { ADMIN_EMAILS: 'Boss@Poleflow.test, other@x.test', LOGIN_RATE_LIMIT: '3', REGISTER_RATE_LIMIT: '1000' }, { seed: false });
  });

  afterAll(async () => {
    await t?.close();
  });

  const from = (ip: string): [string, string] => ['x-forwarded-for', ip];

  it('answers a new and an existing e-mail the same (202), and notifies the existing account\'s owner', async () => {
    const first = await t.http().post('/api/v1/auth/register').send({ email: ' Alice@Example.test ', password: PASSWORD, displayName: 'Alice' }).expect(202);
    const again = await t.http().post('/api/v1/auth/register').send({ email: 'ALICE@example.test', password: 'another long password', displayName: 'Alice 2' }).expect(202);
    expect(again.body).toEqual(first.body);
    expect(first.body).toEqual({ status: 'accepted', message: expect.stringContaining('connecter') });
    expect(again.headers['content-type']).toBe(first.headers['content-type']);

    const [row] = await t.sql<{ id: string; password_hash: string; display_name: string }>(`select id, password_hash, display_name from directory.accounts where email = 'alice@example.test'`);
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=65536,p=4,t=3\$/);
    expect(row.display_name).toBe('Alice'); // the second attempt changed nothing
    const notices = await t.sql<{ envelope: { payload: { accountId: string } } }>(`select envelope from directory.outbox where type = 'account.registration_attempted'`);
    expect(notices.map((n) => n.envelope.payload.accountId)).toEqual([row.id]);
    await signIn(t, 'alice@example.test'); // the first password still works
  });

  it('refuses a password under 12 characters and a malformed e-mail, naming the fields', async () => {
    const res = await t.http().post('/api/v1/auth/register').send({ email: 'not-an-email', password: 'short', displayName: 'X' }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['email', 'password']);
  });

  it('signs in with a 15-minute ES256 token whose claims reflect the account, and /me answers with it', async () => {
    const { id, token } = await signUp(t, 'bob@example.test', 'Bob');
    const login = await t.http().post('/api/v1/auth/login').send({ email: 'bob@example.test', password: PASSWORD }).expect(200);
    expect(login.body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 900 });
    const claims = verify(token);
    expect(claims).toMatchObject({ sub: id, email: 'bob@example.test', roles: [], orgs: [], poles: [], funders: [], iss: TEST_ISSUER });
    expect(claims.exp - claims.iat).toBe(900);

    const me = await t.http().get('/api/v1/me').set(...bearer(token)).expect(200);
    expect(me.body).toEqual({ account: { id, email: 'bob@example.test', displayName: 'Bob', isAdmin: false, status: 'active', createdAt: expect.any(String) }, roles: [], affiliations: [] });
    const anonymous = await t.http().get('/api/v1/me').expect(401);
    expect(anonymous.body.code).toBe('UNAUTHENTICATED');
  });

  it('answers a wrong password and an unknown e-mail the same way: 401 INVALID_CREDENTIALS', async () => {
    await signUp(t, 'carol@example.test');
    const wrong = await t.http().post('/api/v1/auth/login').set(...from('198.51.100.1')).send({ email: 'carol@example.test', password: 'not the right password' }).expect(401);
    const unknown = await t.http().post('/api/v1/auth/login').set(...from('198.51.100.1')).send({ email: 'nobody@example.test', password: 'not the right password' }).expect(401);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    expect({ code: unknown.body.code, detail: unknown.body.detail }).toEqual({ code: wrong.body.code, detail: wrong.body.detail });
  });

  it('throttles one address and e-mail with growing delays, even with the right password; another e-mail from there is not locked', async () => {
    await signUp(t, 'dave@example.test');
    for (let i = 0; i < 3; i++) {
      await t.http().post('/api/v1/auth/login').set(...from('203.0.113.7')).send({ email: 'dave@example.test', password: `wrong password ${i}` }).expect(401);
    }
    const limited = await t.http().post('/api/v1/auth/login').set(...from('203.0.113.7')).send({ email: 'Dave@example.test', password: PASSWORD }).expect(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBe(1);
    // The delay doubles with each further failure (1 s, then 2 s): wait out the first one on the real clock.
    await waitFor(async () => (await t.http().post('/api/v1/auth/login').set(...from('203.0.113.7')).send({ email: 'dave@example.test', password: 'wrong again' })).status === 401,
      { what: 'the 1 s delay to pass', timeoutMs: 5000, intervalMs: 200 });
    const longer = await t.http().post('/api/v1/auth/login').set(...from('203.0.113.7')).send({ email: 'dave@example.test', password: PASSWORD }).expect(429);
    expect(Number(longer.headers['retry-after'])).toBe(2);
    await t.http().post('/api/v1/auth/login').set(...from('203.0.113.7')).send({ email: 'carol@example.test', password: PASSWORD }).expect(200);
  });

  it('throttles an e-mail tried from many addresses (changing the address does not walk around it)', async () => {
    await signUp(t, 'erin@example.test');
    // 2 × LOGIN_RATE_LIMIT failures per e-mail, each from a new address (no pair or address limit is reached).
    for (let i = 0; i < 6; i++) {
      await t.http().post('/api/v1/auth/login').set(...from(`192.0.2.${10 + i}`)).send({ email: 'erin@example.test', password: `guess ${i}` }).expect(401);
    }
    const limited = await t.http().post('/api/v1/auth/login').set(...from('192.0.2.99')).send({ email: 'erin@example.test', password: PASSWORD }).expect(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    const entries = await t.sql<{ action: string; details: Record<string, unknown> }>(
      `select action, details from directory.audit_entries where details->>'email' = 'erin@example.test' order by at`,
    );
    expect(entries.map((e) => e.action)).toEqual([...Array(6).fill('auth.login_failed'), 'auth.login_throttled']);
    expect(JSON.stringify(entries)).not.toContain(PASSWORD);
    expect(JSON.stringify(entries)).not.toContain('guess');
  });

  it('limits registrations per address: 429 RATE_LIMITED with Retry-After past REGISTER_RATE_LIMIT', async () => {
    const limited = await startDirectory('dirreg', { REGISTER_RATE_LIMIT: '2' }, { seed: false });
    try {
      for (const n of [1, 2]) {
        await limited.http().post('/api/v1/auth/register').set(...from('198.51.100.50')).send({ email: `r${n}@x.test`, password: PASSWORD, displayName: 'R' }).expect(202);
      }
      const refused = await limited.http().post('/api/v1/auth/register').set(...from('198.51.100.50')).send({ email: 'r3@x.test', password: PASSWORD, displayName: 'R' }).expect(429);
      expect(refused.body.code).toBe('RATE_LIMITED');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(3500);
      await limited.http().post('/api/v1/auth/register').set(...from('198.51.100.51')).send({ email: 'r3@x.test', password: PASSWORD, displayName: 'R' }).expect(202);
    } finally {
      await limited.close();
    }
  });

  it('makes the e-mails of ADMIN_EMAILS admins at registration', async () => {
    const { token } = await signUp(t, 'boss@poleflow.test');
    expect(verify(token).roles).toEqual(['admin']);
    const me = await t.http().get('/api/v1/me').set(...bearer(token)).expect(200);
    expect(me.body.account.isAdmin).toBe(true);
  });

  it('no longer extends an access token: refresh takes a refresh token only', async () => {
    const { token } = await signUp(t, 'frank@example.test');
    const refused = await t.http().post('/api/v1/auth/refresh').set(...bearer(token)).expect(401);
    expect(refused.body.code).toBe('INVALID_REFRESH_TOKEN');
    expect(subjectOf(token)).toBeDefined();
  });
});
