import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { Queue } from 'bullmq';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { ACCOUNT_STANDINGS, type AccountStandings } from '@poleflow/auth';
import { decodeCursor, encodeCursor } from '@poleflow/http';
import { testPrefix, tokenFor, TEST_ISSUER, TEST_KEYS, TEST_REDIS_URL } from '@poleflow/testing';
import { configureGatewayApp } from './bootstrap.js';
import { loadGatewayConfig } from './config.js';
import { GatewayModule } from './gateway.module.js';

/*
 * The gateway in front of tiny fake services (plain node:http servers on random ports): directory and tracker
 * answer, submission's port is closed. Real Redis for the queue dashboard.
 */

interface Seen { method: string; url: string; headers: IncomingHttpHeaders; sha256: string; length: number }
interface Letter { id: string; failedAt: string; service: string }

interface Fake {
  name: string;
  url: string;
  seen: Seen[];
  letters: Letter[];
  server: Server;
}

function letter(service: string, minute: number): Letter {
  return { id: randomUUID(), service, failedAt: new Date(Date.UTC(2026, 10, 27, 9, minute)).toISOString() };
}

/** Its OpenAPI document: one path it serves through the gateway, one the gateway does not route to it, a `Thing` schema of its own shape. */
function docOf(name: string, path: string) {
  return {
    openapi: '3.0.0',
    info: { title: `poleflow ${name}`, version: '1' },
    paths: {
      [path]: { get: { operationId: 'Controller_get', tags: [name], responses: { 200: { description: '', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } } } },
      [`/internal/${name}`]: { get: { operationId: `${name}_internal`, responses: { 200: { description: '' } } } },
    },
    components: { schemas: { Thing: { type: 'object', properties: { [`${name}Field`]: { type: 'string' } } } } },
    tags: [{ name }],
  };
}

async function fakeService(name: string, docPath: string, letters: Letter[]): Promise<Fake> {
  const fake = { name, seen: [] as Seen[], letters } as Fake;
  fake.server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url!, 'http://x');
      const json = (status: number, v: unknown, type = 'application/json') => {
        res.writeHead(status, { 'content-type': type });
        res.end(JSON.stringify(v));
      };
      if (url.pathname === '/health/live') return json(200, { status: 'ok' });
      if (url.pathname === '/docs-json') return json(200, docOf(name, docPath));
      fake.seen.push({ method: req.method!, url: req.url!, headers: req.headers, sha256: createHash('sha256').update(body).digest('hex'), length: body.length });
      if (url.pathname.includes('slow')) return; // never answers
      if (url.pathname === '/api/v1/admin/dead-letters') {
        // the shape and order of the real endpoint: newest first, keyset cursor [failedAt, id]
        const limit = Number(url.searchParams.get('limit') ?? 20);
        const after = decodeCursor(url.searchParams.get('cursor') ?? undefined);
        const sorted = [...fake.letters].sort((a, b) => b.failedAt.localeCompare(a.failedAt) || b.id.localeCompare(a.id));
        const rest = after ? sorted.filter((l) => l.failedAt < after.key || (l.failedAt === after.key && l.id < after.id)) : sorted;
        const items = rest.slice(0, limit);
        const last = items[items.length - 1];
        return json(200, { items, nextCursor: rest.length > limit && last ? encodeCursor(last.failedAt, last.id) : null });
      }
      const redrive = /^\/api\/v1\/admin\/dead-letters\/([^/]+)\/redrive$/.exec(url.pathname);
      if (redrive && req.method === 'POST') {
        const l = fake.letters.find((x) => x.id === redrive[1]);
        return l ? json(200, { ...l, status: 'redriven', redriveCount: 1 })
          : json(404, { status: 404, code: 'DEAD_LETTER_NOT_FOUND', detail: 'no such dead letter' }, 'application/problem+json');
      }
      return json(200, { service: name, method: req.method, url: req.url });
    });
  });
  await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', r));
  fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
  return fake;
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

