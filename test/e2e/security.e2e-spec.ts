import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { actors, siren } from './actors.js';
import { METRICS_TOKEN, startPlatform, type Platform } from './platform.js';

/*
 * The findings of the outside audit (issue: inputs PostgreSQL cannot store, nothing exposed), each replayed
 * through the gateway against the real platform.
 */

describe('e2e: inputs PostgreSQL cannot store, exposure (metrics, readiness, headers, CORS, body size)', () => {
  let p: Platform;
  const { http, as, register, login, organisation } = actors(() => p.gateway);
  let alice: { id: string; token: string };
  let admin: string;

  const expectRefused = (res: request.Response, path: string) => {
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
  };

  beforeAll(async () => {
    p = await startPlatform('e2esecurity');
    alice = await organisation('alice@secure.test', { name: 'Laboratoire sûr', kind: 'research_organisation', siren: siren('18008902'), region: 'Occitanie' });
    await register('admin@e2e.test');
    admin = await login('admin@e2e.test');
  });
  afterAll(async () => {
    await p?.close();
  });

  describe('U+0000 and lone surrogates are refused with 400 and the field path, never a 500', () => {
    it('in a query parameter, anonymous or not', async () => {
      expectRefused(await http().get('/api/v1/poles?q=%00'), 'query.q');
      expectRefused(await as(alice.token).get('/api/v1/organisations?q=secure%00'), 'query.q');
    });

    it('in a JSON string of the body: display name at registration (anonymous)', async () => {
      expectRefused(await http().post('/api/v1/auth/register').send({ email: 'nul@secure.test', password: 'correct horse battery staple', displayName: 'a\u0000b' }), 'body.displayName');
      expectRefused(await http().post('/api/v1/auth/register').send({ email: 'sur@secure.test', password: 'correct horse battery staple', displayName: 'a\ud800b' }), 'body.displayName');
      await http().post('/api/v1/auth/login').send({ email: 'nul@secure.test', password: 'correct horse battery staple' }).expect(401);
    });

    it('in project titles, keywords and themes, and call titles', async () => {
      const project = { acronym: 'NUL', title: 'Un\u0000titre', keywords: ['ok', 'mot\u0000clé'], themes: ['\udc00'], coordinatorOrganisationId: alice.id };
      const res = await as(alice.token).post('/api/v1/projects').send(project);
      expectRefused(res, 'body.title');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.title', 'body.keywords[1]', 'body.themes[0]']);
      expectRefused(await as(admin).post('/api/v1/calls').send({ title: 'Appel\u0000 2026' }), 'body.title');
    });

    it('in a path parameter, and a path id that is no uuid never reaches PostgreSQL', async () => {
      expectRefused(await as(alice.token).get('/api/v1/projects/%00'), 'params.id');
      for (const path of ['/api/v1/projects/not-a-uuid', '/api/v1/organisations/x%27', '/api/v1/poles/%E2%82%AC', '/api/v1/calls/1']) {
        const res = await as(alice.token).get(path);
        expect([400, 404]).toContain(res.status);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    });

    it('in a JSON key', async () => {
      const res = await http().post('/api/v1/auth/login').set('content-type', 'application/json').send('{"email":"a@b.test","password":"x","\\u0000":1}');
      expect(res.status).toBe(400);
      expect(res.body.errors[0].path).toBe('body["\\u0000"]');
    });
  });

  it('answers odd inputs with a 4xx problem, never a 500 (beyond the audit: what a fuzzer tries next)', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const answers = [
      await http().get('/api/v1/poles?q=a&q=b'),
      await http().get('/api/v1/poles?limit=1e400'),
      await http().get('/api/v1/poles?cursor=%FF%FE'),
      await http().get(`/api/v1/poles?q=${'x'.repeat(5000)}`),
      await http().post('/api/v1/auth/login').set('content-type', 'application/json').send(deep),
      await http().post('/api/v1/auth/login').set('content-type', 'application/json').send('null'),
      await http().post('/api/v1/auth/login').set('content-type', 'application/json').send('[1,2]'),
      await http().post('/api/v1/auth/login').set('content-type', 'application/json').send('{"__proto__":{"admin":true},"email":"a@b.test","password":"x"}'),
      await http().post('/api/v1/auth/login').set('content-type', 'application/json').send('{"email":'),
      await as(alice.token).post('/api/v1/projects').send({ acronym: 'BIG', title: 'Un titre', durationMonths: 1e308, trlStart: -0, coordinatorOrganisationId: alice.id }),
      await as(alice.token).get('/api/v1/projects/%E0%A4%A'),
      // cursors that decode but were never returned: a key that is no date, an id that is no uuid (a 200 for a
      // list whose key is text, funders or organisations, else 400 INVALID_CURSOR; a 500 before)
      ...await Promise.all(['/api/v1/notifications', '/api/v1/assignments', '/api/v1/calls', '/api/v1/funders', '/api/v1/organisations', '/api/v1/webhooks', '/api/v1/cases', '/api/v1/admin/audit', '/api/v1/admin/accounts']
        .flatMap((path) => [['not a date', randomUUID()], [new Date().toISOString(), 'not-a-uuid'], ['x', 'y']]
          .map((c) => as(admin).get(`${path}?cursor=${Buffer.from(JSON.stringify(c)).toString('base64url')}`)))),
    ];
    const odd = answers.map((r, i) => ({ i, url: (r as unknown as { req: { path: string } }).req.path, status: r.status, type: r.headers['content-type'], code: r.body?.code }))
      .filter((a) => (a.i < 11 && a.status < 400) || a.status >= 500 || (a.status >= 400 && !/^application\/problem\+json/.test(a.type ?? '')));
    expect(odd).toEqual([]);
  });

  describe('nothing exposed', () => {
    it('/metrics answers only with the token, on the gateway and on each service', async () => {
      await http().get('/metrics').expect(404);
      await http().get('/metrics').set('authorization', 'Bearer wrong-token-wrong-token').expect(404);
      const directory = await p.apps.directory.getUrl();
      await request(directory).get('/metrics').expect(404);
      await http().get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
    });

    it('labels metrics with route templates, never raw paths, and one label for unmatched paths', async () => {
      const id = randomUUID();
      await as(alice.token).get(`/api/v1/organisations/${id}`).expect(404);
      await as(alice.token).get(`/api/v1/projects/${id}`).expect(404);
      await http().get(`/api/v1/nothing-here/${id}`).expect(404);
      await request(await p.apps.directory.getUrl()).get(`/not/routed/${id}`).expect(404);
      const gateway = (await http().get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`).expect(200)).text;
      const directory = (await request(await p.apps.directory.getUrl()).get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`).expect(200)).text;
      for (const text of [gateway, directory]) expect(text).not.toContain(id);
      expect(gateway).toMatch(/poleflow_http_request_duration_seconds_count\{service="gateway",method="GET",route="\/api\/v1\/projects\/\*",status="404"/);
      expect(gateway).toMatch(/route="unmatched",status="404"/);
      expect(directory).toMatch(/poleflow_http_request_duration_seconds_count\{service="directory",method="GET",route="\/api\/v1\/organisations\/:id",status="404"/);
      expect(directory).toMatch(/route="unmatched",status="404"/);
    });

    it('/health/ready says only ready or not in public; the details need the token', async () => {
      const pub = await http().get('/health/ready').expect(200);
      expect(pub.body).toEqual({ status: 'ok' });
      const detailed = await http().get('/health/ready').set('authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
      expect(JSON.stringify(detailed.body)).toContain('http://127.0.0.1:');
    });

    it('sends security headers (CSP fit for the web app, nosniff, HSTS, no framing) on every answer', async () => {
      for (const res of [await http().get('/api/v1/poles'), await http().get('/nothing'), await http().get('/docs/')]) {
        expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
      // the services' JSON answers load nothing; the pages the gateway serves get the web application's policy
      expect((await http().get('/api/v1/poles')).headers['content-security-policy']).toContain("default-src 'none'");
      const csp = (await http().get('/docs/')).headers['content-security-policy'] as string;
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toContain("img-src 'self' data:");
      expect(csp).toContain("connect-src 'self'");
      const queues = (await http().get('/admin/queues')).headers['content-security-policy'] as string;
      expect(queues).toContain('https://fonts.googleapis.com');
    });

    it('allows no cross-origin call unless CORS_ORIGINS is set', async () => {
      const pre = await http().options('/api/v1/poles').set('origin', 'https://evil.example').set('access-control-request-method', 'GET');
      expect(pre.headers['access-control-allow-origin']).toBeUndefined();
      const get = await http().get('/api/v1/poles').set('origin', 'https://evil.example').expect(200);
      expect(get.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('refuses a 2 MB JSON body with 413 problem+json, at the gateway and at a service (chunked)', async () => {
      const big = JSON.stringify({ email: 'big@secure.test', password: 'x'.repeat(2 * 1024 * 1024), displayName: 'big' });
      const res = await http().post('/api/v1/auth/register').set('content-type', 'application/json').send(big);
      expect(res.status).toBe(413);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
      const direct = await fetch(`${await p.apps.directory.getUrl()}/api/v1/auth/register`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: new Blob([big]).stream(), duplex: 'half',
      } as RequestInit);
      expect(direct.status).toBe(413);
      expect(direct.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });
  });
});
