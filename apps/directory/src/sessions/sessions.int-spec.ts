import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { deliver, envelope, TEST_ISSUER, TEST_KEYS, waitFor } from '@poleflow/testing';
import { bearer, PASSWORD, refresh, session, signIn, signUp, startDirectory, type DirectoryTestApp } from '../testing/directory-test-app.js';

const claimsOf = (token: string) => new JwtService({}).verify<{ orgs: string[]; iat: number }>(token, { publicKey: TEST_KEYS.publicKey, algorithms: ['ES256'], issuer: TEST_ISSUER });

/** Sessions: rotating refresh tokens with reuse detection, the cookie, and every way a session ends. */
describe('directory sessions (real PostgreSQL + Redis, worker role: standings projected)', () => {
  let t: DirectoryTestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startDirectory('dirsess', { ADMIN_EMAILS: 'root@x.test', REGISTER_RATE_LIMIT: '1000', ROLES: 'api,worker', OUTBOX_POLL_MS: '200' }, { seed: false });
    admin = (await signUp(t, 'root@x.test')).token;
  });

  afterAll(async () => {
    await t?.close();
  });

  const tokenRows = (accountId: string) =>
    t.sql<{ family_id: string; used: boolean; revoked: boolean; reason: string | null }>(
      `select family_id, used_at is not null as used, revoked_at is not null as revoked, revoked_reason as reason from directory.refresh_tokens where account_id = ? order by created_at`, [accountId],
    );

  it('stores only the SHA-256 of a 256-bit refresh token, rotates it at each use with the current claims, and a reuse revokes the family', async () => {
    const me = await signUp(t, 'gina@x.test');
    expect(me.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await t.sql<{ token_hash: string }>(`select token_hash from directory.refresh_tokens where account_id = ?`, [me.id]);
    expect(stored.map((r) => r.token_hash)).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/)]);
    expect(JSON.stringify(stored)).not.toContain(me.refreshToken);

    const org = await t.http().post('/api/v1/organisations').set(...bearer(me.token))
      .send({ name: 'Gina Labs', kind: 'training_body', siren: '775722879', region: 'Bretagne' }).expect(201);
    const next = await refresh(t, me.refreshToken);
    expect(next.refreshToken).not.toBe(me.refreshToken);
    expect(claimsOf(next.accessToken).orgs).toEqual([org.body.id]);

    // The first token again after its owner moved on (the child was used): a thief. The family is revoked.
    const after = await refresh(t, next.refreshToken);
    const reused = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: me.refreshToken }).expect(401);
    expect(reused.body.code).toBe('INVALID_REFRESH_TOKEN');
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: after.refreshToken }).expect(401);
    const rows = await tokenRows(me.id);
    expect(rows).toEqual([
      { family_id: rows[0].family_id, used: true, revoked: true, reason: 'reuse' },
      { family_id: rows[0].family_id, used: true, revoked: true, reason: 'reuse' },
      { family_id: rows[0].family_id, used: false, revoked: true, reason: 'reuse' },
    ]);
    const [audit] = await t.sql<{ action: string; actor_id: string; details: Record<string, unknown> }>(
      `select action, actor_id, details from directory.audit_entries where action = 'auth.refresh_token_reused' and actor_id = ?`, [me.id],
    );
    expect(audit.details).toEqual({ familyId: rows[0].family_id, revokedSessions: 3 }); // every token of the family
  });

  it('lets a client whose refresh answer was lost use its token again within the grace window, never after', async () => {
    const me = await signUp(t, 'lise@x.test');
    // the answer carrying `lost` never reached the browser (it navigated away): the same token again, seconds later
    const lost = await refresh(t, me.refreshToken);
    const again = await refresh(t, me.refreshToken);
    expect(again.refreshToken).not.toBe(lost.refreshToken);
    // the child the client never received is superseded, not a reuse: the session goes on
    const superseded = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: lost.refreshToken }).expect(401);
    expect(superseded.body.code).toBe('INVALID_REFRESH_TOKEN');
    const next = await refresh(t, again.refreshToken);
    expect((await tokenRows(me.id)).map((r) => [r.used, r.revoked, r.reason])).toEqual([
      [true, false, null], [false, true, 'superseded'], [true, false, null], [false, false, null],
    ]);
    // past the window, the first token is a reuse: the family is revoked
    await t.sql(`update directory.refresh_tokens set used_at = used_at - interval '1 minute' where account_id = ?`, [me.id]);
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: me.refreshToken }).expect(401);
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: next.refreshToken }).expect(401);
    expect((await tokenRows(me.id)).filter((r) => !r.revoked)).toEqual([]);
  });

  it('serialises concurrent uses of one refresh token: each answer works once, one child stays live', async () => {
    const me = await signUp(t, 'hugo@x.test');
    const answers = await Promise.all([0, 1, 2].map(() => t.http().post('/api/v1/auth/refresh').send({ refreshToken: me.refreshToken })));
    // two tabs refreshing at once: within the grace window each is served, the later one superseding the earlier child
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const children = (await tokenRows(me.id)).slice(1);
    expect(children.map((c) => c.reason).sort()).toEqual([null, 'superseded', 'superseded']);
    expect(children.filter((c) => !c.revoked)).toHaveLength(1);
  });

  it('puts the browser\'s refresh token in an HttpOnly, SameSite=Strict cookie on the auth path, Secure over HTTPS, and rotates it', async () => {
    await signUp(t, 'ines@x.test');
    const login = await t.http().post('/api/v1/auth/login').set('x-forwarded-proto', 'https').send({ email: 'ines@x.test', password: PASSWORD }).expect(200);
    expect(login.body).not.toHaveProperty('refreshToken');
    const [cookie] = login.headers['set-cookie'] as unknown as string[];
    expect(cookie).toMatch(/^poleflow_refresh=[A-Za-z0-9_-]{43}; Max-Age=259(1999|2000); Path=\/api\/v1\/auth; HttpOnly; SameSite=Strict; Secure$/);
    const plain = await t.http().post('/api/v1/auth/login').send({ email: 'ines@x.test', password: PASSWORD }).expect(200);
    expect((plain.headers['set-cookie'] as unknown as string[])[0]).not.toContain('Secure');

    const pair = cookie.split(';')[0];
    const rotated = await t.http().post('/api/v1/auth/refresh').set('cookie', `other=1; ${pair}`).expect(200);
    const [next] = rotated.headers['set-cookie'] as unknown as string[];
    expect(next.split(';')[0]).not.toBe(pair);
    expect(rotated.body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 900 });

    await t.http().post('/api/v1/auth/logout').set('cookie', next.split(';')[0]).expect(204)
      .expect((r) => expect((r.headers['set-cookie'] as unknown as string[])[0]).toMatch(/^poleflow_refresh=; Max-Age=0; Path=\/api\/v1\/auth; HttpOnly; SameSite=Strict/));
    await t.http().post('/api/v1/auth/refresh').set('cookie', next.split(';')[0]).expect(401);
  });

  it('logout ends one session; logout-all ends every session and every access token already issued', async () => {
    const me = await signUp(t, 'jade@x.test');
    const other = await session(t, 'jade@x.test');
    await t.http().post('/api/v1/auth/logout').send({ refreshToken: me.refreshToken }).expect(204);
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: me.refreshToken }).expect(401);
    const still = await refresh(t, other.refreshToken);

    await t.http().post('/api/v1/auth/logout-all').set(...bearer(still.accessToken)).expect(204);
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: still.refreshToken }).expect(401);
    expect((await tokenRows(me.id)).every((r) => r.revoked)).toBe(true);
    const refused = await waitFor(async () => {
      const r = await t.http().get('/api/v1/me').set(...bearer(still.accessToken));
      return r.status === 401 ? r : null;
    }, { what: 'the revoked access token to be refused' });
    expect(refused.body.code).toBe('TOKEN_REVOKED');
  });

  it('a password change needs the current password, revokes every session and answers a new one', async () => {
    const me = await signUp(t, 'karl@x.test');
    const wrong = await t.http().post('/api/v1/auth/password').set(...bearer(me.token)).send({ currentPassword: 'not it at all', newPassword: 'a brand new password' }).expect(401);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    const changed = await t.http().post('/api/v1/auth/password').set(...bearer(me.token))
      .send({ currentPassword: PASSWORD, newPassword: 'a brand new password', refreshIn: 'body' }).expect(200);
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: me.refreshToken }).expect(401);
    await refresh(t, changed.body.refreshToken);
    await t.http().post('/api/v1/auth/login').send({ email: 'karl@x.test', password: PASSWORD }).expect(401);
    await signIn(t, 'karl@x.test', 'a brand new password');
    const audit = await t.sql<{ action: string; outcome: string; details: object }>(`select action, outcome, details from directory.audit_entries where actor_id = ? order by at`, [me.id]);
    expect(audit.map((a) => [a.action, a.outcome])).toEqual([['auth.password_changed', 'failure'], ['auth.password_changed', 'success']]);
    expect(JSON.stringify(audit)).not.toMatch(/brand new|long enough/);
  });

  it('an admin disables an account: sign-in refused, sessions revoked, its access token refused at once; enabling restores sign-in', async () => {
    const me = await signUp(t, 'lena@x.test');
    const nonAdmin = await t.http().post(`/api/v1/admin/accounts/${me.id}/disable`).set(...bearer(me.token)).expect(403);
    expect(nonAdmin.body.code).toBe('FORBIDDEN');
    const disabled = await t.http().post(`/api/v1/admin/accounts/${me.id}/disable`).set(...bearer(admin)).expect(200);
    expect(disabled.body).toMatchObject({ id: me.id, status: 'disabled' });
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: me.refreshToken }).expect(401);
    const login = await t.http().post('/api/v1/auth/login').send({ email: 'lena@x.test', password: PASSWORD }).expect(403);
    expect(login.body.code).toBe('ACCOUNT_DISABLED');
    const refused = await waitFor(async () => {
      const r = await t.http().get('/api/v1/me').set(...bearer(me.token));
      return r.status === 401 ? r : null;
    }, { what: 'the disabled account\'s token to be refused' });
    expect(refused.body.code).toBe('ACCOUNT_DISABLED');

    const listed = await t.http().get('/api/v1/admin/accounts?status=disabled').set(...bearer(admin)).expect(200);
    expect(listed.body.items.map((a: { email: string }) => a.email)).toEqual(['lena@x.test']);
    // the admin workspace shows names for ids (audit trail, outbox) and an account's roles
    const other = await signUp(t, 'noe@x.test');
    const byIds = await t.http().get(`/api/v1/admin/accounts?ids=${me.id},${other.id}`).set(...bearer(admin)).expect(200);
    expect(byIds.body.items.map((a: { email: string; status: string }) => [a.email, a.status])).toEqual([['lena@x.test', 'disabled'], ['noe@x.test', 'active']]);
    await t.http().get('/api/v1/admin/accounts?ids=not-an-id').set(...bearer(admin)).expect(400);
    const roles = await t.http().get(`/api/v1/admin/accounts/${me.id}/affiliations`).set(...bearer(admin)).expect(200);
    expect(roles.body).toEqual({ items: [] });
    await t.http().get(`/api/v1/admin/accounts/${me.id}/affiliations`).set(...bearer(other.token)).expect(403);
    await t.http().post(`/api/v1/admin/accounts/${me.id}/enable`).set(...bearer(admin)).expect(200);
    const back = await signIn(t, 'lena@x.test');
    await t.http().get('/api/v1/me').set(...bearer(back)).expect(200);
  });

  it('lists the audit trail for admins only, newest first, filtered and paginated, never with a secret', async () => {
    const me = await signUp(t, 'mila@x.test');
    await t.http().post('/api/v1/auth/login').send({ email: 'mila@x.test', password: 'a wrong secret password' }).expect(401);
    await t.http().post(`/api/v1/admin/accounts/${me.id}/disable`).set(...bearer(admin)).expect(200);
    await t.http().post(`/api/v1/admin/accounts/${me.id}/enable`).set(...bearer(admin)).expect(200);
    await t.http().get('/api/v1/admin/audit').set(...bearer(await signIn(t, 'mila@x.test'))).expect(403);

    const adminId = JSON.parse(Buffer.from(admin.split('.')[1], 'base64url').toString()).sub as string;
    const page1 = await t.http().get(`/api/v1/admin/audit?actorId=${adminId}&targetId=${me.id}&limit=1`).set(...bearer(admin)).expect(200);
    expect(page1.body.items).toEqual([{
      id: expect.any(String), at: expect.any(String), action: 'account.enabled', outcome: 'success', actorId: adminId, target: { kind: 'account', id: me.id },
      ip: expect.any(String), details: { revokedSessions: 0 },
    }]);
    const page2 = await t.http().get(`/api/v1/admin/audit?actorId=${adminId}&targetId=${me.id}&limit=1&cursor=${page1.body.nextCursor}`).set(...bearer(admin)).expect(200);
    expect(page2.body.items.map((e: { action: string }) => e.action)).toEqual(['account.disabled']);
    expect(page2.body.items[0].details.revokedSessions).toBe(1);
    expect(page2.body.nextCursor).toBeNull();

    const failed = await t.http().get(`/api/v1/admin/audit?action=auth.login_failed&targetId=${me.id}`).set(...bearer(admin)).expect(200);
    expect(failed.body.items.map((e: { outcome: string; details: object }) => [e.outcome, e.details])).toEqual([['failure', { email: 'mila@x.test', knownAccount: true }]]);
    const future = await t.http().get(`/api/v1/admin/audit?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`).set(...bearer(admin)).expect(200);
    expect(future.body.items).toEqual([]);
    const bad = await t.http().get('/api/v1/admin/audit?action=nope').set(...bearer(admin)).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');

    const all = await t.sql<{ details: object }>(`select details from directory.audit_entries`);
    expect(JSON.stringify(all)).not.toMatch(/secret|long enough|argon2|[A-Za-z0-9_-]{43}/);
  });

  it("records another service's dead-letter redrive, reported by its event, in the audit trail once", async () => {
    const adminId = JSON.parse(Buffer.from(admin.split('.')[1], 'base64url').toString()).sub as string;
    const deadLetterId = randomUUID();
    const e = { ...envelope('admin.dead_letter_redriven', { service: 'funding', deadLetterId, eventId: randomUUID(), eventType: 'label.granted', redriveCount: 1 },
      { streamId: 'dead-letters:funding', source: 'funding' }), actor: { userId: adminId, role: 'admin' as const } };
    expect(await deliver(t.app, e)).toBe('applied');
    expect(await deliver(t.app, e)).toBe('duplicate');
    const page = await t.http().get(`/api/v1/admin/audit?action=admin.dead_letter_redriven&actorId=${adminId}`).set(...bearer(admin)).expect(200);
    expect(page.body.items).toEqual([expect.objectContaining({
      actorId: adminId, target: { kind: 'dead_letter', id: deadLetterId }, outcome: 'success',
      details: { service: 'funding', eventId: e.payload.eventId, eventType: 'label.granted', redriveCount: 1 },
    })]);
  });
});
