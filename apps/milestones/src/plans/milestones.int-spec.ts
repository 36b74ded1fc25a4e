import { createHash, randomUUID } from 'node:crypto';
import { Queue, type ConnectionOptions } from 'bullmq';
import { redisOptions, timerJobId, timerQueueName } from '@poleflow/messaging';
import { waitFor, TEST_REDIS_URL } from '@poleflow/testing';
import { as, deliver, funded, officer, principal, startMilestones, type Harness } from '../../test/harness.js';
import { Milestone } from './plan.entity.js';

const outbox = (h: Harness, projectId: string) =>
  h.em().execute<{ type: string; envelope: { payload: Record<string, unknown> } }[]>('select type, envelope from milestones.outbox where stream_id = ? order by sequence', [projectId]);

describe('milestones (real PostgreSQL + Redis)', () => {
  let h: Harness;
  beforeAll(async () => { h = await startMilestones('milestones'); });
  afterAll(async () => h.close());

  it('plans one milestone per tranche from a funding decision, once, with amounts that add up exactly', async () => {
    const { projectId, coordinator, grantEnvelope } = await funded(h.app);
    expect(await deliver(h.app, grantEnvelope)).toBe('duplicate');
    const list = (await as(h.app, coordinator).get(`/api/v1/milestones?projectId=${projectId}`).expect(200)).body;
    expect(list.map((m: { key: string; dueAt: string; trlExpected: number; amountCents: number }) => [m.key, m.dueAt.slice(0, 10), m.trlExpected, m.amountCents])).toEqual([
      ['prototype', '2028-07-01', 6, 21_000_000], ['industrialisation', '2029-08-01', 8, 28_000_001], ['market_launch', '2030-07-01', 9, 21_000_000],
    ]);
    expect(list.reduce((s: number, m: { amountCents: number }) => s + m.amountCents, 0)).toBe(70_000_001);
    expect((await outbox(h, projectId)).map((r) => r.type)).toEqual(['milestones.plan_created']);
    await as(h.app, principal()).get(`/api/v1/milestones/${list[0].id}`).expect(404);
  });

  it("gives an officer its funders' review queue across projects, named by acronym, and nothing of another funder's", async () => {
    const { projectId, coordinator } = await funded(h.app);
    const [proto] = (await as(h.app, coordinator).get(`/api/v1/milestones?projectId=${projectId}`).expect(200)).body;
    await as(h.app, coordinator).post(`/api/v1/milestones/${proto.id}/report`).send({ trlReached: 6, spentCents: 1, summary: 'ready' }).expect(200);
    const queue = (await as(h.app, officer()).get('/api/v1/milestones?status=reported').expect(200)).body as { id: string; acronym: string; status: string }[];
    expect(queue.find((m) => m.id === proto.id)).toMatchObject({ acronym: 'H2WING', status: 'reported' });
    expect(queue.every((m) => m.status === 'reported')).toBe(true);
    const all = (await as(h.app, officer()).get('/api/v1/milestones').expect(200)).body as { id: string; overdue: boolean; escalated: boolean }[];
    expect(all.filter((m) => m.id === proto.id)).toHaveLength(1);
    // Escalated, then overdue, first.
    const ranks = all.map((m) => (m.escalated ? 0 : m.overdue ? 1 : 2));
    expect(ranks).toEqual([...ranks].sort());
    // Another funder's officer and someone outside the consortium see none of them.
    expect((await as(h.app, officer(randomUUID())).get('/api/v1/milestones').expect(200)).body).toEqual([]);
    expect((await as(h.app, principal()).get('/api/v1/milestones').expect(200)).body).toEqual([]);
    expect((await as(h.app, officer(randomUUID())).get(`/api/v1/milestones/${proto.id}`).expect(404)).body.code).toBe('MILESTONE_NOT_FOUND');
  });

  it('runs report → reject → report → validate, releasing the tranche with the repayment schedule of the advance', async () => {
    const { projectId, coordinator, partner } = await funded(h.app);
    const [proto] = (await as(h.app, coordinator).get(`/api/v1/milestones?projectId=${projectId}`).expect(200)).body;
    // Only the coordinator reports; only the funder validates (the applicant cannot validate their own milestone).
    await as(h.app, partner).post(`/api/v1/milestones/${proto.id}/report`).send({ trlReached: 6, spentCents: 1, summary: 'x' }).expect(403);
    const reported = await as(h.app, coordinator).post(`/api/v1/milestones/${proto.id}/report`).send({ trlReached: 5, spentCents: 30_000_000, summary: 'Bench prototype' }).expect(200);
    expect((await as(h.app, coordinator).post(`/api/v1/milestones/${proto.id}/review`).set('If-Match', reported.headers.etag).send({ decision: 'validated', comment: 'self' }).expect(403)).body.code).toBe('NOT_A_FUNDER_OFFICER');
    const rejected = await as(h.app, officer()).post(`/api/v1/milestones/${proto.id}/review`).set('If-Match', reported.headers.etag).send({ decision: 'rejected', comment: 'TRL 6 expected: fly it' }).expect(200);
    expect(rejected.body.status).toBe('rejected');
    const again = await as(h.app, coordinator).post(`/api/v1/milestones/${proto.id}/report`).send({ trlReached: 6, spentCents: 45_000_000, summary: 'Flight-representative prototype' }).expect(200);
    const validated = await as(h.app, officer()).post(`/api/v1/milestones/${proto.id}/review`).set('If-Match', again.headers.etag).send({ decision: 'validated', comment: 'Well done' }).expect(200);
    expect(validated.body).toMatchObject({ status: 'validated', reports: [{ attempt: 1 }, { attempt: 2 }] });
    expect(validated.body.repayments.map((r: { amountCents: number }) => r.amountCents)).toEqual([3_000_000, 3_000_000, 3_000_000, 3_000_000]);
    const types = (await outbox(h, projectId)).map((r) => r.type);
    expect(types).toEqual(['milestones.plan_created', 'milestone.reported', 'milestone.rejected', 'milestone.reported', 'milestone.validated', 'tranche.released']);
    const released = (await outbox(h, projectId)).at(-1)!.envelope.payload as { totalCents: number; partners: { amountCents: number }[] };
    expect(released.totalCents).toBe(21_000_000);
    expect(released.partners.map((p) => p.amountCents)).toEqual([12_000_000, 9_000_000]);
    await as(h.app, officer()).post(`/api/v1/milestones/${proto.id}/review`).set('If-Match', validated.headers.etag).send({ decision: 'validated', comment: 'twice' }).expect(409);
  });

  it('ends the journey with the market launch', async () => {
    const { projectId, coordinator } = await funded(h.app);
    const plan = (await as(h.app, coordinator).get(`/api/v1/milestones?projectId=${projectId}`).expect(200)).body;
    const market = plan.at(-1);
    // Tranches follow the delivery: the launch waits for the prototype and the industrialisation.
    const early = await as(h.app, coordinator).post(`/api/v1/milestones/${market.id}/report`).send({ trlReached: 9, spentCents: 1, summary: 'On sale' }).expect(409);
    expect(early.body.code).toBe('MILESTONE_OUT_OF_ORDER');
    for (const m of plan.slice(0, 2)) {
      const r = await as(h.app, coordinator).post(`/api/v1/milestones/${m.id}/report`).send({ trlReached: 8, spentCents: 1, summary: 'done' }).expect(200);
      await as(h.app, officer()).post(`/api/v1/milestones/${m.id}/review`).set('If-Match', r.headers.etag).send({ decision: 'validated', comment: 'ok' }).expect(200);
    }
    await as(h.app, coordinator).post(`/api/v1/milestones/${market.id}/report`).send({ trlReached: 9, spentCents: 1, summary: 'On sale' }).expect(422);
    const r = await as(h.app, coordinator).post(`/api/v1/milestones/${market.id}/report`).send({
      trlReached: 9, spentCents: 100, summary: 'On sale', marketLaunch: { product: 'H2Tank 300', launchDate: '2030-06-15', firstCustomers: ['Airbus'], revenueCents: 120_000_000 },
    }).expect(200);
    await as(h.app, officer()).post(`/api/v1/milestones/${market.id}/review`).set('If-Match', r.headers.etag).send({ decision: 'validated', comment: 'Confirmed' }).expect(200);
    const last = (await outbox(h, projectId)).at(-1)!;
    expect(last.type).toBe('project.market_launched');
    expect(last.envelope.payload).toMatchObject({ product: 'H2Tank 300', firstCustomers: ['Airbus'] });
  });
});

