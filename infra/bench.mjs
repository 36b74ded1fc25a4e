// npm run bench — measures the platform on this machine and compares it with the floors of the same run.
//
// 1. Floors, in this process: raw single-row PostgreSQL transactions per second (pg pool of 10, 10 loops of
//    BEGIN; INSERT; COMMIT) and a raw BullMQ add → process round trip (worker in this process).
// 2. The platform, once per mode of BENCH_MODES (default `multi,single`): `multi` runs every app as its own
//    process (as `npm start` does), `single` all of them in one process (as `npm start -- --single`); each mode on
//    a fresh database and BullMQ prefix. Start-up time and idle RSS per process; then submissions through the gateway at 1, 10 and 50
//    concurrent clients (projects prepared beforehand, only `POST /projects/:id/submit` is timed), and the delay
//    from each HTTP 201 to the project's `project.submitted` entry in the tracker's timeline, and to labelling
//    opening the project's cases (one per targeted pole: each bench project targets two poles).
//    Per consumer (service schema, inbox consumer): events applied per second during each run (inbox.processed_at),
//    and the share of its time spent waiting for an earlier event of the same stream, from the app's /metrics
//    (counters poleflow_consumer_wait_seconds_total / poleflow_consumer_apply_seconds_total; n/a without them).
// 3. Reads at scale (first mode only; BENCH_READS=0 skips): infra/bench-reads.mjs.
// Prints tables and the bars (docs: README "Performance"), writes bench-results/bench-<timestamp>.json.
// Env: BENCH_MODES, BENCH_RUNS (concurrencies, default `1,10,50`; empty: reads only), BENCH_N1, BENCH_N10, BENCH_N50 (counts);
// BENCH_KEEP_DB=1 keeps each mode's database (to EXPLAIN its reads afterwards; drop it yourself);
// BENCH_PROFILE=1 writes a V8 CPU profile per app to bench-results/profiles-<timestamp>/ (read with infra/profile-top.mjs).
import { spawn, execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import pg from 'pg';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { SMTPServer } from 'smtp-server';
import { readsAtScale } from './bench-reads.mjs';
import { build } from './build.mjs';

const PG_ADMIN = process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const RUN = Date.now();
const PREFIX = `bench-${RUN}`;
const MODES = (process.env.BENCH_MODES ?? 'multi,single').split(',').map((m) => m.trim()).filter(Boolean);
/** Bearer token of the apps' /metrics (METRICS_TOKEN, where /metrics is protected). */
const METRICS_TOKEN = randomUUID();
const SERVICES = ['directory', 'submission', 'labelling', 'funding', 'milestones', 'tracker', 'network'];
const PORTS = { directory: 3101, submission: 3102, labelling: 3103, funding: 3104, milestones: 3105, tracker: 3106, network: 3107, gateway: 3100 };
const COUNTS = { 1: Number(process.env.BENCH_N1 ?? 100), 10: Number(process.env.BENCH_N10 ?? 400), 50: Number(process.env.BENCH_N50 ?? 600), paced: Number(process.env.BENCH_NPACED ?? 40) };
/**
 * The submission runs (BENCH_RUNS, default `1,10,50,paced`; empty: reads at scale only): a number is that many
 * clients in a closed loop (each submits again as soon as it has its answer); `paced` is one client submitting
 * every BENCH_PACE_MS (250) ms, BENCH_NPACED (40) times: what a lone user sees when the platform is not also
 * serving a stream of earlier submissions.
 */
const RUNS = (process.env.BENCH_RUNS ?? '1,10,50,paced').split(',').map((c) => c.trim()).filter(Boolean).map((c) => (c === 'paced' ? c : Number(c)));
const PACE_MS = Number(process.env.BENCH_PACE_MS ?? 250);

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
  pool.on('error', () => undefined); // an idle client cut when the floor database is dropped
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

/**
 * CPU time (user + system, ms) of every process that works for a submission: each app the bench started, all of
 * PostgreSQL (every backend, and the backends that exited, counted in the postmaster's children time), Redis and
 * this process (the load generator). Read from /proc before and after a run; the difference per submission says
 * where the machine's CPU goes, and the sum over wall time x cores how much of it the run used.
 */
const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim() || 100);
function statTimes(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const x = f.slice(f.lastIndexOf(')') + 2).split(' ').map(Number); // x[0] is field 3 (state)
    return { ppid: x[1], self: (x[11] + x[12]) * TICK_MS, children: (x[13] + x[14]) * TICK_MS };
  } catch { return { ppid: 0, self: 0, children: 0 }; }
}
function processesNamed(name) {
  const out = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try { if (readFileSync(`/proc/${d}/comm`, 'utf8').trim() === name) out.push(Number(d)); } catch { /* gone */ }
  }
  return out;
}
function cpuSnapshot(procs) {
  const snap = Object.fromEntries(Object.entries(procs).map(([n, p]) => [n, statTimes(p.pid).self]));
  const pgPids = new Set(processesNamed('postgres'));
  const pg = [...pgPids].map(statTimes);
  // The postmaster (the one whose parent is no postgres) holds the time of the backends that exited.
  snap.postgres = pg.reduce((a, t) => a + t.self + (pgPids.has(t.ppid) ? 0 : t.children), 0);
  snap.redis = processesNamed('redis-server').reduce((a, pid) => a + statTimes(pid).self, 0);
  const me = process.cpuUsage();
  snap['bench client'] = (me.user + me.system) / 1000;
  return snap;
}
function cpuPerSubmission(before, after, n, wallMs) {
  const out = {};
  let total = 0;
  for (const k of Object.keys(after)) {
    const ms = after[k] - (before[k] ?? 0);
    total += ms;
    out[k] = r1(ms / n);
  }
  out.total = r1(total / n);
  out['machine share'] = `${Math.round((total / (wallMs * cpus().length)) * 100)} %`;
  return out;
}