const principal = (roles: ('admin' | 'applicant')[]) => ({ userId: randomUUID(), email: 'x@poleflow.test', roles, organisationIds: [], poles: [], funderIds: [] });

describe('gateway (fake upstreams, real Redis)', () => {
  let directory: Fake;
  let tracker: Fake;
  let app: NestExpressApplication;
  let prefix: ReturnType<typeof testPrefix>;
  let http: ReturnType<typeof request>;
  const adminPrincipal = principal(['admin']);
  const admin = tokenFor(adminPrincipal);
  const applicant = tokenFor(principal(['applicant']));

  beforeAll(async () => {
    directory = await fakeService('directory', '/api/v1/organisations', [letter('directory', 50), letter('directory', 30), letter('directory', 10)]);
    tracker = await fakeService('tracker', '/api/v1/projects/{id}/timeline', [letter('tracker', 40), letter('tracker', 20)]);
    prefix = testPrefix('gateway');
    const cfg = loadGatewayConfig({
      JWT_PUBLIC_KEY: TEST_KEYS.publicKey, JWT_ISSUER: TEST_ISSUER, LOG_LEVEL: 'silent', REDIS_URL: TEST_REDIS_URL, BULLMQ_PREFIX: prefix.prefix,
      DIRECTORY_URL: directory.url, TRACKER_URL: tracker.url, SUBMISSION_URL: `http://127.0.0.1:${await closedPort()}`, LABELLING_URL: `http://127.0.0.1:${await closedPort()}`, FUNDING_URL: `http://127.0.0.1:${await closedPort()}`, MILESTONES_URL: `http://127.0.0.1:${await closedPort()}`, NETWORK_URL: `http://127.0.0.1:${await closedPort()}`,
      PROXY_TIMEOUT_MS: '800', DOCS_CACHE_MS: '0', METRICS_TOKEN: 'gateway-metrics-token-123',
    });
    const ref = await Test.createTestingModule({ imports: [GatewayModule.forRoot(cfg)] }).compile();
    app = ref.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
    configureGatewayApp(app);
    // As directory publishes it at sign-in: admin routes refuse an account with no published standing.
    await app.get<AccountStandings>(ACCOUNT_STANDINGS).put({
      accountId: adminPrincipal.userId, version: 1, status: 'active', roles: ['admin'], orgs: [], poles: [], funders: [], minTokenVersion: 0,
    });
    await app.listen(0, '127.0.0.1'); // one real listening server, as in production
    http = request(`http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`);
  });

  afterAll(async () => {
    await app?.close();
    await prefix?.cleanup();
    await Promise.all([directory, tracker].map((f) => f && new Promise((r) => f.server.close(r))));
  });

  describe('reverse proxy', () => {
    it('tells the services the client address it saw itself: a forged X-Forwarded-For, Forwarded or X-Real-IP never passes', async () => {
      await http.get('/api/v1/organisations').set('x-forwarded-for', '203.0.113.9, 10.0.0.1').set('forwarded', 'for=203.0.113.9')
        .set('x-real-ip', '203.0.113.9').set('x-forwarded-proto', 'https').expect(200);
      const seen = directory.seen.at(-1)!;
      expect(seen.headers['x-forwarded-for']).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
      expect(seen.headers['x-forwarded-proto']).toBe('http');
      expect(seen.headers).not.toHaveProperty('forwarded');
      expect(seen.headers).not.toHaveProperty('x-real-ip');
    });

    it('sends a request to the service that owns the path, with path, query, body and correlation id intact', async () => {
      const body = randomBytes(256 * 1024); // bigger than any body-parser default, and not JSON
      const res = await http
        .post('/api/v1/projects/7f3c/timeline?cursor=abc&limit=5')
        .set('content-type', 'application/octet-stream').set('x-correlation-id', 'corr-42').set('authorization', `Bearer ${applicant}`)
        .send(body)
        .expect(200);
      expect(res.body).toEqual({ service: 'tracker', method: 'POST', url: '/api/v1/projects/7f3c/timeline?cursor=abc&limit=5' });
      expect(res.headers['x-correlation-id']).toBe('corr-42');
      const seen = tracker.seen.at(-1)!;
      expect(seen).toMatchObject({ length: body.length, sha256: createHash('sha256').update(body).digest('hex') });
      expect(seen.headers).toMatchObject({ 'x-correlation-id': 'corr-42', authorization: `Bearer ${applicant}`, 'content-type': 'application/octet-stream' });
    });

    it('streams a JSON body byte for byte (no re-serialisation) and creates a correlation id when there is none', async () => {
      const raw = '{ "b": 1,   "a": [2, 1] }';
      await http.patch('/api/v1/organisations/42').set('content-type', 'application/json').send(raw).expect(200);
      const seen = directory.seen.at(-1)!;
      expect(seen).toMatchObject({ method: 'PATCH', url: '/api/v1/organisations/42', sha256: createHash('sha256').update(raw).digest('hex') });
      expect(seen.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it.each([
      ['/api/v1/auth/login', 'directory'], ['/api/v1/me', 'directory'], ['/api/v1/poles?region=Occitanie', 'directory'], ['/api/v1/funders/1', 'directory'],
      ['/api/v1/admin/affiliations', 'directory'], ['/api/v1/projects/1/timeline', 'tracker'],
    ])('routes %s to %s', async (path, service) => {
      const res = await http.get(path).expect(200);
      expect(res.body).toMatchObject({ service, url: path });
    });

    it('turns an unreachable service into a 503 problem at once', async () => {
      const t = Date.now();
      const res = await http.get('/api/v1/projects?limit=2').expect(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 503, code: 'UPSTREAM_UNAVAILABLE', instance: '/api/v1/projects?limit=2' });
      expect(res.body.correlationId).toBe(res.headers['x-correlation-id']);
      expect(Date.now() - t).toBeLessThan(2000);
    });

    it('turns a service that does not answer into a 504 problem after the proxy timeout, not a hang', async () => {
      const t = Date.now();
      const res = await http.get('/api/v1/projects/1/timeline/slow').expect(504);
      expect(res.body).toMatchObject({ status: 504, code: 'UPSTREAM_TIMEOUT' });
      expect(Date.now() - t).toBeGreaterThanOrEqual(700);
      expect(Date.now() - t).toBeLessThan(5000);
    });

    it('answers 404 problem+json for a path no service serves', async () => {
      for (const path of ['/api/v1/nothing-here', '/api/v1/projectsX', '/api/v2/projects']) {
        const res = await http.get(path).expect(404);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body).toMatchObject({ status: 404, code: 'NOT_FOUND', instance: path });
      }
    });

    it('counts proxied answers per service in /metrics (with the metrics token only)', async () => {
      await http.get('/metrics').expect(404);
      const res = await http.get('/metrics').set('authorization', 'Bearer gateway-metrics-token-123').expect(200);
      expect(res.text).toMatch(/poleflow_gateway_upstream_responses_total\{service="tracker",status="200"[^}]*\} \d+/);
      expect(res.text).toMatch(/poleflow_gateway_upstream_responses_total\{service="submission",status="503"[^}]*\} \d+/);
    });

    it('is live, and not ready while a service is down', async () => {
      await http.get('/health/live').expect(200);
      const pub = await http.get('/health/ready').expect(503);
      expect(pub.body).toMatchObject({ status: 503, code: 'NOT_READY', detail: 'Le service démarre ou une dépendance est indisponible.' });
      expect(JSON.stringify(pub.body)).not.toMatch(/submission|127\.0\.0\.1/);
      const res = await http.get('/health/ready').set('authorization', 'Bearer gateway-metrics-token-123').expect(503);
      expect(JSON.stringify(res.body)).toContain('submission');
    });
  });

  describe('dead letters of all services', () => {
    it('is for admins only', async () => {
      await http.get('/api/v1/admin/dead-letters').expect(401);
      // An admin token of an account directory never published (deleted, another database): refused.
      const unknown = await http.get('/api/v1/admin/dead-letters').set('authorization', `Bearer ${tokenFor(principal(['admin']))}`).expect(401);
      expect(unknown.body.code).toBe('ACCOUNT_UNKNOWN');
      const res = await http.get('/api/v1/admin/dead-letters').set('authorization', `Bearer ${applicant}`).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
    });

    it('merges every service newest first, pages through all of them once, and says which service was down', async () => {
      const all: Letter[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: { body: { items: Letter[]; nextCursor: string | null; unavailable: string[] } } = await http.get('/api/v1/admin/dead-letters').query({ limit: 2, ...(cursor ? { cursor } : {}) }).set('authorization', `Bearer ${admin}`).expect(200);
        expect(res.body.unavailable).toEqual(pages === 0 ? ['submission', 'labelling', 'funding', 'milestones', 'network'] : []);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        all.push(...res.body.items);
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(all.map((l) => `${l.service}@${l.failedAt.slice(11, 16)}`)).toEqual([
        'directory@09:50', 'tracker@09:40', 'directory@09:30', 'tracker@09:20', 'directory@09:10',
      ]);
      expect(pages).toBe(3);
      const asked = tracker.seen.filter((s) => s.url.startsWith('/api/v1/admin/dead-letters'));
      expect(asked.at(-1)!.headers.authorization).toBe(`Bearer ${admin}`);
    });

    it('narrows to one service with ?service=', async () => {
      const res = await http.get('/api/v1/admin/dead-letters?service=tracker&status=all').set('authorization', `Bearer ${admin}`).expect(200);
      expect(res.body.items.map((l: Letter) => l.service)).toEqual(['tracker', 'tracker']);
      expect(res.body).toMatchObject({ nextCursor: null, unavailable: [] });
      expect(tracker.seen.at(-1)!.url).toContain('status=all');
      await http.get('/api/v1/admin/dead-letters?service=nope').set('authorization', `Bearer ${admin}`).expect(400);
    });

    it('refuses a cursor it did not make', async () => {
      const res = await http.get('/api/v1/admin/dead-letters?cursor=garbage').set('authorization', `Bearer ${admin}`).expect(400);
      expect(res.body.code).toBe('INVALID_CURSOR');
    });

    it('redrives in whichever service holds the letter', async () => {
      const target = tracker.letters[1];
      const res = await http.post(`/api/v1/admin/dead-letters/${target.id}/redrive`).set('authorization', `Bearer ${admin}`).expect(200);
      expect(res.body).toMatchObject({ id: target.id, service: 'tracker', status: 'redriven' });
      expect(directory.seen.some((s) => s.method === 'POST' && s.url.includes(target.id))).toBe(true); // asked, answered 404
    });

    it('answers 404 when the named service does not have it, 503 when a service that might have it is down', async () => {
      const id = randomUUID();
      const res = await http.post(`/api/v1/admin/dead-letters/${id}/redrive?service=directory`).set('authorization', `Bearer ${admin}`).expect(404);
      expect(res.body).toMatchObject({ code: 'DEAD_LETTER_NOT_FOUND' });
      const down = await http.post(`/api/v1/admin/dead-letters/${id}/redrive`).set('authorization', `Bearer ${admin}`).set('accept-language', 'en').expect(503);
      expect(down.body).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
      expect(down.body.detail).toContain('submission');
      await http.post('/api/v1/admin/dead-letters/not-a-uuid/redrive').set('authorization', `Bearer ${admin}`).expect(400);
    });
  });

  describe('one OpenAPI document', () => {
    it('merges the services\' paths, keeps clashing schemas apart, and lists the missing service', async () => {
      const res = await http.get('/docs-json').expect(200);
      const doc = res.body;
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([
        '/api/v1/admin/dead-letters', '/api/v1/admin/dead-letters/{id}/redrive', '/api/v1/organisations', '/api/v1/projects/{id}/timeline',
      ]));
      expect(doc.paths['/internal/tracker']).toBeUndefined();
      expect(doc['x-unrouted']).toEqual(['directory /internal/directory', 'tracker /internal/tracker']);
      expect(doc['x-unavailable']).toEqual(['submission', 'labelling', 'funding', 'milestones', 'network']);
      expect(doc.components.schemas.Thing.properties).toHaveProperty('directoryField');
      expect(doc.components.schemas.TrackerThing.properties).toHaveProperty('trackerField');
      const timeline = doc.paths['/api/v1/projects/{id}/timeline'].get;
      expect(timeline.responses[200].content['application/json'].schema.$ref).toBe('#/components/schemas/TrackerThing');
      expect(timeline).toMatchObject({ operationId: 'tracker_Controller_get', 'x-service': 'tracker' });
      expect(doc.paths['/api/v1/organisations'].get.operationId).toBe('Controller_get');
    });

    it('serves Swagger UI at /docs', async () => {
      const res = await http.get('/docs').expect(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('swagger-ui');
      const init = await http.get('/docs/swagger-ui-init.js').expect(200);
      expect(init.text).toContain('/api/v1/projects/{id}/timeline');
    });
  });

  describe('queue dashboard', () => {
    beforeAll(async () => {
      const q = new Queue('tracker.inbox', { connection: { url: TEST_REDIS_URL }, prefix: prefix.prefix });
      await q.add('project.submitted', { id: 'e1' }, { jobId: 'e1' });
      await q.close();
    });

    it('answers 401 problem without a token and 403 for a non-admin', async () => {
      const anon = await http.get('/admin/queues').expect(401);
      expect(anon.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(anon.body.code).toBe('UNAUTHENTICATED');
      await http.get('/admin/queues/api/queues').expect(401);
      const other = await http.get('/admin/queues').set('authorization', `Bearer ${applicant}`).expect(403);
      expect(other.body.code).toBe('FORBIDDEN');
      await http.get(`/admin/queues?token=${applicant}`).expect(403);
      await http.get('/admin/queues').set('cookie', 'pf_queues_token=forged').expect(401);
    });

    it('renders the board and its API for an admin, with every inbox queue', async () => {
      const page = await http.get('/admin/queues').set('authorization', `Bearer ${admin}`).expect(200);
      expect(page.text).toContain('<base href="/admin/queues/"');
      const api = await http.get('/admin/queues/api/queues').set('authorization', `Bearer ${admin}`).expect(200);
      const queues = api.body.queues as { name: string; counts: Record<string, number>; readOnlyMode: boolean }[];
      expect(queues.map((q) => q.name)).toEqual(expect.arrayContaining(['directory.inbox', 'submission.inbox', 'tracker.inbox']));
      expect(queues.find((q) => q.name === 'tracker.inbox')).toMatchObject({ counts: expect.objectContaining({ waiting: 1 }), readOnlyMode: true });
    });

    it('moves a ?token= into an HttpOnly cookie that then opens the page, its assets and its API', async () => {
      const first = await http.get(`/admin/queues?token=${admin}`).expect(303);
      expect(first.headers.location).toBe('/admin/queues');
      const setCookie = String(first.headers['set-cookie']);
      expect(setCookie).toMatch(/pf_queues_token=[^;]+; Path=\/admin\/queues; HttpOnly; SameSite=Lax; Max-Age=\d+/);
      const cookie = setCookie.split(';')[0];
      const page = await http.get('/admin/queues').set('cookie', cookie).expect(200);
      const asset = /src="(static\/js\/main[^"]+)"/.exec(page.text)![1];
      await http.get(`/admin/queues/${asset}`).set('cookie', cookie).expect(200);
      await http.get('/admin/queues/api/queues').set('cookie', cookie).expect(200);
    });
  });
});