describe('milestone timers (real Redis delayed jobs)', () => {
  it('fires the due-date timer after the worker restarted: overdue, then escalated', async () => {
    let h = await startMilestones('mstimers', { env: { MILESTONE_REMINDER_HOURS: String(1 / 3600), MILESTONE_GRACE_HOURS: String(1 / 3600) } });
    try {
      const { projectId, coordinator } = await funded(h.app);
      const [proto] = (await as(h.app, coordinator).get(`/api/v1/milestones?projectId=${projectId}`).expect(200)).body;
      const dueAt = new Date(Date.now() + 2500).toISOString();
      await as(h.app, officer()).patch(`/api/v1/milestones/${proto.id}`).set('If-Match', `W/"${proto.version}"`).send({ dueAt }).expect(200);
      const q = new Queue(timerQueueName('milestones'), { connection: redisOptions(TEST_REDIS_URL) as ConnectionOptions, prefix: h.prefix });
      try {
        await waitFor(async () => (await q.getJob(timerJobId('milestone_overdue', `${proto.id}.${new Date(dueAt).getTime()}`))) ?? null, { what: 'the overdue timer in Redis' });
      } finally {
        await q.close();
      }
      await h.stop();
      h = await startMilestones('mstimers', { reuse: { db: h.db, prefix: h.prefix }, env: { MILESTONE_REMINDER_HOURS: String(1 / 3600), MILESTONE_GRACE_HOURS: String(1 / 3600) } });
      const row = await waitFor(async () => {
        const m = await h.em().findOne(Milestone, proto.id);
        return m?.escalatedAt ? m : null;
      }, { what: 'overdue then escalated', timeoutMs: 15000 });
      expect(row.overdueAt!.getTime()).toBeLessThanOrEqual(row.escalatedAt!.getTime());
      const overdue = (await outbox(h, projectId)).filter((r) => r.type === 'milestone.overdue').map((r) => r.envelope.payload.escalated);
      expect(overdue).toEqual([false, true]);
      expect((await as(h.app, coordinator).get(`/api/v1/milestones/${proto.id}`).expect(200)).body).toMatchObject({ overdue: true, escalated: true });
    } finally {
      await h.close();
    }
  });
});

