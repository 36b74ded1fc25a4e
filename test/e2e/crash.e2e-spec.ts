import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Queue, type ConnectionOptions } from 'bullmq';
import pg from 'pg';
import { inboxQueueFor, redisOptions } from '@poleflow/messaging';
import { createTestDatabase, testPrefix, tokenFor, waitFor, TEST_ISSUER, TEST_KEYS, TEST_REDIS_URL, type TestDatabase } from '@poleflow/testing';

/*
 * A real crash: the built submission app (dist/, as `npm start` runs it) commits a project and its
 * `project.created` outbox row, then its process is SIGKILLed before any relay published it. A new process
 * (worker role) publishes it; a tracker process applies it; one timeline entry results. `npm test` builds first.
 */

const PARTITIONS = 4;
const NODE = process.execPath.includes('node_modules') ? process.execPath : 'node_modules/.bin/node';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address() as { port: number }; s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

describe('e2e: a process killed between commit and publish, or while busy, loses nothing and doubles nothing', () => {
  let db: TestDatabase;
  let prefix: ReturnType<typeof testPrefix>;
  let sql: pg.Client;
  const children: ChildProcess[] = [];

  function start(app: 'submission' | 'tracker' | 'network', roles: string, port: number): ChildProcess {
    const child = spawn(NODE, [`dist/apps/${app}/src/main.js`], {
      env: {
        ...process.env, DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, BULLMQ_PREFIX: prefix.prefix, JWT_PUBLIC_KEY: TEST_KEYS.publicKey,
        JWT_ISSUER: TEST_ISSUER, LOG_LEVEL: 'error', ROLES: roles, PORT: String(port), OUTBOX_POLL_MS: '200', DB_POOL_MAX: '3', INBOX_PARTITIONS: String(PARTITIONS),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    return child;
  }

  const ready = (port: number) => waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health/ready`)).ok, { what: `app on ${port} ready`, timeoutMs: 30000 });
  const kill = async (c: ChildProcess) => { if (c.exitCode === null && c.signalCode === null) { const gone = new Promise((r) => c.once('exit', r)); c.kill('SIGKILL'); await gone; } };

  beforeAll(async () => {
    db = await createTestDatabase('crash');
    prefix = testPrefix('crash');
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
  });

  afterAll(async () => {
    await Promise.all(children.map(kill));
    await sql?.end();
    await prefix?.cleanup();
    await db?.drop();
  });

  it('delivers the committed event once after the writer was SIGKILLed', async () => {
    // Process A serves HTTP only: it commits state + outbox rows but runs no relay, like a process that
    // dies right after its commit.
    const portA = await freePort();
    const a = start('submission', 'api', portA);
    await ready(portA);
    const org = randomUUID();
    const pole = randomUUID();
    await sql.query(`insert into submission.organisations (id, name, kind, siren, region, size_eu, category_fr) values ($1, 'AéroLab SAS', 'company', '732829320', 'Occitanie', 'small', 'PME')`, [org]);
    await sql.query(`insert into submission.poles (id, slug, name, regions, themes) values ($1, 'aerospace-valley', 'Aerospace Valley', '["Occitanie"]', '["aeronautics-space"]')`, [pole]);
    const token = tokenFor({ userId: randomUUID(), email: 'alice@aerolab.test', roles: ['applicant'], organisationIds: [org], poles: [], funderIds: [] });
    const res = await fetch(`http://127.0.0.1:${portA}/api/v1/projects`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ acronym: 'CRASH', title: 'Survives a kill', coordinatorOrganisationId: org, poleIds: [pole] }),
    });
    expect(res.status).toBe(201);
    const { id: projectId } = (await res.json()) as { id: string };
    await kill(a);
    const { rows: before } = await sql.query(`select id, published_at from submission.outbox where stream_id = $1`, [projectId]);
    expect(before).toHaveLength(1);
    expect(before[0].published_at).toBeNull();

    // Process B (worker role) finds the row and publishes it; a tracker process consumes it.
    const portB = await freePort();
    const portT = await freePort();
    start('submission', 'worker', portB);
    start('tracker', 'api,worker', portT);
    // network also subscribes to project.created (earlier collaborations): the delivery is confirmed once both applied it
    start('network', 'worker', await freePort());
    await waitFor(async () => (await sql.query(`select 1 from submission.outbox where id = $1 and published_at is not null`, [before[0].id])).rowCount === 1, { what: 'the orphan row to be published', timeoutMs: 30000 });
    const entries = await waitFor(async () => {
      const { rows } = await sql.query(`select type from tracker.timeline_entries where project_id = $1`, [projectId]).catch(() => ({ rows: [] }));
      return rows.length ? rows : undefined;
    }, { what: 'the timeline entry', timeoutMs: 30000 });
    expect(entries).toEqual([{ type: 'project.created' }]);

    // Published once: one job in the tracker's inbox queue for that event, one inbox row.
    const q = new Queue(inboxQueueFor('tracker', projectId, PARTITIONS), { connection: redisOptions(TEST_REDIS_URL) as ConnectionOptions, prefix: prefix.prefix });
    try {
      expect(await q.getJobState(before[0].id)).toBe('completed');
    } finally {
      await q.close();
    }
    const { rows: inbox } = await sql.query(`select count(*)::int as n from tracker.inbox where event_id = $1`, [before[0].id]);
    expect(inbox[0].n).toBe(1);
    // The producer confirms the delivery from the finished job (OUTBOX_POLL_MS 200 here), once, without publishing it again.
    const confirmed = await waitFor(async () => {
      const { rows } = await sql.query(`select publish_attempts from submission.outbox where id = $1 and confirmed_at is not null`, [before[0].id]);
      return rows[0];
    }, { what: 'the delivery confirmed', timeoutMs: 30000 });
    expect(confirmed.publish_attempts).toBe(1);
  });

  it('runs the job of a consumer killed while busy again within 15 s, once', async () => {
    await Promise.all(children.splice(0).map(kill));
    const [portS, portA, portB] = [await freePort(), await freePort(), await freePort()];
    start('submission', 'api,worker', portS);
    const a = start('tracker', 'api,worker', portA);
    await Promise.all([ready(portS), ready(portA)]);
    const org = randomUUID();
    const pole = randomUUID();
    await sql.query(`insert into submission.organisations (id, name, kind, siren, region, size_eu, category_fr) values ($1, 'Busy SAS', 'company', '732829320', 'Occitanie', 'small', 'PME')`, [org]);
    await sql.query(`insert into submission.poles (id, slug, name, regions, themes) values ($1, 'busy-pole', 'Busy Pole', '["Occitanie"]', '["aeronautics-space"]')`, [pole]);
    // Tracker A takes the job and blocks inside its transaction: the timeline is locked against writes.
    const locker = new pg.Client({ connectionString: db.url });
    await locker.connect();
    let q: Queue | undefined;
    try {
      await locker.query('begin');
      await locker.query('lock table tracker.timeline_entries in exclusive mode');
      const token = tokenFor({ userId: randomUUID(), email: 'busy@aerolab.test', roles: ['applicant'], organisationIds: [org], poles: [], funderIds: [] });
      const res = await fetch(`http://127.0.0.1:${portS}/api/v1/projects`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ acronym: 'BUSY', title: 'Killed while busy', coordinatorOrganisationId: org, poleIds: [pole] }),
      });
      expect(res.status).toBe(201);
      const { id: projectId } = (await res.json()) as { id: string };
      const [{ id: eventId }] = (await sql.query(`select id from submission.outbox where stream_id = $1`, [projectId])).rows;
      // The tracker's inbox partition of this project's stream (libs/messaging partitions.ts).
      const queue = new Queue(inboxQueueFor('tracker', projectId, PARTITIONS), { connection: redisOptions(TEST_REDIS_URL) as ConnectionOptions, prefix: prefix.prefix });
      q = queue;
      await waitFor(async () => (await queue.getJobState(eventId)) === 'active', { what: 'tracker A to hold the job', timeoutMs: 30000 });
      // Tracker B is up; A dies with the job in hand; the lock on the timeline goes.
      start('tracker', 'api,worker', portB);
      await ready(portB);
      await kill(a);
      await locker.query('rollback');
      const entries = await waitFor(async () => {
        const { rows } = await sql.query(`select type from tracker.timeline_entries where project_id = $1`, [projectId]);
        return rows.length ? rows : undefined;
      }, { what: 'the killed consumer\'s job to run again (BullMQ defaults: about 60 s)', timeoutMs: 15000, intervalMs: 100 });
      expect(entries).toEqual([{ type: 'project.created' }]);
      await waitFor(async () => (await queue.getJobState(eventId)) === 'completed', { what: 'the job to complete', timeoutMs: 5000 });
      expect((await sql.query(`select count(*)::int as n from tracker.inbox where event_id = $1`, [eventId])).rows[0].n).toBe(1);
    } finally {
      await locker.end();
      await q?.close();
    }
  });
  it('a tracker killed in the middle of a batch: the survivor applies the whole batch again, each event once', async () => {
    await Promise.all(children.splice(0).map(kill));
    const [portS, portA, portB] = [await freePort(), await freePort(), await freePort()];
    start('submission', 'api,worker', portS);
    await ready(portS);
    const org = randomUUID();
    const pole = randomUUID();
    await sql.query(`insert into submission.organisations (id, name, kind, siren, region, size_eu, category_fr) values ($1, 'Batch SAS', 'company', '732829320', 'Occitanie', 'small', 'PME')`, [org]);
    await sql.query(`insert into submission.poles (id, slug, name, regions, themes) values ($1, 'batch-pole', 'Batch Pole', '["Occitanie"]', '["aeronautics-space"]')`, [pole]);
    const token = tokenFor({ userId: randomUUID(), email: 'batch@aerolab.test', roles: ['applicant'], organisationIds: [org], poles: [], funderIds: [] });
    // A backlog while no tracker runs: eight projects, so that some partition holds several of their events.
    const projects: string[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await fetch(`http://127.0.0.1:${portS}/api/v1/projects`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ acronym: `BATCH${i}`, title: 'Killed mid-batch', coordinatorOrganisationId: org, poleIds: [pole] }),
      });
      expect(res.status).toBe(201);
      projects.push(((await res.json()) as { id: string }).id);
    }
    const { rows: events } = await sql.query<{ id: string; stream_id: string }>(`select id, stream_id from submission.outbox where stream_id = any($1)`, [projects]);
    expect(events).toHaveLength(8);
    await waitFor(async () => (await sql.query(`select 1 from submission.outbox where stream_id = any($1) and published_at is null`, [projects])).rowCount === 0, { what: 'the backlog published', timeoutMs: 30000 });
    const byQueue = new Map<string, string[]>();
    for (const e of events) byQueue.set(inboxQueueFor('tracker', e.stream_id, PARTITIONS), [...(byQueue.get(inboxQueueFor('tracker', e.stream_id, PARTITIONS)) ?? []), e.id]);
    const [busiest, ids] = [...byQueue].sort((a, b) => b[1].length - a[1].length)[0];
    expect(ids.length).toBeGreaterThan(1);
    const connection = redisOptions(TEST_REDIS_URL) as ConnectionOptions;
    const queue = new Queue(busiest, { connection, prefix: prefix.prefix });
    const locker = new pg.Client({ connectionString: db.url });
    await locker.connect();
    try {
      // Tracker A takes the busiest partition's backlog as one batch and blocks inside its transaction.
      await locker.query('begin');
      await locker.query('lock table tracker.timeline_entries in exclusive mode');
      const a = start('tracker', 'api,worker', portA);
      await waitFor(async () => (await Promise.all(ids.map((id) => queue.getJobState(id)))).every((st) => st === 'active'), { what: 'tracker A to hold the whole partition at once', timeoutMs: 30000 });
      start('tracker', 'api,worker', portB);
      await ready(portB);
      await kill(a);
      await locker.query('rollback');
      const entries = await waitFor(async () => {
        const { rows } = await sql.query<{ project_id: string; n: number }>(`select project_id, count(*)::int as n from tracker.timeline_entries where project_id = any($1) group by project_id`, [projects]);
        return rows.length === projects.length ? rows : undefined;
      }, { what: 'every project of the killed batch on the timeline', timeoutMs: 20000, intervalMs: 100 });
      expect(entries.map((r) => r.n)).toEqual(projects.map(() => 1));
      const { rows: inbox } = await sql.query<{ n: number }>(`select count(*)::int as n from tracker.inbox where event_id = any($1)`, [events.map((e) => e.id)]);
      expect(inbox[0].n).toBe(8);
      await waitFor(async () => (await Promise.all(ids.map((id) => queue.getJobState(id)))).every((st) => st === 'completed'), { what: 'the batch\'s jobs completed', timeoutMs: 5000 });
    } finally {
      await locker.end();
      await queue.close();
    }
  });
});
