import type { INestApplication } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { LookupAddress } from 'node:dns';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { Principal } from '@poleflow/auth';
import { funderIdOf, poleIdOf, type Envelope, type EventPayload, type EventType, type Role, type ServiceName } from '@poleflow/contracts';
import { verifySignature } from '@poleflow/domain';
import { QueueRegistry } from '@poleflow/messaging';
import { as, deliver, envelope, startService, waitFor, type ServiceHarness } from '@poleflow/testing';
import { loadTrackerConfig } from '../config.js';
import { TrackerModule } from '../tracker.module.js';
import { postWebhook } from './webhook-sender.js';
import { WebhookDeliveryWorker } from './webhook-delivery.worker.js';
import { WEBHOOK_QUEUE } from './webhook-queue.js';
import { WebhookUrlPolicy } from './webhook-url.policy.js';
import { WEBHOOK_SETTINGS, type WebhookSettings } from './webhook.settings.js';

interface Received { path: string; headers: IncomingHttpHeaders; body: string }

/** A real HTTP receiver on 127.0.0.1: each path answers what its script says (default 200), and remembers every request. */
async function receiver() {
  const received: Received[] = [];
  const scripts = new Map<string, (n: number) => number>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => { body += c; });
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body });
      const n = received.filter((r) => r.path === path).length;
      res.statusCode = scripts.get(path)?.(n) ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    port, received,
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    script: (path: string, status: (n: number) => number) => scripts.set(path, status),
    /** Requests to `path` carrying event `eventId`. */
    of: (path: string, eventId?: string) => received.filter((r) => r.path === path && (!eventId || r.headers['poleflow-event-id'] === eventId)),
    close: () => new Promise((r) => server.close(r)),
  };
}

const BPI = { funderId: funderIdOf('bpifrance'), funderName: 'Bpifrance' };
const ANR = { funderId: funderIdOf('anr'), funderName: 'ANR' };
const AV = { poleId: poleIdOf('aerospace-valley'), poleCode: 'AV', poleName: 'Aerospace Valley' };

const person = (roles: Role[], o: Partial<Principal> = {}): Principal =>
  ({ userId: randomUUID(), email: `${roles[0]}@x.test`, roles, organisationIds: [], poles: [], funderIds: [], ...o });
const officerOf = (funderId: string) => person(['funder_officer'], { funderIds: [funderId] });
const managerOf = (poleId: string) => person(['pole_manager'], { poles: [{ poleId, role: 'pole_manager' }] });

/** One project's events, numbered per source like the real producers (ARCHITECTURE.md §7.1). */
function project(acronym = 'HYPERWING') {
  const id = randomUUID();
  const coordinator = randomUUID();
  const seq: Partial<Record<ServiceName, number>> = {};
  const emit = <T extends EventType>(source: ServiceName, type: T, payload: EventPayload<T>, role: Role): Envelope<EventPayload<T>> => {
    seq[source] = (seq[source] ?? 0) + 1;
    return { ...envelope(type, payload, { streamId: id, sequence: seq[source], source }), actor: { userId: randomUUID(), role } };
  };
  const caseRef = { caseId: randomUUID(), projectId: id, ...AV, lead: true, round: 1 };
  return {
    id,
    created: () => emit('submission', 'project.created', { projectId: id, acronym, title: 'Morphing wing', coordinatorOrganisationId: coordinator }, 'applicant'),
    submitted: () => emit('submission', 'project.submitted', {
      projectId: id, round: 1, acronym, title: 'Morphing wing', summary: 's', themes: ['aeronautics-space'], keywords: [], trlStart: 4, trlTarget: 7,
      startDate: '2027-01-01', durationMonths: 24, poles: [{ poleId: AV.poleId, lead: true }],
      partners: [{ organisationId: coordinator, name: 'AéroLab SAS', kind: 'company', siren: '732829320', region: 'Occitanie', sizeEu: 'small', categoryFr: 'PME', role: 'coordinator', budget: {}, totalCents: 200_000_000 }],
      totalCents: 200_000_000,
    }, 'applicant'),
    caseOpened: () => emit('labelling', 'labelling.case_opened', { ...caseRef, acronym }, 'pole_manager'),
    quorum: () => emit('labelling', 'labelling.quorum_reached', { ...caseRef, reviewCount: 3 }, 'reviewer'),
    labelled: () => emit('labelling', 'label.granted', {
      ...caseRef, labelNumber: 'AV-2026-0042', grantedAt: '2026-11-30T10:00:00.000Z', validUntil: '2028-11-30', callRef: null, conditions: [], motivation: 'Strong',
    }, 'pole_manager'),
    requested: (funder: typeof BPI) => emit('funding', 'funding.requested', {
      applicationId: randomUUID(), projectId: id, callId: randomUUID(), callTitle: 'i-Démo 2026', ...funder, round: 1, appliedAt: '2026-12-01T09:00:00.000Z',
    }, 'applicant'),
  };
}