/** Deletes the keys under a BullMQ prefix of this run (SCAN + UNLINK of `<prefix>:*`, nothing else). */
async function dropPrefix(prefix) {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** The inbox queue of `service` for `streamId` (libs/messaging partitions.ts: FNV-1a of the stream id modulo the partitions). */
const PARTITIONS = Number(process.env.INBOX_PARTITIONS ?? 8);
function inboxQueueOf(service, streamId) {
  let h = 0x811c9dc5;
  for (let i = 0; i < streamId.length; i++) { h ^= streamId.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
  const k = PARTITIONS <= 1 ? 0 : h % PARTITIONS;
  return k === 0 ? `${service}.inbox` : `${service}.inbox.${k}`;
}

/**
 * Where one submission's time goes, per consumer (labelling, tracker), from timestamps the pipeline already
 * records: the 201 at the client; the outbox row (`created_at`, the submit transaction's start), the relay's claim
 * (`published_at`, its transaction's start), the BullMQ job (`timestamp` = added by the relay, `processedOn` =
 * taken by the partition's worker, `finishedOn` = completed after commit), the consumer's inbox row
 * (`processed_at`, the inbox transaction's start). Also, for each consumer, every job its inbox queues finished
 * during the run: how long a job runs (taken → finished) and how many jobs were ahead of a submission in its
 * partition. Milliseconds, p50 / p90.
 */
async function traceStages(db, prefix, from, done) {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    const ids = done.map((d) => d.id);
    const at = new Map(done.map((d) => [d.id, d.at]));
    const { rows } = await db.query(
      `select o.id, o.stream_id, extract(epoch from o.created_at) * 1000 as created, extract(epoch from o.published_at) * 1000 as published,
              extract(epoch from t.processed_at) * 1000 as tracker_tx, extract(epoch from l.processed_at) * 1000 as labelling_tx
         from submission.outbox o join tracker.inbox t on t.event_id = o.id join labelling.inbox l on l.event_id = o.id
        where o.type = 'project.submitted' and o.stream_id = any($1)`, [ids]);
    const out = {};
    for (const consumer of ['labelling', 'tracker']) {
      const pipe = redis.pipeline();
      for (const r of rows) pipe.hmget(`${prefix}:${inboxQueueOf(consumer, r.stream_id)}:${r.id}`, 'timestamp', 'processedOn', 'finishedOn');
      const jobs = (await pipe.exec()).map(([, v]) => v.map(Number));
      // Every job of the consumer's partitions finished since the run began: its run time, and its taken instant per queue.
      const queues = Array.from({ length: Math.max(1, PARTITIONS) }, (_, k) => (k === 0 ? `${consumer}.inbox` : `${consumer}.inbox.${k}`));
      const finished = new Map();
      for (const q of queues) {
        const jobIds = await redis.zrangebyscore(`${prefix}:${q}:completed`, from, '+inf');
        const p2 = redis.pipeline();
        for (const id of jobIds) p2.hmget(`${prefix}:${q}:${id}`, 'processedOn', 'finishedOn');
        finished.set(q, (await p2.exec()).map(([, v]) => v.map(Number)).filter(([a, b]) => a && b));
      }
      const all = [...finished.values()].flat();
      const stage = { commitToClaim: [], claimToAdded: [], addedToTaken: [], takenToTx: [], txToFinished: [], http201ToFinished: [], aheadInPartition: [] };
      rows.forEach((r, i) => {
        const [added, taken, fin] = jobs[i];
        if (!added || !taken || !fin) return;
        stage.commitToClaim.push(Number(r.published) - Number(r.created));
        stage.claimToAdded.push(added - Number(r.published));
        stage.addedToTaken.push(taken - added);
        stage.takenToTx.push(Number(r[`${consumer}_tx`]) - taken);
        stage.txToFinished.push(fin - Number(r[`${consumer}_tx`]));
        stage.http201ToFinished.push(fin - at.get(r.stream_id));
        stage.aheadInPartition.push(finished.get(inboxQueueOf(consumer, r.stream_id)).filter(([tk]) => tk >= added && tk < taken).length);
      });
      const span = all.length ? (Math.max(...all.map(([, f]) => f)) - Math.min(...all.map(([t]) => t))) / 1000 : NaN;
      out[consumer] = {
        ...Object.fromEntries(Object.entries(stage).map(([k, v]) => [k, `${r1(pct(v, 50))} / ${r1(pct(v, 90))}`])),
        jobRunMs: `${r1(pct(all.map(([t, f]) => f - t), 50))} / ${r1(pct(all.map(([t, f]) => f - t), 90))}`,
        jobs: all.length, busyShare: r1((all.reduce((a, [t, f]) => a + (f - t), 0) / 1000 / span) * 100) / 100,
      };
    }
    return out;
  } finally {
    redis.disconnect();
  }
}

/**
 * An SMTP sink for the tracker's notification e-mails, as a deployment has a mail server: without one every e-mail
 * job fails and retries, which costs the tracker and Redis work no deployment pays. Accepts and discards; counts.
 */
async function smtpSink() {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, _session, done) { stream.on('end', () => { received++; done(); }); stream.resume(); },
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `smtp://127.0.0.1:${server.server.address().port}`, received: () => received, close: () => new Promise((r) => server.close(r)) };
}

