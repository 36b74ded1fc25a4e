import { waitFor } from '@poleflow/testing';
import { actors, PASSWORD, subOf } from './actors.js';
import { startPlatform, type Platform } from './platform.js';

/*
 * Sessions and abuse limits across services, through the gateway: a forged X-Forwarded-For does not walk around
 * the sign-in throttle; a removed reviewer, a disabled account and a signed-out admin lose their access in the
 * other services (tracker, gateway) right after the change, with the tokens they already hold; a registration
 * with an existing e-mail answers like a new one and notifies the owner.
 */
describe('e2e: sessions, freshness of roles, abuse limits (through the gateway)', () => {
  let p: Platform;
  const { http, as, register, login } = actors(() => p.gateway);
  let admin: string;
  let av: string;

  beforeAll(async () => {
    p = await startPlatform('e2esess');
    await register('admin@e2e.test');
    admin = await login('admin@e2e.test');
    av = (await http().get('/api/v1/poles?q=aerospace%20valley').expect(200)).body.items[0].id;
  });

  afterAll(async () => {
    await p?.close();
  });

  it('does not let a client pick its address: a new X-Forwarded-For on every try is still throttled', async () => {
    await register('target@e2e.test');
    for (let i = 0; i < 5; i++) {
      await http().post('/api/v1/auth/login').set('x-forwarded-for', `203.0.113.${i + 1}`)
        .send({ email: 'target@e2e.test', password: `guess number ${i}` }).expect(401);
    }
    const limited = await http().post('/api/v1/auth/login').set('x-forwarded-for', '198.51.100.200')
      .send({ email: 'target@e2e.test', password: PASSWORD }).expect(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

    // The audit trail saw one client, the one the gateway's socket saw, never the forged addresses.
    const audit = await as(admin).get(`/api/v1/admin/audit?action=auth.login_failed&targetId=${await idOf('target@e2e.test')}`).expect(200);
    expect(audit.body.items).toHaveLength(5);
    expect(new Set(audit.body.items.map((e: { ip: string }) => e.ip))).toEqual(new Set(['127.0.0.1']));
  });

  /** The pole's labelling settings (its managers only), once labelling knows the pole (from directory's events). */
  const settings = (token: string) => as(token).get(`/api/v1/labelling/poles/${av}/settings`);
  const settingsOf = (token: string) => waitFor(async () => {
    const r = await settings(token);
    if (r.status !== 200) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    return r;
  }, { what: 'the pole settings' });

  /** An account's id, from the admin's account search. */
  async function idOf(email: string): Promise<string> {
    const res = await as(admin).get(`/api/v1/admin/accounts?q=${encodeURIComponent(email)}`).expect(200);
    return res.body.items[0].id as string;
  }

  it('refuses a removed pole manager the pole\'s staff pages with the token issued while appointed', async () => {
    await register('rita@e2e.test');
    const granted = await as(admin).post('/api/v1/admin/affiliations').send({ email: 'rita@e2e.test', kind: 'pole', targetId: av, role: 'pole_manager' }).expect(201);
    const token = await login('rita@e2e.test');
    await settingsOf(token);

    await as(admin).delete(`/api/v1/admin/affiliations/${granted.body.id}`).expect(204);
    const refused = await waitFor(async () => {
      const r = await settings(token);
      return r.status === 404 ? r : null;
    }, { what: 'labelling to forget the removed manager' });
    expect(refused.body.code).toBe('POLE_NOT_FOUND');
    // The tracker's pole dashboard applies the same standing: no longer staff of the pole.
    expect((await as(token).get(`/api/v1/dashboards/poles/${av}`)).body.code).toBe('POLE_NOT_FOUND');

    const audit = await as(admin).get(`/api/v1/admin/audit?targetId=${subOf(token)}`).expect(200);
    expect(audit.body.items.map((e: { action: string; actorId: string }) => [e.action, e.actorId])).toEqual([
      ['affiliation.removed', subOf(admin)], ['affiliation.granted', subOf(admin)],
    ]);
  });

  it('refuses a disabled account in every service at once, with the tokens it already holds', async () => {
    await register('otto@e2e.test');
    await as(admin).post('/api/v1/admin/affiliations').send({ email: 'otto@e2e.test', kind: 'pole', targetId: av, role: 'pole_manager' }).expect(201);
    const token = await login('otto@e2e.test');
    await settingsOf(token);

    await as(admin).post(`/api/v1/admin/accounts/${subOf(token)}/disable`).expect(200);
    const refused = await waitFor(async () => {
      const r = await settings(token);
      return r.status === 401 ? r : null;
    }, { what: "labelling to refuse the disabled account's token" });
    expect(refused.body.code).toBe('ACCOUNT_DISABLED');
    for (const url of [`/api/v1/dashboards/poles/${av}`, '/api/v1/projects', '/api/v1/me']) {
      expect((await as(token).get(url)).body.code).toBe('ACCOUNT_DISABLED'); // tracker, submission, directory
    }
  });

  it("ends an admin's tokens everywhere with logout-all: the gateway's dead letters refuse the old one", async () => {
    await register('admin2@e2e.test'); // not in ADMIN_EMAILS: not an admin
    const before = await login('admin@e2e.test');
    await as(before).get('/api/v1/admin/dead-letters').expect(200);
    await as(before).post('/api/v1/auth/logout-all').expect(204);
    const refused = await waitFor(async () => {
      const r = await as(before).get('/api/v1/admin/dead-letters');
      return r.status === 401 ? r : null;
    }, { what: "the gateway to refuse the signed-out admin's token" });
    expect(refused.body.code).toBe('TOKEN_REVOKED');
    admin = (await http().post('/api/v1/auth/login').send({ email: 'admin@e2e.test', password: PASSWORD, refreshIn: 'body' }).expect(200)).body.accessToken;
    await as(admin).get('/api/v1/admin/dead-letters').expect(200);
  });

  it('carries the refresh cookie through the gateway both ways, without Secure over plain http (a forged X-Forwarded-Proto is ignored)', async () => {
    await register('cleo@e2e.test');
    const login = await http().post('/api/v1/auth/login').set('x-forwarded-proto', 'https').send({ email: 'cleo@e2e.test', password: PASSWORD }).expect(200);
    const [cookie] = login.headers['set-cookie'] as unknown as string[];
    expect(cookie).toMatch(/^poleflow_refresh=[\w-]{43}; Max-Age=\d+; Path=\/api\/v1\/auth; HttpOnly; SameSite=Strict$/);
    const next = await http().post('/api/v1/auth/refresh').set('cookie', cookie.split(';')[0]).expect(200);
    await as(next.body.accessToken).get('/api/v1/me').expect(200);
    // the browser moves on with the cookie it was given; the first one, replayed after that, is a reuse: the session ends
    const [nextCookie] = next.headers['set-cookie'] as unknown as string[];
    expect(nextCookie.split(';')[0]).not.toBe(cookie.split(';')[0]);
    await http().post('/api/v1/auth/refresh').set('cookie', nextCookie.split(';')[0]).expect(200);
    await http().post('/api/v1/auth/refresh').set('cookie', cookie.split(';')[0]).expect(401);
    await http().post('/api/v1/auth/refresh').set('cookie', nextCookie.split(';')[0]).expect(401);
  });

  it('answers a registration with an existing e-mail like a new one, and notifies the owner in the app', async () => {
    await register('nora@e2e.test');
    const token = await login('nora@e2e.test');
    const again = await http().post('/api/v1/auth/register').send({ email: 'nora@e2e.test', password: 'someone else entirely', displayName: 'Not Nora' }).expect(202);
    const fresh = await http().post('/api/v1/auth/register').send({ email: 'nobody-yet@e2e.test', password: 'someone else entirely', displayName: 'New' }).expect(202);
    expect(again.body).toEqual(fresh.body);
    const notice = await waitFor(async () => {
      const r = await as(token).get('/api/v1/notifications').expect(200);
      return r.body.items.find((n: { eventType: string }) => n.eventType === 'account.registration_attempted');
    }, { what: 'the security notice' });
    expect(notice.message).toContain('créer un compte avec votre adresse');
  });
});