describe('tracker webhooks: signed deliveries with retries, pause and resume, URL safety, scope (real PostgreSQL, Redis and HTTP)', () => {
  let h: ServiceHarness;
  let app: INestApplication;
  let hook: Awaited<ReturnType<typeof receiver>>;
  const bpi = officerOf(BPI.funderId);
  const anr = officerOf(ANR.funderId);
  const av = managerOf(AV.poleId);

  beforeAll(async () => {
    hook = await receiver();
    h = await startService('trkwebhooks', 'tracker', (env) => TrackerModule.forRoot(loadTrackerConfig({
      ...env, WEBHOOK_ALLOWED_HOSTS: `127.0.0.1:${hook.port}`, WEBHOOK_MAX_ATTEMPTS: '5', WEBHOOK_BACKOFF_MS: '20', WEBHOOK_PAUSE_AFTER_FAILURES: '2',
      WEBHOOK_TIMEOUT_MS: '2000', WEBHOOK_SWEEP_MS: '600000',
    })));
    app = h.app;
  });

  afterAll(async () => {
    await h?.close();
    await hook?.close();
  });

  const sql = <T extends object>(q: string, params: unknown[] = []) => app.get(MikroORM).em.fork().execute<T[]>(q, params);
  const apply = async (...events: Envelope[]) => {
    for (const e of events) expect(await deliver(app, e)).toBe('applied');
  };
  const subscribe = async (who: Principal, body: Record<string, unknown>) => {
    const res = await as(app, who).post('/api/v1/webhooks').send(body).expect(201);
    return res.body as { id: string; secret: string; version: number };
  };
  const deliveriesOf = async (who: Principal, id: string) =>
    (await as(app, who).get(`/api/v1/webhooks/${id}/deliveries?limit=100`).expect(200)).body.items as {
      id: string; eventId: string; status: string; attemptCount: number; attempts: { attempt: number; ok: boolean; statusCode: number | null; error: string | null }[];
    }[];
  const jobState = (jobId: string) => app.get(QueueRegistry).get(WEBHOOK_QUEUE).getJobState(jobId);

  it('a receiver failing three times then answering gets the event once, signed, with four attempts in the log', async () => {
    hook.script('/flaky', (n) => (n <= 3 ? 500 : 204));
    const sub = await subscribe(bpi, { url: hook.url('/flaky'), eventTypes: ['funding.requested', 'label.granted'], description: 'ERP' });
    expect(sub.secret).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
    const p = project();
    const applied = p.requested(BPI);
    // Before the application the funder does not see the project: label.granted is not sent to it.
    await apply(p.created(), p.submitted(), p.caseOpened(), p.labelled(), applied);

    const [d] = await waitFor(async () => {
      const items = await deliveriesOf(bpi, sub.id);
      return items.length === 1 && items[0].status === 'delivered' && items;
    }, { what: 'the delivery to succeed' });
    expect(d).toMatchObject({ eventId: applied.id, status: 'delivered', attemptCount: 4 });
    expect(d.attempts.map((a) => [a.attempt, a.ok, a.statusCode])).toEqual([[1, false, 500], [2, false, 500], [3, false, 500], [4, true, 204]]);
    expect(d.attempts[0].error).toBe('HTTP 500');
    await waitFor(async () => (await jobState(d.id)) === 'completed', { what: 'the job to complete' });

    const got = hook.of('/flaky');
    expect(got).toHaveLength(4);
    expect(new Set(got.map((r) => r.headers['poleflow-event-id']))).toEqual(new Set([applied.id]));
    const last = got[3];
    expect(last.headers['poleflow-event-type']).toBe('funding.requested');
    expect(last.headers['poleflow-delivery-id']).toBe(d.id);
    expect(last.headers['content-type']).toBe('application/json');
    const timestamp = last.headers['poleflow-timestamp'] as string;
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(30);
    const check = { secret: sub.secret, header: last.headers['poleflow-signature'] as string, timestamp, body: last.body, nowSeconds: Math.floor(Date.now() / 1000) };
    expect(check.header).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifySignature(check)).toEqual({ ok: true });
    expect(verifySignature({ ...check, body: last.body.replace('i-Démo', 'i-Demo') })).toEqual({ ok: false, reason: 'signature_mismatch' });
    expect(verifySignature({ ...check, secret: 'another' })).toEqual({ ok: false, reason: 'signature_mismatch' });
    // The body is the envelope.
    const body = JSON.parse(last.body);
    expect(body).toMatchObject({ id: applied.id, type: 'funding.requested', source: 'funding', streamId: p.id, payload: applied.payload });

    const view = (await as(app, bpi).get(`/api/v1/webhooks/${sub.id}`).expect(200)).body;
    expect(view).toMatchObject({ state: 'active', consecutiveFailures: 0, pausedAt: null });
    expect(view.lastSuccessAt).not.toBeNull();
    expect(view).not.toHaveProperty('secret');
  });

  it('deliveries that keep failing pause the subscription; pending ones wait; resume sends them all', async () => {
    let down = true;
    hook.script('/down', () => (down ? 503 : 200));
    const sub = await subscribe(av, { url: hook.url('/down'), eventTypes: ['labelling.case_opened', 'label.granted', 'labelling.quorum_reached'] });
    const p = project('PAUSED');
    const [e1, e2, e3] = [p.caseOpened(), p.quorum(), p.labelled()];
    await apply(p.created(), p.submitted(), e1, e2);

    // Two deliveries fail for good (5 attempts each): WEBHOOK_PAUSE_AFTER_FAILURES=2 pauses the subscription.
    const paused = await waitFor(async () => {
      const v = (await as(app, av).get(`/api/v1/webhooks/${sub.id}`).expect(200)).body;
      return v.state === 'paused' && v;
    }, { what: 'the subscription to pause' });
    expect(paused.consecutiveFailures).toBe(2);
    expect(paused.pauseReason).toMatch(/^paused after 2 consecutive failed deliveries; last error: HTTP 503/);
    const failed = await deliveriesOf(av, sub.id);
    expect(failed.map((d) => [d.eventId, d.status, d.attemptCount]).sort()).toEqual([[e1.id, 'failed', 5], [e2.id, 'failed', 5]].sort());
    expect(hook.of('/down')).toHaveLength(10);

    // While paused, a new event gets its delivery row, but its job ends without an attempt.
    await apply(e3);
    const [waiting] = (await deliveriesOf(av, sub.id)).filter((d) => d.eventId === e3.id);
    await waitFor(async () => (await jobState(waiting.id)) === 'completed', { what: 'the paused job to end' });
    expect((await deliveriesOf(av, sub.id)).find((d) => d.id === waiting.id)).toMatchObject({ status: 'pending', attemptCount: 0 });
    expect(hook.of('/down', e3.id)).toHaveLength(0);
    // Redelivering one by one is refused while paused: resume does it for all.
    await as(app, av).post(`/api/v1/webhooks/${sub.id}/deliveries/${waiting.id}/redeliver`).expect(409).expect((r) => expect(r.body.code).toBe('WEBHOOK_PAUSED'));

    down = false;
    const resumed = await as(app, av).post(`/api/v1/webhooks/${sub.id}/resume`).expect(200);
    expect(resumed.body).toMatchObject({ state: 'active', pausedAt: null, consecutiveFailures: 0, requeued: 3 });
    expect(resumed.header.etag).toBe(`W/"${resumed.body.version}"`);
    const done = await waitFor(async () => {
      const items = await deliveriesOf(av, sub.id);
      return items.every((d) => d.status === 'delivered') && items;
    }, { what: 'every delivery after resume' });
    expect(done).toHaveLength(3);
    // Each event answered once more after the resume: the two failed ones (5 refusals + 1) and the one that waited.
    expect([e1, e2, e3].map((e) => hook.of('/down', e.id).length)).toEqual([6, 6, 1]);
    await waitFor(async () => (await Promise.all(done.map((d) => jobState(`${d.id}.1`)))).every((s) => s === 'completed'), { what: 'the resumed jobs' });
    expect([e1, e2, e3].map((e) => hook.of('/down', e.id).length)).toEqual([6, 6, 1]);
    // A reviewer's identity never leaves the tracker: the quorum event was acted by a reviewer.
    const quorumBody = JSON.parse(hook.of('/down', e2.id).at(-1)!.body);
    expect(quorumBody.actor).toEqual({ userId: null, role: 'reviewer' });
    expect(JSON.stringify(quorumBody)).not.toContain(e2.actor!.userId);
  });

  it('refuses URLs to private, loopback, link-local addresses and plain http with 422 WEBHOOK_URL_FORBIDDEN', async () => {
    const refused: [string, RegExp][] = [
      ['https://10.0.0.1/hook', /10\.0\.0\.1 is a private address \(10\.0\.0\.0\/8\)/],
      ['https://169.254.169.254/latest/meta-data/', /link-local address \(169\.254\.0\.0\/16\)/],
      ['https://[::1]/hook', /\[::1\] is a loopback address/],
      ['https://[::ffff:10.0.0.1]/hook', /private address \(::ffff:0:0\/96 → 10\.0\.0\.0\/8\)/],
      ['https://localhost/hook', /localhost is a loopback name/],
      ['https://2130706433/hook', /127\.0\.0\.1 is a loopback address/],
      ['https://100.64.0.7/hook', /carrier-grade NAT/],
      ['http://93.184.215.14/hook', /only https URLs are allowed/],
      [`http://127.0.0.1:${hook.port + 1}/hook`, /only https URLs are allowed/], // allow-listed on another port only
      ['https://user:secret@93.184.215.14/hook', /credentials in the URL/],
    ];
    for (const [url, reason] of refused) {
      const res = await as(app, bpi).post('/api/v1/webhooks').set('accept-language', 'en').send({ url, eventTypes: ['funding.granted'] }).expect(422);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe('WEBHOOK_URL_FORBIDDEN');
      expect(res.body.detail).toMatch(reason);
      expect(res.body.details.reason).toMatch(reason);
    }
    // A public https address is fine (nothing is sent here: no event of theirs is applied).
    const ok = await subscribe(anr, { url: 'https://93.184.215.14/poleflow', eventTypes: ['funding.granted'] });
    // The same checks on a change of URL.
    const v = (await as(app, anr).get(`/api/v1/webhooks/${ok.id}`).expect(200)).body;
    const res = await as(app, anr).patch(`/api/v1/webhooks/${ok.id}`).set('If-Match', `W/"${v.version}"`).send({ url: 'https://169.254.169.254/' }).expect(422);
    expect(res.body.code).toBe('WEBHOOK_URL_FORBIDDEN');
    // Unknown or unsubscribable event types are a validation error listing the valid ones.
    const bad = await as(app, anr).post('/api/v1/webhooks').set('accept-language', 'en').send({ url: 'https://93.184.215.14/x', eventTypes: ['funding.granted', 'labelling.reviewer_assigned'] }).expect(400);
    expect(bad.body.errors[0]).toMatchObject({ path: 'eventTypes' });
    expect(bad.body.errors[0].message).toContain('funding.granted');
  });

  it('checks the resolved addresses again at each delivery, on the connection itself (DNS rebinding)', async () => {
    class Rebinding extends WebhookUrlPolicy {
      protected override async resolve(): Promise<LookupAddress[]> {
        return [{ address: '93.184.215.14', family: 4 }, { address: '10.1.2.3', family: 4 }];
      }
    }
    const policy = new Rebinding(app.get<WebhookSettings>(WEBHOOK_SETTINGS));
    await expect(policy.assertAllowed('https://hooks.rebind.test/in')).rejects.toMatchObject({ code: 'WEBHOOK_URL_FORBIDDEN', status: 422 });
    const target = policy.target('https://hooks.rebind.test/in');
    if (!target.ok) throw new Error('the URL itself is fine');
    const r = await postWebhook({ url: target.url, body: '{}', headers: {}, timeoutMs: 2000, lookup: target.lookup });
    expect(r).toMatchObject({ statusCode: null, error: 'WEBHOOK_URL_FORBIDDEN: hooks.rebind.test resolves to 10.1.2.3 is a private address (10.0.0.0/8)' });
  });

  it('another funder\'s officer, a pole reviewer or an applicant get 404 on a subscription; creating for someone else is 403', async () => {
    const sub = await subscribe(bpi, { url: hook.url('/scoped'), eventTypes: ['funding.granted'] });
    const poleSub = await subscribe(av, { url: hook.url('/scoped-pole'), eventTypes: ['label.granted'] });
    const reviewer = person(['reviewer'], { poles: [{ poleId: AV.poleId, role: 'reviewer' }] });
    const applicant = person(['applicant'], { organisationIds: [randomUUID()] });
    for (const [who, id] of [[anr, sub.id], [av, sub.id], [applicant, sub.id], [reviewer, poleSub.id], [bpi, poleSub.id]] as const) {
      const client = as(app, who);
      for (const res of [
        await client.get(`/api/v1/webhooks/${id}`), await client.patch(`/api/v1/webhooks/${id}`).set('If-Match', '*').send({ active: false }),
        await client.delete(`/api/v1/webhooks/${id}`), await client.get(`/api/v1/webhooks/${id}/deliveries`),
        await client.post(`/api/v1/webhooks/${id}/resume`), await client.post(`/api/v1/webhooks/${id}/rotate-secret`).send({}),
        await client.post(`/api/v1/webhooks/${id}/deliveries/${randomUUID()}/redeliver`),
      ]) {
        expect([res.status, res.body.code]).toEqual([404, 'WEBHOOK_NOT_FOUND']);
      }
    }
    // Lists show only one's own.
    const listed = (await as(app, anr).get('/api/v1/webhooks?limit=100').expect(200)).body.items as { id: string; ownerId: string }[];
    expect(listed.every((s) => s.ownerId === ANR.funderId)).toBe(true);
    expect(listed.map((s) => s.id)).not.toContain(sub.id);
    const admin = (await as(app, person(['admin'])).get(`/api/v1/webhooks?ownerKind=funder&ownerId=${BPI.funderId}&limit=100`).expect(200)).body.items as { id: string }[];
    expect(admin.map((s) => s.id)).toContain(sub.id);

    const forbidden = await as(app, anr).post('/api/v1/webhooks').send({ ownerKind: 'funder', ownerId: BPI.funderId, url: hook.url('/x'), eventTypes: ['funding.granted'] }).expect(403);
    expect(forbidden.body.code).toBe('WEBHOOK_OWNER_FORBIDDEN');
    await as(app, reviewer).post('/api/v1/webhooks').send({ url: hook.url('/x'), eventTypes: ['label.granted'] }).expect(403);
    await as(app, person(['admin'])).post('/api/v1/webhooks').send({ url: hook.url('/x'), eventTypes: ['label.granted'] }).expect(422)
      .expect((r) => expect(r.body.code).toBe('WEBHOOK_OWNER_REQUIRED'));
  });

  it('one event delivered twice through the inbox makes one delivery per subscription and one feed entry', async () => {
    const sub = await subscribe(av, { url: hook.url('/dup'), eventTypes: ['label.granted'] });
    const other = await subscribe(av, { url: hook.url('/dup-2'), eventTypes: ['label.granted', 'labelling.case_opened'] });
    const p = project('TWICE');
    const [opened, granted] = [p.caseOpened(), p.labelled()];
    await apply(p.created(), p.submitted(), opened, granted);
    expect(await deliver(app, granted)).toBe('duplicate');
    expect(await deliver(app, { ...granted })).toBe('duplicate');
    await waitFor(async () => hook.of('/dup', granted.id).length === 1 && hook.of('/dup-2', granted.id).length === 1, { what: 'both deliveries' });
    // One row per subscription that wants it (earlier tests left other AV subscriptions to label.granted).
    const rows = await sql<{ subscription_id: string; n: number }>(
      'select subscription_id, count(*)::int as n from tracker.webhook_deliveries where event_id = ? group by subscription_id', [granted.id]);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    expect(rows.map((r) => r.subscription_id)).toEqual(expect.arrayContaining([sub.id, other.id]));
    expect(await sql('select event_id from tracker.feed_entries where event_id = ?', [granted.id])).toEqual([{ event_id: granted.id }]);
    // The sweeper re-enqueues the same job ids: still one request each.
    await app.get(WebhookDeliveryWorker).sweep(0);
    await new Promise((r) => setTimeout(r, 150));
    expect(hook.of('/dup', granted.id)).toHaveLength(1);
    expect(hook.of('/dup-2', granted.id)).toHaveLength(1);
  });

  it('the sweeper sends a committed delivery that was never enqueued (a crash between commit and enqueue)', async () => {
    const sub = await subscribe(av, { url: hook.url('/swept'), eventTypes: ['label.granted'] });
    const p = project('SWEPT');
    const [opened, granted] = [p.caseOpened(), p.labelled()];
    await apply(p.created(), p.submitted(), opened, granted);
    await waitFor(async () => hook.of('/swept', granted.id).length === 1, { what: 'the normal delivery' });
    // …now the same delivery as a committed row whose job never reached Redis (new run, no job).
    const [row] = await sql<{ id: string }>(
      `update tracker.webhook_deliveries set run = run + 1, status = 'pending', queued_at = now() - interval '1 minute' where event_id = ? and subscription_id = ? returning id`,
      [granted.id, sub.id]);
    expect(await app.get(WebhookDeliveryWorker).sweep()).toBeGreaterThanOrEqual(1);
    await waitFor(async () => hook.of('/swept', granted.id).length === 2, { what: 'the swept delivery' });
    await waitFor(async () => (await deliveriesOf(av, sub.id)).find((d) => d.id === row.id)?.status === 'delivered', { what: 'the swept delivery to be recorded' });
  });

  it('PATCH needs If-Match; switched off, no new deliveries; rotation signs with both secrets for the grace period; redeliver sends again', async () => {
    const sub = await subscribe(av, { url: hook.url('/edit'), eventTypes: ['labelling.case_opened'] });
    const client = as(app, av);
    await client.patch(`/api/v1/webhooks/${sub.id}`).send({ active: false }).expect(428);
    await client.patch(`/api/v1/webhooks/${sub.id}`).set('If-Match', 'W/"999"').send({ active: false }).expect(412);
    const off = await client.patch(`/api/v1/webhooks/${sub.id}`).set('If-Match', `W/"${sub.version}"`).send({ active: false, eventTypes: ['labelling.case_opened', 'label.granted'] }).expect(200);
    expect(off.body).toMatchObject({ active: false, state: 'inactive', eventTypes: ['labelling.case_opened', 'label.granted'] });
    expect(off.header.etag).toBe(`W/"${sub.version + 1}"`);
    const p = project('EDITED');
    await apply(p.created(), p.submitted(), p.caseOpened());
    expect(await deliveriesOf(av, sub.id)).toEqual([]);
    await client.patch(`/api/v1/webhooks/${sub.id}`).set('If-Match', off.header.etag).send({ active: true }).expect(200);

    const rotated = await client.post(`/api/v1/webhooks/${sub.id}/rotate-secret`).send({ graceSeconds: 3600 }).expect(200);
    expect(rotated.body.secret).not.toBe(sub.secret);
    expect(rotated.body.previousSecretExpiresAt).not.toBeNull();
    const granted = p.labelled();
    await apply(granted);
    const [req] = await waitFor(async () => hook.of('/edit', granted.id).length === 1 && hook.of('/edit', granted.id), { what: 'the delivery after rotation' });
    const check = { header: req.headers['poleflow-signature'] as string, timestamp: req.headers['poleflow-timestamp'] as string, body: req.body, nowSeconds: Math.floor(Date.now() / 1000) };
    expect(check.header.split(',')).toHaveLength(2);
    expect(verifySignature({ ...check, secret: rotated.body.secret })).toEqual({ ok: true });
    expect(verifySignature({ ...check, secret: sub.secret })).toEqual({ ok: true });

    const [d] = await deliveriesOf(av, sub.id);
    await waitFor(async () => (await deliveriesOf(av, sub.id))[0].status === 'delivered', { what: 'delivered' });
    const again = await client.post(`/api/v1/webhooks/${sub.id}/deliveries/${d.id}/redeliver`).expect(202);
    expect(again.body).toMatchObject({ id: d.id, status: 'pending', attemptCount: 1 });
    await waitFor(async () => hook.of('/edit', granted.id).length === 2, { what: 'the redelivery' });
    const log = await waitFor(async () => {
      const [x] = await deliveriesOf(av, sub.id);
      return x.status === 'delivered' && x.attemptCount === 2 && x;
    }, { what: 'the redelivery recorded' });
    expect(log.attempts.map((a) => a.ok)).toEqual([true, true]);
    await client.post(`/api/v1/webhooks/${sub.id}/deliveries/${randomUUID()}/redeliver`).expect(404).expect((r) => expect(r.body.code).toBe('DELIVERY_NOT_FOUND'));

    await client.delete(`/api/v1/webhooks/${sub.id}`).expect(204);
    await client.get(`/api/v1/webhooks/${sub.id}`).expect(404);
    expect(await sql('select id from tracker.webhook_deliveries where subscription_id = ?', [sub.id])).toEqual([]);
  });
});