/** Every app process the bench started: stopped on the way out, whatever happens. */
const children = new Set();

/** Starts the platform in `mode` on `env`; resolves once every app answers /health/ready. */
async function startPlatform(mode, env) {
  const procs = {};
  const t0 = performance.now();
  const flags = (process.env.APP_NODE_FLAGS ?? '--max-semi-space-size=2').split(' ').filter(Boolean);
  const spawnNode = (name, main, extraEnv) => {
    const prof = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=bench-results/profiles-${stamp}`, `--cpu-prof-name=${mode}-${name}.cpuprofile`] : [];
    procs[name] = spawn(process.execPath, [...flags, ...prof, main], { env: { ...env, ...extraEnv }, stdio: ['ignore', 'ignore', 'inherit'] });
    children.add(procs[name]);
    procs[name].once('exit', () => children.delete(procs[name]));
  };
  const ready = (name) => until(async () => (await fetch(`http://127.0.0.1:${PORTS[name]}/health/ready`)).ok, `${name} ready`);
  if (mode === 'single') {
    spawnNode('all-in-one', 'dist/apps/all-in-one/src/main.js', {
      PORT: String(PORTS.gateway), ...Object.fromEntries(SERVICES.map((n) => [`${n.toUpperCase()}_PORT`, String(PORTS[n])])),
    });
    await Promise.all([...SERVICES, 'gateway'].map(ready));
  } else {
    const others = { ...env };
    delete others.JWT_PRIVATE_KEY; // directory alone signs
    const app = (name, e = others) => spawnNode(name, `dist/apps/${name}/src/main.js`, { ...e, PORT: String(PORTS[name]) });
    app('directory', env);
    await ready('directory');
    const rest = ['submission', 'labelling', 'funding', 'milestones', 'tracker', 'network', 'gateway'];
    for (const n of rest) app(n);
    await Promise.all(rest.map(ready));
  }
  const startupMs = Math.round(performance.now() - t0);
  const stop = async () => {
    for (const p of Object.values(procs)) p.kill('SIGTERM');
    await Promise.all(Object.values(procs).map((p) => new Promise((r) => (p.exitCode !== null ? r() : p.once('exit', r)))));
  };
  return { procs, startupMs, stop };
}

/** Scrapes the consumer counters (wait / apply seconds per consumer) of every service's /metrics. */
async function consumerCounters() {
  const out = {};
  for (const n of SERVICES) {
    let text = '';
    try { text = await (await fetch(`http://127.0.0.1:${PORTS[n]}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text(); } catch { /* not exposed */ }
    for (const m of text.matchAll(/^poleflow_consumer_(wait|apply)_seconds_total\{[^}]*consumer="([^"]+)"[^}]*\}\s+([0-9.eE+-]+)$/gm)) {
      const key = `${n}/${m[2]}`;
      out[key] ??= { wait: 0, apply: 0 };
      out[key][m[1]] += Number(m[3]);
    }
  }
  return out;
}

/** Per consumer: events applied per second since `from` (inbox rows), and the wait share from the counters' deltas. */
async function consumerStats(db, from, before, after) {
  const out = {};
  for (const n of SERVICES) {
    const exists = (await db.query(`select 1 from information_schema.tables where table_schema = $1 and table_name = 'inbox'`, [n])).rowCount;
    if (!exists) continue;
    const { rows } = await db.query(
      `select consumer, count(*)::int as n, extract(epoch from max(processed_at)) * 1000 as last from "${n}".inbox where processed_at >= to_timestamp($1 / 1000.0) group by consumer`, [from]);
    for (const r of rows) {
      const key = `${n}/${r.consumer}`;
      const seconds = Math.max(0.001, (Number(r.last) - from) / 1000);
      const a = after[key];
      const b = before[key] ?? { wait: 0, apply: 0 };
      const wait = a ? a.wait - b.wait : NaN;
      const busy = a ? wait + (a.apply - b.apply) : NaN;
      out[key] = { applied: r.n, appliedPerSec: r1(r.n / seconds), waitShare: Number.isFinite(busy) && busy > 0 ? r1((wait / busy) * 1000) / 1000 : 'n/a' };
    }
  }
  return out;
}

async function benchMode(mode, admin, keys, smtp) {
  const DB = `poleflow_bench_${RUN}_${mode}`;
  await admin.query(`create database "${DB}"`);
  const dbUrl = new URL(PG_ADMIN); dbUrl.pathname = `/${DB}`;
  const DATABASE_URL = dbUrl.toString();
  const env = {
    ...process.env, DATABASE_URL, REDIS_URL, BULLMQ_PREFIX: `${PREFIX}-${mode}`, JWT_PUBLIC_KEY: keys.publicKey, JWT_PRIVATE_KEY: keys.privateKey,
    LOG_LEVEL: 'warn', SEED_DEMO: 'true', SMTP_URL: smtp.url, ADMIN_EMAILS: 'admin@poleflow.test', NODE_ENV: 'production', METRICS_TOKEN,
    ...Object.fromEntries(SERVICES.map((n) => [`${n.toUpperCase()}_URL`, `http://127.0.0.1:${PORTS[n]}`])),
  };
  console.log(`\n[${mode}] starting the platform…`);
  const GW = `http://127.0.0.1:${PORTS.gateway}`;
  const db = new pg.Client({ connectionString: DATABASE_URL });
  let platform;
  try {
    platform = await startPlatform(mode, env);
    const { procs, startupMs } = platform;
    await db.connect();
    // Idle: the reference events (poles, demo organisations) have reached every consumer.
    await until(async () => (await db.query('select count(*)::int as n from submission.poles')).rows[0].n >= 57, 'poles in submission');
    await until(async () => (await db.query('select count(*)::int as n from labelling.poles')).rows[0].n >= 57, 'poles in labelling');
    await new Promise((r) => setTimeout(r, 2000)); // let start-up garbage be collected before reading RSS
    const idleRss = Object.fromEntries(Object.entries(procs).map(([n, p]) => [n, rssMb(p.pid)]));
    // What the idle platform costs: CPU ms per second of each process over 5 s with no request (timers, polls, stall checks).
    const idleFrom = cpuSnapshot(procs);
    await new Promise((r) => setTimeout(r, 5000));
    const idleTo = cpuSnapshot(procs);
    const idleCpu = Object.fromEntries(Object.keys(idleTo).filter((k) => k !== 'bench client').map((k) => [k, r1((idleTo[k] - idleFrom[k]) / 5)]));
    idleCpu.total = r1(Object.values(idleCpu).reduce((a, b) => a + b, 0));
    console.log(`[${mode}] idle: CPU ms per second, by process (1000 = one core)`);
    console.table({ idle: idleCpu });

    const api = async (method, path, token, body, headers = {}) => {
      const res = await fetch(`${GW}${path}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers }, body: body ? JSON.stringify(body) : undefined });
      const text = await res.text();
      return { status: res.status, etag: res.headers.get('etag'), body: text ? JSON.parse(text) : null };
    };
    const login = async (email) => (await api('POST', '/api/v1/auth/login', null, { email, password: 'poleflow-demo-2026' })).body.accessToken;
    let alice = await login('alice@aerolab.test');
    // The organisation a demo user belongs to, from GET /me.
    const orgOf = async (token) => (await api('GET', '/api/v1/me', token)).body.affiliations.find((a) => a.kind === 'organisation').targetId;
    const coordinatorOrg = await orgOf(alice);
    const partners = [await orgOf(await login('bruno@composites.test')), await orgOf(await login('chloe@onera.test'))];
    const poles = [(await api('GET', '/api/v1/poles?q=aerospace', null)).body.items[0], (await api('GET', '/api/v1/poles?q=systematic', null)).body.items[0]];
    const budget = (k) => ({ industrial: { personnel: 20_000_000 * k, equipment: 5_000_000 }, experimental: { personnel: 10_000_000 } });

    async function prepare(n) {
      const ids = [];
      // Consortium consent: the partners' members log in (tokens live 15 minutes) to accept and enter their budgets.
      const members = [await login('bruno@composites.test'), await login('chloe@onera.test')];
      const ok = (r, what) => { if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`); return r; };
      const worker = async () => {
        while (ids.length < n) {
          const slot = ids.length; ids.push(null);
          const p = await api('POST', '/api/v1/projects', alice, {
            acronym: `B${slot}`, title: 'Bench project', summary: 'Composite morphing wing demonstrator', themes: ['aeronautics-space'], keywords: ['composites'],
            trlStart: 3, trlTarget: 6, startDate: '2027-03-01', durationMonths: 24, coordinatorOrganisationId: coordinatorOrg, poleIds: poles.map((x) => x.id),
          });
          if (p.status !== 201) throw new Error(`create project: ${p.status} ${JSON.stringify(p.body)}`);
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

    async function run(runName, n) {
      const paced = runName === 'paced';
      const concurrency = paced ? 1 : runName;
      alice = await login('alice@aerolab.test'); // access tokens live 15 minutes: a fresh one per run
      const projects = await prepare(n);
      // The preparation's events (creation, invitations, acceptances, budgets: about 9 per project) must be applied
      // by every consumer before the timed part, or their backlog is measured with the submissions. A row is
      // confirmed once its consumer's job has finished (ARCHITECTURE.md, delivery confirmation).
      await until(async () => (await db.query('select count(*)::int as n from submission.outbox where confirmed_at is null')).rows[0].n === 0,
        'the preparation\'s events to be applied', 300_000);
      const done = [];
      const lat = [];
      const errors = [];
      let next = 0;
      const before = await consumerCounters();
      const cpuBefore = cpuSnapshot(procs);
      const from = Date.now();
      const t = performance.now();
      await Promise.all(Array.from({ length: concurrency }, async () => {
        while (next < projects.length) {
          // Paced: the next submission starts on its slot, not on the previous answer (a bench's pacing, not a test's wait).
          if (paced) await new Promise((r) => setTimeout(r, Math.max(0, t + next * PACE_MS - performance.now())));
          const p = projects[next++];
          const s = performance.now();
          const r = await api('POST', `/api/v1/projects/${p.id}/submit`, alice, {}, { 'if-match': p.etag });
          lat.push(performance.now() - s);
          if (r.status !== 200 && r.status !== 201) errors.push(`${r.status} ${r.body?.code ?? ''}`);
          else done.push({ id: p.id, at: Date.now() });
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
      const cpu = cpuPerSubmission(cpuBefore, cpuSnapshot(procs), Math.max(1, ids.length), performance.now() - t);
      const cases = (await db.query('select count(*)::int as n from labelling.cases where project_id = any($1)', [ids])).rows[0].n;
      if (cases !== 2 * ids.length) throw new Error(`expected ${2 * ids.length} labelling cases, found ${cases}`);
      const consumers = await consumerStats(db, from, before, await consumerCounters());
      // Where the time goes: submission's relay (commit → published), then each consumer's queue (published → applied).
      const { rows: split } = await db.query(
        `select extract(epoch from o.published_at - o.created_at) * 1000 as relay, extract(epoch from t.processed_at - o.published_at) * 1000 as tracker,
                extract(epoch from l.processed_at - o.published_at) * 1000 as labelling
           from submission.outbox o join tracker.inbox t on t.event_id = o.id join labelling.inbox l on l.event_id = o.id
          where o.type = 'project.submitted' and o.stream_id = any($1)`, [ids]);
      const col = (k) => split.map((r) => Number(r[k]));
      const stages = await traceStages(db, env.BULLMQ_PREFIX, from, done);
      const at = new Map(done.map((d) => [d.id, d.at]));
      const delays = rows.map((r) => Number(r.ms) - at.get(r.project_id));
      const toCases = opened.map((r) => Number(r.ms) - at.get(r.project_id));
      return {
        run: {
          mode, concurrency: paced ? `1, every ${PACE_MS} ms` : concurrency, submissions: n, errors: errors.length, perSec: r1(n / seconds), httpP50ms: r1(pct(lat, 50)), httpP99ms: r1(pct(lat, 99)),
          toTimelineP50ms: r1(pct(delays, 50)), toTimelineP99ms: r1(pct(delays, 99)), toCasesP50ms: r1(pct(toCases, 50)), toCasesP99ms: r1(pct(toCases, 99)),
          relayP50ms: r1(pct(col('relay'), 50)), trackerQueueP50ms: r1(pct(col('tracker'), 50)), labellingQueueP50ms: r1(pct(col('labelling'), 50)),
        },
        consumers,
        stages,
        cpu,
        errorSamples: [...new Set(errors)].slice(0, 5),
      };
    }

    const runs = [];
    const consumers = {};
    const stages = {};
    const cpu = {};
    for (const c of RUNS) {
      const label = c === 'paced' ? `1 client every ${PACE_MS} ms` : `${c} client(s)`;
      console.log(`[${mode}] submissions, ${label}…`);
      const r = await run(c, COUNTS[c]);
      runs.push(r.run);
      consumers[label] = r.consumers;
      stages[label] = r.stages;
      cpu[label] = r.cpu;
      console.log(`[${mode}] ${label}, project.submitted stage by stage (ms, p50 / p90; busyShare = sum of job run times / wall time of the run):`);
      console.table(r.stages);
      if (r.errorSamples.length) console.log(`[${mode}] errors, ${label}: ${r.errorSamples.join('; ')}`);
    }
    console.table(runs); // now, and again with the other modes at the end
    if (RUNS.length) {
      console.log(`[${mode}] CPU ms per submission, by process, from the first submission until every timeline entry and case was written (machine share: all of it over wall time x cores)`);
      console.table(cpu);
    }
    const loadedRss = Object.fromEntries(Object.entries(procs).map(([n, p]) => [n, rssMb(p.pid)]));
    let reads = null;
    if (mode === MODES[0] && process.env.BENCH_READS !== '0') {
      // The notification e-mails of the runs are sent first (to the SMTP sink): the reads measure the reads.
      await until(async () => (await db.query(`select count(*)::int as n from tracker.emails where status = 'pending'`)).rows[0].n === 0, 'the e-mails of the runs to be sent', 300_000);
      console.log(`[${mode}] reads at scale (synthetic data)…`);
      reads = await readsAtScale({ db, trackerUrl: `http://127.0.0.1:${PORTS.tracker}`, token: await login('admin@poleflow.test'), pct, r1 });
      console.table(reads.reads);
    }
    return { mode, startupMs, idleRssMb: idleRss, idleCpuMsPerSec: idleCpu, rssAfterLoadMb: loadedRss, runs, consumers, stages, cpu, reads };
  } finally {
    // On failure too: the apps started by now (see `children`) are stopped by main's handler, the database dropped here.
    await platform?.stop();
    await db.end().catch(() => undefined);
    await dropPrefix(env.BULLMQ_PREFIX);
    if (process.env.BENCH_KEEP_DB) console.log(`[${mode}] database kept: ${DB}`);
    else await admin.query(`drop database if exists "${DB}" with (force)`);
  }
}

async function main() {
  const buildCheck = await build({ log: () => undefined }); // `npm run bench` built just before: this is the no-change check of `npm start`
  execFileSync(process.execPath, ['infra/services.mjs'], { stdio: 'inherit' });
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  const floorDb = `poleflow_bench_${RUN}_floor`;
  await admin.query(`create database "${floorDb}"`);
  const floorUrl = new URL(PG_ADMIN); floorUrl.pathname = `/${floorDb}`;
  console.log('floors…');
  const pgF = await pgFloor(floorUrl.toString());
  const bullF = await bullFloor();
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });

  const modes = [];
  const smtp = await smtpSink();
  try {
    for (const mode of MODES) modes.push(await benchMode(mode, admin, keys, smtp));
  } finally {
    console.log(`SMTP sink: ${smtp.received()} e-mails received`);
    await smtp.close();
    await admin.query(`drop database if exists "${floorDb}" with (force)`);
    await admin.end();
  }

  const byMode = Object.fromEntries(modes.map((m) => [m.mode, m]));
  const at = (m, c) => m.runs.find((r) => r.concurrency === c);
  const reads = modes.find((m) => m.reads)?.reads;
  const goals = {};
  for (const m of modes) {
    const lone = m.runs.find((r) => typeof r.concurrency === 'string');
    if (lone) goals[`[${m.mode}] a lone user (paced): p50 201→timeline < 15 ms and HTTP p50 < 15 ms (not the issue's bar, which is the closed loop below)`] = lone.toTimelineP50ms < 15 && lone.httpP50ms < 15;
    const r1c = at(m, 1); const r10 = at(m, 10); const r50 = at(m, 50);
    if (!r1c || !r10 || !r50) continue;
    goals[`[${m.mode}] 10 clients: >= 150 submissions/s and >= 1/50 of the PostgreSQL floor`] = r10.perSec >= 150 && r10.perSec >= pgF.txPerSec / 50;
    goals[`[${m.mode}] 10 clients: p99 201→timeline and 201→cases < 100 ms`] = r10.toTimelineP99ms < 100 && r10.toCasesP99ms < 100;
    goals[`[${m.mode}] 1 client: p50 201→timeline < 15 ms and HTTP p50 < 15 ms`] = r1c.toTimelineP50ms < 15 && r1c.httpP50ms < 15;
    goals[`[${m.mode}] 50 clients: no error, p99 201→timeline < 1 s`] = r50.errors === 0 && r50.toTimelineP99ms < 1000;
  }
  if (byMode.multi) goals['[multi] each app <= 120 MB RSS idle'] = Object.values(byMode.multi.idleRssMb).every((v) => v <= 120);
  if (byMode.single) goals['[single] all services in one process <= 300 MB RSS idle'] = byMode.single.idleRssMb['all-in-one'] <= 300;
  goals['build when nothing changed (npm start) < 1 s'] = buildCheck.ms < 1000;
  for (const m of modes) goals[`[${m.mode}] every app ready < 10 s (start-up on a fresh database, build excluded)`] = m.startupMs < 10_000;
  if (reads) {
    for (const [name, r] of Object.entries(reads.reads)) goals[`read ${name}: p99 < ${name.startsWith('timeline') ? 10 : 200} ms`] = r.p99ms < (name.startsWith('timeline') ? 10 : 200);
  }
  const result = {
    at: new Date().toISOString(), node: process.version, cores: (await import('node:os')).cpus().length,
    floors: { postgresTxPerSecPool10: pgF.txPerSec, bullmqRoundTrip: bullF },
    build: { upToDateCheckMs: buildCheck.ms, files: buildCheck.total },
    modes,
    ratios: Object.fromEntries(modes.filter((m) => at(m, 10)).map((m) => [m.mode, { pipelineAt10ToPostgresFloor: Math.round((at(m, 10).perSec / pgF.txPerSec) * 10_000) / 10_000 }])),
    goals,
  };
  console.log('\nfloors (same run)');
  console.table({ 'postgres tx/s (pool 10)': pgF.txPerSec, 'bullmq add→processed p50 ms': bullF.p50ms, 'bullmq add→processed p99 ms': bullF.p99ms });
  console.log(`build, nothing changed: ${buildCheck.ms} ms (${buildCheck.total} files checked)`);
  console.table(Object.fromEntries(modes.map((m) => [m.mode, { readyMs: m.startupMs, idleRssMbTotal: Object.values(m.idleRssMb).reduce((a, b) => a + b, 0), idleRssMb: JSON.stringify(m.idleRssMb), afterLoadMbTotal: Object.values(m.rssAfterLoadMb).reduce((a, b) => a + b, 0), idleCpuMsPerSec: m.idleCpuMsPerSec.total }])));
  console.table(modes.flatMap((m) => m.runs));
  for (const m of modes.filter((x) => Object.keys(x.cpu).length)) {
    console.log(`[${m.mode}] CPU ms per submission, by process`);
    console.table(m.cpu);
  }
  for (const m of modes) {
    console.log(`[${m.mode}] per consumer: events applied/s and share of time waiting for an earlier event of the same stream, per run`);
    const keys = [...new Set(Object.values(m.consumers).flatMap((c) => Object.keys(c)))].sort();
    console.table(Object.fromEntries(keys.map((k) => [k, Object.fromEntries(Object.entries(m.consumers).flatMap(([c, v]) => [[`${c}: applied/s`, v[k]?.appliedPerSec ?? 0], [`${c}: wait`, v[k]?.waitShare ?? 'n/a']]))])));
  }
  if (reads) {
    console.log(`reads at scale (synthetic rows inserted in ${reads.seedMs} ms; ${reads.requestsPerRead} sequential GETs each, on the tracker)`);
    console.table(reads.reads);
  }
  console.table(result.ratios);
  console.table(goals);
  mkdirSync('bench-results', { recursive: true });
  const file = `bench-results/bench-${stamp}.json`;
  writeFileSync(file, JSON.stringify(result, null, 2));
  console.log(`written ${file}`);
}

main().catch((err) => {
  console.error(err);
  for (const c of children) c.kill('SIGKILL');
  process.exit(1);
});
