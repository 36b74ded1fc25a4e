import pg from 'pg';
import {
  AppProcesses, DATA_APPS, SubmissionLoad, freePort, isReady, reconcileSettled, startPrivatePostgres, startPrivateRedis, waitFor, TEST_KEYS,
  type DataApp, type PrivatePostgres, type PrivateRedis,
} from '@poleflow/testing';

/*
 * PostgreSQL restarted under load (faults issue §3), on a PostgreSQL cluster and a redis-server of this test
 * (never the shared ones): the six data apps run as processes (dist/, as `npm start` runs them) while clients
 * submit projects; the cluster is restarted mid-load. Every app must be ready again within seconds, answer 503
 * with Retry-After meanwhile (never a 500), lose no accepted submission, and stop on SIGTERM in time.
 * Before the pool guard, a transaction cut by the restart leaked its pooled connection for good: a service
 * under load ended with a full pool of dead connections, `postgres: timeout` forever, and never exited on SIGTERM.
 */
describe('e2e: a PostgreSQL restart under load', () => {
  let pgc: PrivatePostgres;
  let redis: PrivateRedis;
  let apps: AppProcesses;
  let databaseUrl: string;
  const ports = {} as Record<DataApp, number>;

  beforeAll(async () => {
    pgc = await startPrivatePostgres();
    redis = await startPrivateRedis();
    const admin = new pg.Client({ connectionString: pgc.url() });
    await admin.connect();
    await admin.query('create database poleflow');
    await admin.end();
    databaseUrl = pgc.url('poleflow');
    for (const a of DATA_APPS) ports[a] = await freePort();
    apps = new AppProcesses({ databaseUrl, redisUrl: redis.url, prefix: 'pgrestart', ports, keys: TEST_KEYS, env: { DB_POOL_MAX: '3', WORKER_CONCURRENCY: '6' } });
    await apps.startAll();
  }, 120_000);

  afterAll(async () => {
    await apps?.stopAll(5000);
    await redis?.stop();
    await pgc?.stop();
  });

  it('comes back by itself, answers 503 meanwhile, loses nothing, and stops cleanly', async () => {
    const load = new SubmissionLoad(ports);
    await load.prepare();
    load.start(8, 40);
    await waitFor(async () => load.accepted.length >= 10, { what: 'submissions under load', timeoutMs: 30_000 });

    await pgc.restart();
    const restartedAt = Date.now();
    const back = await Promise.all(DATA_APPS.map((a) => waitFor(async () => (await isReady(ports[a])) && Date.now() - restartedAt, { what: `${a} ready after the restart`, timeoutMs: 30_000, intervalMs: 200 })));
    const acceptedBefore = load.accepted.length;
    await waitFor(async () => load.accepted.length >= acceptedBefore + 10, { what: 'submissions accepted again after the restart', timeoutMs: 30_000 });
    await load.stop();

    expect(load.errors).toEqual([]);
    expect(load.httpErrors()).toEqual({});
    const r = await reconcileSettled(databaseUrl, load.accepted, 30_000);
    expect({ lost: r.lost, doubled: r.doubled }).toEqual({
      lost: { tracker: 0, labelling: 0, funding: 0, milestones: 0 },
      doubled: { trackerEntries: 0, labellingCases: 0 },
    });
    expect(back.every((ms) => ms < 30_000)).toBe(true);

    // Within 15 s, and by a graceful shutdown that finished (not cut by the 10 s bound: a pool waiting for leaked
    // connections never finishes).
    const stopped = await apps.stopAll(15_000);
    expect(Object.entries(stopped).filter(([, s]) => s.ms === null || !s.graceful).map(([a]) => a)).toEqual([]);
  }, 180_000);
});
