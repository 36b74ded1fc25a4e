// npm run bench — measures the platform on this machine and compares it with the floors of the same run.
//
// 1. Floors, in this process: raw single-row PostgreSQL transactions per second (pg pool of 10, 10 loops of
//    BEGIN; INSERT; COMMIT) and a raw BullMQ add → process round trip (worker in this process).
// 2. The platform: every app as its own process (as `npm start` runs them) on a fresh database and BullMQ
//    prefix; start-up time and idle RSS per app; then submissions through the gateway at 1, 10 and 50
//    concurrent clients (projects prepared beforehand, only `POST /projects/:id/submit` is timed), and the delay
//    from each HTTP 201 to the project's `project.submitted` entry in the tracker's timeline, and to labelling
//    opening the project's cases (one per targeted pole: each bench project targets two poles).
// Prints a table and writes bench-results/bench-<timestamp>.json. Env: BENCH_N1, BENCH_N10, BENCH_N50 (counts);
// BENCH_PROFILE=1 writes a V8 CPU profile per app to bench-results/profiles-<timestamp>/ (read with infra/profile-top.mjs).
import { spawn, execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import { Queue, Worker } from 'bullmq';

const PG_ADMIN = process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const DB = `poleflow_bench_${Date.now()}`;
const PREFIX = `bench-${Date.now()}`;
const PORTS = { directory: 3101, submission: 3102, labelling: 3103, funding: 3104, milestones: 3105, tracker: 3106, gateway: 3100 };
const COUNTS = { 1: Number(process.env.BENCH_N1 ?? 100), 10: Number(process.env.BENCH_N10 ?? 400), 50: Number(process.env.BENCH_N50 ?? 600) };

const pct = (xs, p) => { if (!xs.length) return NaN; const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };
const r1 = (x) => Math.round(x * 10) / 10;
const until = async (probe, what, timeoutMs = 60000) => {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try { const v = await probe(); if (v) return v; } catch { /* not yet */ }
    if (Date.now() > end) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

async function pgFloor(url, seconds = 5) {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  await pool.query('create table if not exists bench_floor (id uuid primary key, v int not null, at timestamptz not null default now())');
  let n = 0;
  const end = Date.now() + seconds * 1000;
  await Promise.all(Array.from({ length: 10 }, async () => {
    const c = await pool.connect();
    try {
      while (Date.now() < end) {
        await c.query('begin');
        await c.query('insert into bench_floor (id, v) values ($1, $2)', [randomUUID(), n]);
        await c.query('commit');
        n++;
      }
    } finally { c.release(); }
  }));
  await pool.end();
  return { txPerSec: r1(n / seconds) };
}

async function bullFloor(jobs = 1000) {
  const u = new URL(REDIS_URL);
  const connection = { host: u.hostname, port: Number(u.port || 6379), maxRetriesPerRequest: null };
  const prefix = `${PREFIX}-floor`;
  const queue = new Queue('floor', { connection, prefix });
  const waiting = new Map();
  const worker = new Worker('floor', async (job) => job.data.i, { connection, prefix, concurrency: 1 });
  worker.on('completed', (job) => waiting.get(job.id)?.());
  await worker.waitUntilReady();
  const lat = [];
  for (let i = 0; i < jobs + 50; i++) {
    const id = `j${i}`;
    const done = new Promise((r) => waiting.set(id, r));
    const t = performance.now();
    await queue.add('f', { i }, { jobId: id, removeOnComplete: true });
    await done;
    if (i >= 50) lat.push(performance.now() - t);
  }
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return { p50ms: r1(pct(lat, 50)), p99ms: r1(pct(lat, 99)) };
}

function rssMb(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

async function main() {
  execFileSync(process.execPath, ['infra/services.mjs'], { stdio: 'inherit' });
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`create database "${DB}"`);
  const dbUrl = new URL(PG_ADMIN); dbUrl.pathname = `/${DB}`;
  const DATABASE_URL = dbUrl.toString();

  console.log('floors…');
  const pgF = await pgFloor(DATABASE_URL);
  const bullF = await bullFloor();

  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const env = {
    ...process.env, DATABASE_URL, REDIS_URL, BULLMQ_PREFIX: PREFIX, JWT_PUBLIC_KEY: publicKey, JWT_PRIVATE_KEY: privateKey,
    LOG_LEVEL: 'warn', SEED_DEMO: 'true', ADMIN_EMAILS: 'admin@poleflow.test', NODE_ENV: 'production',
    DIRECTORY_URL: `http://127.0.0.1:${PORTS.directory}`, SUBMISSION_URL: `http://127.0.0.1:${PORTS.submission}`, LABELLING_URL: `http://127.0.0.1:${PORTS.labelling}`, FUNDING_URL: `http://127.0.0.1:${PORTS.funding}`, MILESTONES_URL: `http://127.0.0.1:${PORTS.milestones}`, TRACKER_URL: `http://127.0.0.1:${PORTS.tracker}`,
  };
  const procs = {};
  const t0 = performance.now();
  const startApp = (name) => {
    const prof = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=bench-results/profiles-${stamp}`, `--cpu-prof-name=${name}.cpuprofile`] : [];
    const flags = (process.env.APP_NODE_FLAGS ?? '--max-semi-space-size=2').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...flags, ...prof, `dist/apps/${name}/src/main.js`], { env: { ...env, PORT: String(PORTS[name]) }, stdio: ['ignore', 'ignore', 'inherit'] });
    procs[name] = child;
    return child;
  };
  const ready = (name) => until(async () => (await fetch(`http://127.0.0.1:${PORTS[name]}/health/ready`)).ok, `${name} ready`);
  startApp('directory');
  await ready('directory');
  const others = ['submission', 'labelling', 'funding', 'milestones', 'tracker', 'gateway'];
  for (const n of others) startApp(n);
  await Promise.all(others.map(ready));
  const startupMs = Math.round(performance.now() - t0);
  const GW = `http://127.0.0.1:${PORTS.gateway}`;
  const db = new pg.Client({ connectionString: DATABASE_URL });
  await db.connect();
  // Idle: the reference events (poles, demo organisations) have reached every consumer.
  await until(async () => (await db.query('select count(*)::int as n from submission.poles')).rows[0].n >= 57, 'poles in submission');
  await until(async () => (await db.query('select count(*)::int as n from labelling.poles')).rows[0].n >= 57, 'poles in labelling');
  const idleRss = Object.fromEntries(Object.entries(procs).map(([n, p]) => [n, rssMb(p.pid)]));

  const api = async (method, path, token, body, headers = {}) => {
    const res = await fetch(`${GW}${path}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers }, body: body ? JSON.stringify(body) : undefined });
    const text = await res.text();
    return { status: res.status, etag: res.headers.get('etag'), body: text ? JSON.parse(text) : null };
  };
  const login = async (email) => (await api('POST', '/api/v1/auth/login', null, { email, password: 'poleflow-demo-2026' })).body.accessToken;
  const alice = await login('alice@aerolab.test');
  // The organisation a demo user belongs to, from GET /me.
  const orgOf = async (token) => (await api('GET', '/api/v1/me', token)).body.affiliations.find((a) => a.kind === 'organisation').targetId;
  const coordinatorOrg = await orgOf(alice);
  const members = [await login('bruno@composites.test'), await login('chloe@onera.test')];
  const partners = [await orgOf(members[0]), await orgOf(members[1])];
  const poles = [(await api('GET', '/api/v1/poles?q=aerospace', null)).body.items[0], (await api('GET', '/api/v1/poles?q=systematic', null)).body.items[0]];
  const budget = (k) => ({ industrial: { personnel: 20_000_000 * k, equipment: 5_000_000 }, experimental: { personnel: 10_000_000 } });

  async function prepare(n) {
    const ids = [];
    const worker = async () => {
      while (ids.length < n) {
        const slot = ids.length; ids.push(null);
        const p = await api('POST', '/api/v1/projects', alice, {
          acronym: `B${slot}`, title: 'Bench project', summary: 'Composite morphing wing demonstrator', themes: ['aeronautics-space'], keywords: ['composites'],
          trlStart: 3, trlTarget: 6, startDate: '2027-03-01', durationMonths: 24, coordinatorOrganisationId: coordinatorOrg, poleIds: poles.map((x) => x.id),
        });
        if (p.status !== 201) throw new Error(`create project: ${p.status} ${JSON.stringify(p.body)}`);
        const ok = (r, what) => { if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`); return r; };
        // Consortium consent: the partners are invited and accept; every member enters (and so confirms) its own budget.
        for (const [i, org] of partners.entries()) {
          const inv = ok(await api('POST', `/api/v1/projects/${p.body.id}/invitations`, alice, { organisationId: org }), 'invite');
          ok(await api('POST', `/api/v1/invitations/${inv.body.id}/accept`, members[i], {}), 'accept');
        }
        let etag = (await api('GET', `/api/v1/projects/${p.body.id}`, alice)).etag;
        for (const [i, [org, token]] of [[coordinatorOrg, alice], ...partners.map((o, k) => [o, members[k]])].entries()) {
          etag = ok(await api('PUT', `/api/v1/projects/${p.body.id}/partners/${org}`, token, { budget: budget(i + 1) }, { 'if-match': etag }), 'budget').etag;
        }
        ids[slot] = { id: p.body.id, etag };
      }
    };
    await Promise.all(Array.from({ length: 10 }, worker));
    return ids;
  }

  async function run(concurrency, n) {
    const projects = await prepare(n);
    const done = [];
    const lat = [];
    let next = 0;
    const t = performance.now();
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < projects.length) {
        const p = projects[next++];
        const s = performance.now();
        const r = await api('POST', `/api/v1/projects/${p.id}/submit`, alice, {}, { 'if-match': p.etag });
        lat.push(performance.now() - s);
        if (r.status !== 200 && r.status !== 201) throw new Error(`submit: ${r.status} ${JSON.stringify(r.body)}`);
        done.push({ id: p.id, at: Date.now() });
      }
    }));
    const seconds = (performance.now() - t) / 1000;
    const ids = done.map((d) => d.id);
    const rows = await until(async () => {
      const { rows } = await db.query(`select project_id, extract(epoch from recorded_at) * 1000 as ms from tracker.timeline_entries where type = 'project.submitted' and project_id = any($1)`, [ids]);
      return rows.length === ids.length ? rows : null;
    }, `timeline entries for ${n} submissions`, 120000);
    // Labelling opens both cases of a project in the transaction that records project.submitted in its inbox.
    const opened = await until(async () => {
      const { rows } = await db.query(
        `select o.stream_id as project_id, extract(epoch from i.processed_at) * 1000 as ms from labelling.inbox i join submission.outbox o on o.id = i.event_id
         where i.type = 'project.submitted' and o.stream_id = any($1)`, [ids]);
      return rows.length === ids.length ? rows : null;
    }, `labelling cases for ${n} submissions`, 120000);
    const cases = (await db.query('select count(*)::int as n from labelling.cases where project_id = any($1)', [ids])).rows[0].n;
    if (cases !== 2 * n) throw new Error(`expected ${2 * n} labelling cases, found ${cases}`);
    // Where the time goes: submission's relay (commit → published), then each consumer's queue (published → applied).
    const { rows: split } = await db.query(
      `select extract(epoch from o.published_at - o.created_at) * 1000 as relay, extract(epoch from t.processed_at - o.published_at) * 1000 as tracker,
              extract(epoch from l.processed_at - o.published_at) * 1000 as labelling
         from submission.outbox o join tracker.inbox t on t.event_id = o.id join labelling.inbox l on l.event_id = o.id
        where o.type = 'project.submitted' and o.stream_id = any($1)`, [ids]);
    const col = (k) => split.map((r) => Number(r[k]));
    const at = new Map(done.map((d) => [d.id, d.at]));
    const delays = rows.map((r) => Number(r.ms) - at.get(r.project_id));
    const toCases = opened.map((r) => Number(r.ms) - at.get(r.project_id));
    return {
      concurrency, submissions: n, perSec: r1(n / seconds), httpP50ms: r1(pct(lat, 50)), httpP99ms: r1(pct(lat, 99)),
      toTimelineP50ms: r1(pct(delays, 50)), toTimelineP99ms: r1(pct(delays, 99)), toCasesP50ms: r1(pct(toCases, 50)), toCasesP99ms: r1(pct(toCases, 99)),
      relayP50ms: r1(pct(col('relay'), 50)), trackerQueueP50ms: r1(pct(col('tracker'), 50)), labellingQueueP50ms: r1(pct(col('labelling'), 50)),
    };
  }

  const runs = [];
  for (const c of [1, 10, 50]) {
    console.log(`submissions at ${c} concurrent client(s)…`);
    runs.push(await run(c, COUNTS[c]));
  }
  const loadedRss = Object.fromEntries(Object.entries(procs).map(([n, p]) => [n, rssMb(p.pid)]));
  const best = Math.max(...runs.map((r) => r.perSec));
  const result = {
    at: new Date().toISOString(), node: process.version, cores: (await import('node:os')).cpus().length,
    floors: { postgresTxPerSecPool10: pgF.txPerSec, bullmqRoundTrip: bullF },
    platform: { startupMs, idleRssMb: idleRss, rssAfterLoadMb: loadedRss, runs },
    ratios: { bestPipelineToPostgresFloor: r1((best / pgF.txPerSec) * 1000) / 1000, pipelineAt10ToPostgresFloor: r1((runs[1].perSec / pgF.txPerSec) * 1000) / 1000 },
    goals: {
      'pipeline >= 1/10 of raw PG tx/s': best >= pgF.txPerSec / 10,
      'p99 201→timeline < 50 ms at 10 clients': runs[1].toTimelineP99ms < 50,
      'each app <= 150 MB RSS idle': Object.values(idleRss).every((m) => m <= 150),
      'all apps up < 10 s': startupMs < 10000,
    },
  };
  console.log('\nfloors (same run)');
  console.table({ 'postgres tx/s (pool 10)': pgF.txPerSec, 'bullmq add→processed p50 ms': bullF.p50ms, 'bullmq add→processed p99 ms': bullF.p99ms });
  console.log(`platform: all apps ready in ${startupMs} ms; idle RSS MB ${JSON.stringify(idleRss)}; after load ${JSON.stringify(loadedRss)}`);
  console.table(runs);
  console.table(result.ratios);
  console.table(result.goals);
  mkdirSync('bench-results', { recursive: true });
  const file = `bench-results/bench-${stamp}.json`;
  writeFileSync(file, JSON.stringify(result, null, 2));
  console.log(`written ${file}`);

  for (const p of Object.values(procs)) p.kill('SIGTERM');
  await Promise.all(Object.values(procs).map((p) => new Promise((r) => (p.exitCode !== null ? r() : p.once('exit', r)))));
  await db.end();
  await admin.query(`drop database if exists "${DB}" with (force)`);
  await admin.end();
}

main().catch((err) => { console.error(err); process.exit(1); });
