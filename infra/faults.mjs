// npm run faults — what the platform does when a process, Redis or PostgreSQL fails under a steady load.
//
// Starts a PostgreSQL cluster and a redis-server of its own (temp dirs, free loopback ports; never the shared
// 5432/6379), the six data apps as separate processes (dist/, as `npm start` runs them), and a steady load of
// submissions (create a project, add two partners, submit; FAULTS_RATE per second over FAULTS_CLIENTS clients; a
// 503 is retried after its Retry-After, as a client would). Then, one after the other, each scenario:
//   kill -9 <app>   for each app: SIGKILL mid-load, started again at once
//   redis-wiped     FLUSHALL while the tracker is down with a backlog: every queued job is gone (only a repair from
//                   the outbox can bring them back)
//   redis-aof       redis-server stopped (SIGTERM, AOF on) and started again on its data
//   pg-restart      pg_ctl restart -m fast: every database connection cut
//   kill-recovery   the tracker killed, started again, and killed again while it recovers
// For each: the submissions accepted during the scenario are reconciled through the read models (tracker timeline
// entry, two labelling cases, funding and milestones inboxes): lost, doubled, dead letters (new, unresolved), wrong
// stage, HTTP answers that were neither 2xx nor 503 (requests to a killed app that got no answer are counted apart:
// the load talks to the apps directly, without the gateway's 503), time until every app is ready again, time until everything
// accepted is applied. Finally every app gets SIGTERM and must exit within 15 s.
// Prints a table and writes bench-results/faults-<timestamp>.json. Env: FAULTS_RATE (20), FAULTS_CLIENTS (8),
// FAULTS_SCENARIOS (comma list of scenario names or prefixes, default all), FAULTS_SETTLE_MS (60000),
// FAULTS_APP_STDERR=1 (show the apps' errors).
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import { Redis } from 'ioredis';
import { freePort, startPrivatePostgres, startPrivateRedis } from '../libs/testing/src/private-services.ts';
import { AppProcesses, DATA_APPS, SubmissionLoad, isReady, reconcileSettled, waitUntil } from '../libs/testing/src/platform-processes.ts';