describe('milestone evidence files', () => {
  let h: Harness;
  beforeAll(async () => { h = await startMilestones('msevidence'); });
  afterAll(async () => h.close());

  const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'), Buffer.alloc(2048, 0x20), Buffer.from('\n%%EOF\n')]);

  it('stores an accepted file with its SHA-256, lists it in the report, and lets the funder download it', async () => {
    const { projectId, coordinator, partner } = await funded(h.app);
    const [proto] = (await as(h.app, coordinator).get(`/api/v1/milestones?projectId=${projectId}`).expect(200)).body;
    const up = await as(h.app, partner).post(`/api/v1/milestones/${proto.id}/evidence`).attach('file', PDF, { filename: 'test-report.pdf', contentType: 'application/pdf' }).expect(201);
    expect(up.body).toMatchObject({ filename: 'test-report.pdf', contentType: 'application/pdf', sizeBytes: PDF.length, sha256: createHash('sha256').update(PDF).digest('hex') });
    const reported = await as(h.app, coordinator).post(`/api/v1/milestones/${proto.id}/report`).send({ trlReached: 6, spentCents: 1, summary: 'see the test report' }).expect(200);
    expect(reported.body.reports[0].evidence).toEqual([{ id: up.body.id, filename: 'test-report.pdf', sha256: up.body.sha256 }]);
    const got = await as(h.app, officer()).get(`/api/v1/evidence/${up.body.id}/content`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(Buffer.compare(got.body as Buffer, PDF)).toBe(0);
    expect(got.headers['content-type']).toBe('application/pdf');
    await as(h.app, principal()).get(`/api/v1/evidence/${up.body.id}/content`).expect(404);
    // Once reported, the milestone takes no more evidence.
    await as(h.app, coordinator).post(`/api/v1/milestones/${proto.id}/evidence`).attach('file', PDF, 'late.pdf').expect(409);
  });

  it('refuses a 50 MB file with 413 and a forbidden type with 415, writing nothing', async () => {
    const { projectId, coordinator } = await funded(h.app);
    const [proto] = (await as(h.app, coordinator).get(`/api/v1/milestones?projectId=${projectId}`).expect(200)).body;
    const big = Buffer.concat([PDF.subarray(0, 16), Buffer.alloc(50 * 1024 * 1024)]);
    const tooBig = await as(h.app, coordinator).post(`/api/v1/milestones/${proto.id}/evidence`).attach('file', big, { filename: 'huge.pdf', contentType: 'application/pdf' }).expect(413);
    expect(tooBig.headers['content-type']).toContain('application/problem+json');
    expect(tooBig.body.code).toBe('PAYLOAD_TOO_LARGE');
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(1024)]);
    const forbidden = await as(h.app, coordinator).post(`/api/v1/milestones/${proto.id}/evidence`).attach('file', exe, { filename: 'report.pdf', contentType: 'application/pdf' }).expect(415);
    expect(forbidden.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect((await as(h.app, coordinator).get(`/api/v1/milestones/${proto.id}/evidence`).expect(200)).body).toEqual([]);
  });
});