const RATE = Number(process.env.FAULTS_RATE ?? 20);
const CLIENTS = Number(process.env.FAULTS_CLIENTS ?? 8);
const SETTLE_MS = Number(process.env.FAULTS_SETTLE_MS ?? 60_000);
const ONLY = (process.env.FAULTS_SCENARIOS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (s) => console.log(`[faults] ${s}`);

async function main() {
  const pgc = await startPrivatePostgres();
  const redis = await startPrivateRedis({ appendonly: true });
  log(`private PostgreSQL on ${pgc.port}, redis-server (AOF) on ${redis.port}`);
  const admin = new pg.Client({ connectionString: pgc.url() });
  await admin.connect();
  await admin.query('create database poleflow');
  await admin.end();
  const databaseUrl = pgc.url('poleflow');
  const ports = {};
  for (const a of DATA_APPS) ports[a] = await freePort();
  const keys = generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const apps = new AppProcesses({ databaseUrl, redisUrl: redis.url, prefix: 'faults', ports, keys });
  const results = [];
  let shutdown;
  try {
    const t0 = Date.now();
    await apps.startAll();
    log(`apps ready in ${Date.now() - t0} ms`);
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    await waitUntil(async () => (await db.query('select count(*)::int as n from submission.poles')).rows[0].n >= 57, 'poles in submission', 60_000);
    await waitUntil(async () => (await db.query('select count(*)::int as n from labelling.poles')).rows[0].n >= 57, 'poles in labelling', 60_000);
    await db.end();
    const load = new SubmissionLoad(ports);
    await load.prepare();

    const allReady = async (since) => {
      await waitUntil(async () => (await Promise.all(DATA_APPS.map((a) => isReady(ports[a])))).every(Boolean), 'every app ready', 120_000, 200);
      return Date.now() - since;
    };
    const restart = async (app) => { apps.start(app); await apps.ready(app, 120_000); };
    const scenarios = [
      ...DATA_APPS.map((app) => ({ name: `kill -9 ${app}`, inject: async () => { await apps.kill9(app); await restart(app); } })),
      // With the tracker down for a few seconds, its queue holds a backlog when Redis loses everything.
      { name: 'redis-wiped', inject: async () => {
        await apps.kill9('tracker');
        await sleep(3000);
        const r = new Redis(redis.url);
        await r.flushall();
        r.disconnect();
        await restart('tracker');
      } },
      { name: 'redis-aof', inject: async () => { await redis.restart(); } },
      { name: 'pg-restart', inject: async () => { await pgc.restart(); } },
      { name: 'kill-recovery', inject: async () => {
        await apps.kill9('tracker');
        apps.start('tracker');
        await apps.ready('tracker', 120_000);
        await sleep(500);
        await apps.kill9('tracker');
        await restart('tracker');
      } },
    ].filter((s) => !ONLY.length || ONLY.some((o) => s.name === o || s.name.startsWith(o) || s.name.endsWith(o)));

    for (const s of scenarios) {
      log(`${s.name}…`);
      const before = await deadLetters(databaseUrl);
      load.reset();
      load.start(CLIENTS, RATE);
      await sleep(3000);
      const at = Date.now();
      // Recovery: until everything accepted before the fault is applied everywhere (kill -9: the jobs the dead
      // consumer held run again once their lock expires; Redis wiped: only if deliveries are repaired).
      const acceptedBefore = load.accepted.slice();
      const recovered = reconcileSettled(databaseUrl, acceptedBefore, SETTLE_MS + 60_000).then((r) => (r.settledMs === null ? null : Date.now() - at));
      let injectError = null;
      await s.inject().catch((err) => { injectError = err.message; });
      const readyMs = await allReady(at).catch(() => null);
      await sleep(5000);
      await load.stop();
      const stoppedAt = Date.now();
      const r = await reconcileSettled(databaseUrl, load.accepted, SETTLE_MS);
      const after = await deadLetters(databaseUrl);
      const newDead = Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]).filter(([, v]) => v));
      const httpErrors = load.httpErrors();
      results.push({
        scenario: s.name, accepted: r.accepted,
        lost: Object.values(r.lost).reduce((a, b) => a + b, 0), lostBy: r.lost,
        doubled: r.doubled.trackerEntries + r.doubled.labellingCases,
        deadLetters: Object.values(newDead).reduce((a, b) => a + b, 0), deadLettersBy: newDead,
        wrongStage: r.wrongStage,
        httpErrors: Object.values(httpErrors).reduce((a, b) => a + b, 0), httpErrorsBy: httpErrors,
        answered503: [...load.statuses].filter(([k]) => k.split(' ')[1] === '503').reduce((a, [, n]) => a + n, 0),
        unanswered: load.unanswered(),
        readyMs, settledAfterLoadMs: r.settledMs === null ? null : Date.now() - stoppedAt,
        recoveryMs: await recovered,
        serverErrors: load.errors.slice(0, 5), injectError,
      });
      const last = results[results.length - 1];
      log(`${s.name}: accepted ${last.accepted}, lost ${last.lost}, doubled ${last.doubled}, dead letters ${last.deadLetters}, http errors ${last.httpErrors}, ready in ${readyMs} ms`);
    }
  } finally {
    shutdown = await apps.stopAll(15_000);
    await redis.stop();
    await pgc.stop();
  }
  const COLUMNS = ['scenario', 'accepted', 'lost', 'doubled', 'deadLetters', 'wrongStage', 'httpErrors', 'answered503', 'unanswered', 'readyMs', 'recoveryMs', 'settledAfterLoadMs'];
  console.table(results.map((r) => Object.fromEntries(COLUMNS.map((c) => [c, r[c]]))));
  console.log(`shutdown after the run (ms until exit on SIGTERM, null = still running after 15 s; graceful = not cut by the 10 s bound): ${JSON.stringify(shutdown)}`);
  mkdirSync('bench-results', { recursive: true });
  const file = `bench-results/faults-${stamp}.json`;
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), node: process.version, rate: RATE, clients: CLIENTS, results, shutdown }, null, 2));
  console.log(`written ${file}`);
  const bad = results.filter((r) => r.lost || r.doubled || r.httpErrors || r.readyMs === null).map((r) => r.scenario);
  const badStops = Object.entries(shutdown).filter(([, s]) => s.ms === null || !s.graceful).map(([a]) => `shutdown of ${a}`);
  if (bad.length || badStops.length) {
    console.log(`not clean: ${[...bad, ...badStops].join(', ')}`);
    process.exitCode = 1;
  }
}

async function deadLetters(databaseUrl) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const out = {};
    for (const s of DATA_APPS) out[s] = Number((await db.query(`select count(*)::int as n from ${s}.dead_letters where resolved_at is null`)).rows[0].n);
    return out;
  } finally {
    await db.end();
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
