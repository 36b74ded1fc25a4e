// Makes sure PostgreSQL and Redis answer, starting them if they do not, then makes sure the application database
// exists. Run it (`node_modules/.bin/node infra/services.mjs`, exit code 0 when both answer) or import it
// (`await ensureServices()`, as infra/start.mjs does).
//
// Order, for each of PostgreSQL and Redis that does not answer yet:
//   1. already running on the configured host:port (TCP connect, then `select 1` as user postgres / PING);
//   2. `docker info` works → `docker compose up -d postgres redis` (docker-compose.yml), then wait;
//   3. local binaries, data under the git-ignored RUN_DIR (.run/):
//      PostgreSQL: the Debian cluster on that port (`pg_ctlcluster --skip-systemctl-redirect <ver> <name> start`),
//                  else a trust-auth cluster of our own in RUN_DIR/pg (initdb + pg_ctl, as user postgres when root);
//      Redis:      `redis-server --daemonize yes` on 127.0.0.1, append-only file (fsync every second) in RUN_DIR, log in RUN_DIR/redis.log.
// Every wait is bounded; when nothing works it exits non-zero saying what is missing and how to install it.
//
// Environment:
//   DATABASE_URL   application database (default postgresql://postgres@127.0.0.1:5432/poleflow); created if missing.
//                  Its host and port are where PostgreSQL is expected; the check and creation use user postgres.
//   REDIS_URL      default redis://127.0.0.1:6379/0
//   RUN_DIR        where locally started services keep data, sockets and logs (default .run)
//   SERVICES_WAIT_MS  how long to wait for a service that was just started (default 30000)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';

export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/poleflow';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379/0';

const log = (msg) => console.log(`[services] ${msg}`);
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

function tcpAnswers(host, port, timeoutMs = 1000) {
  return new Promise((done) => {
    const socket = connect({ host: host.replace(/^\[|\]$/g, ''), port });
    const finish = (ok) => { socket.destroy(); done(ok); };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

/** The URL of the `postgres` maintenance database, as user postgres, on the application database's server. */
export function adminUrl(databaseUrl) {
  const u = new URL(databaseUrl);
  u.pathname = '/postgres';
  if (!u.username) u.username = 'postgres';
  return u.toString();
}

async function postgresAnswers(databaseUrl) {
  const u = new URL(databaseUrl);
  if (!(await tcpAnswers(u.hostname, Number(u.port || 5432)))) return false;
  const client = new pg.Client({ connectionString: adminUrl(databaseUrl), connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (err) {
    log(`PostgreSQL at ${u.host} accepts connections but not our query: ${err.message}`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function redisAnswers(redisUrl) {
  const u = new URL(redisUrl);
  if (!(await tcpAnswers(u.hostname, Number(u.port || 6379)))) return false;
  const r = new Redis(redisUrl, { lazyConnect: true, connectTimeout: 1500, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

async function waitUntil(what, probe, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return true;
    await sleep(250);
  }
  log(`${what} still does not answer after ${timeoutMs} ms`);
  return false;
}

/** Runs a command; returns its output, or undefined when it is missing or fails. */
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: opts.timeoutMs ?? 60_000, env: { ...process.env, ...opts.env } });
  if (r.error || r.status !== 0) {
    if (opts.verbose !== false && r.error) log(`${cmd}: ${r.error.code === 'ENOENT' ? 'not found' : r.error.message}`);
    else if (opts.verbose !== false) log(`${cmd} ${args.join(' ')} failed (${r.status}): ${(r.stderr || r.stdout || '').trim().split('\n').slice(-3).join(' | ')}`);
    return undefined;
  }
  return r.stdout;
}

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;
const shQuote = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;

/** Runs a PostgreSQL server binary as user postgres when we are root (initdb and postgres refuse to run as root). */
function runPg(bin, args, timeoutMs) {
  if (isRoot()) return run('su', ['postgres', '-s', '/bin/sh', '-c', [bin, ...args].map(shQuote).join(' ')], { timeoutMs });
  return run(bin, args, { timeoutMs });
}

function dockerWorks() {
  return has('docker') && run('docker', ['info'], { timeoutMs: 15_000, verbose: false }) !== undefined;
}

function startWithDocker(services, pgPort, redisPort) {
  log(`starting ${services.join(' and ')} with docker compose`);
  return run('docker', ['compose', 'up', '-d', ...services], { timeoutMs: 300_000, env: { POSTGRES_PORT: String(pgPort), REDIS_PORT: String(redisPort) } }) !== undefined;
}

/** The server binaries: `pg_config --bindir`, else Debian's /usr/lib/postgresql/<newest>/bin, else PATH. */
function postgresBinDir() {
  const fromConfig = run('pg_config', ['--bindir'], { verbose: false })?.trim();
  if (fromConfig && existsSync(`${fromConfig}/initdb`)) return fromConfig;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => existsSync(`${root}/${v}/bin/initdb`)).sort((a, b) => Number(b) - Number(a));
    if (versions.length) return `${root}/${versions[0]}/bin`;
  }
  return has('initdb') && has('pg_ctl') ? '' : undefined;
}

function startDebianCluster(port) {
  if (!has('pg_lsclusters') || !has('pg_ctlcluster')) return false;
  const clusters = (run('pg_lsclusters', ['--no-header'], { verbose: false }) ?? '')
    .split('\n').map((l) => l.trim().split(/\s+/)).filter((c) => c.length >= 4);
  const cluster = clusters.find((c) => Number(c[2]) === port);
  if (!cluster) {
    if (clusters.length) log(`Debian PostgreSQL clusters exist (${clusters.map((c) => `${c[0]}/${c[1]} on ${c[2]}`).join(', ')}), none on port ${port}`);
    return false;
  }
  const [version, name] = cluster;
  log(`starting the Debian PostgreSQL cluster ${version}/${name} on port ${port}`);
  return run('pg_ctlcluster', ['--skip-systemctl-redirect', version, name, 'start'], { timeoutMs: 60_000 }) !== undefined;
}

function startOwnCluster(runDir, port) {
  const bin = postgresBinDir();
  if (bin === undefined) return false;
  const exe = (name) => (bin ? `${bin}/${name}` : name);
  const dir = resolve(runDir, 'pg');
  const data = `${dir}/data`;
  mkdirSync(dir, { recursive: true });
  if (isRoot()) run('chown', ['-R', 'postgres:postgres', dir]);
  if (!existsSync(`${data}/PG_VERSION`)) {
    log(`initialising a PostgreSQL cluster in ${data} (trust auth, user postgres)`);
    if (runPg(exe('initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'], 120_000) === undefined) {
      log(`initdb failed; if it cannot reach ${dir}, the postgres user needs execute rights on every parent folder`);
      return false;
    }
  }
  log(`starting PostgreSQL from ${data} on 127.0.0.1:${port}`);
  return runPg(exe('pg_ctl'), ['-D', data, '-l', `${dir}/postgres.log`, '-w', '-t', '30', 'start',
    '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c max_connections=200`], 60_000) !== undefined;
}

function startRedis(runDir, port) {
  if (!has('redis-server')) return false;
  const dir = resolve(runDir);
  mkdirSync(dir, { recursive: true });
  // AOF (fsync every second): a restart keeps the queued jobs and timers; PostgreSQL stays the record either way.
  log(`starting redis-server on 127.0.0.1:${port} (append-only file in ${dir}, log in ${dir}/redis.log)`);
  return run('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'yes',
    '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction',
    '--dir', dir, '--logfile', `${dir}/redis.log`, '--pidfile', `${dir}/redis-${port}.pid`]) !== undefined;
}

/** Creates the application database when it does not exist. */
export async function ensureDatabase(databaseUrl) {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  if (!name || name === 'postgres') return false;
  const client = new pg.Client({ connectionString: adminUrl(databaseUrl), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (rowCount) return false;
    await client.query(`create database "${name.replace(/"/g, '""')}"`);
    log(`created database ${name}`);
    return true;
  } catch (err) {
    if (err.code === '42P04') return false; // created meanwhile by someone else
    throw err;
  } finally {
    await client.end();
  }
}

export class ServicesError extends Error {}

/**
 * Makes PostgreSQL and Redis answer (see the header). Returns what it did; throws ServicesError naming what is
 * missing when it cannot.
 */
export async function ensureServices({
  databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL,
  redisUrl = process.env.REDIS_URL || DEFAULT_REDIS_URL,
  runDir = process.env.RUN_DIR || '.run',
  waitMs = Number(process.env.SERVICES_WAIT_MS || 30_000),
} = {}) {
  const pgUrl = new URL(databaseUrl);
  const rdUrl = new URL(redisUrl);
  const pgPort = Number(pgUrl.port || 5432);
  const redisPort = Number(rdUrl.port || 6379);
  const started = [];
  let pgOk = await postgresAnswers(databaseUrl);
  let redisOk = await redisAnswers(redisUrl);
  if (pgOk) log(`PostgreSQL answers at ${pgUrl.host}`);
  if (redisOk) log(`Redis answers at ${rdUrl.host}`);

  if (!pgOk || !redisOk) {
    const remote = [
      !pgOk && !LOCAL_HOSTS.has(pgUrl.hostname) && `PostgreSQL at ${pgUrl.host} (DATABASE_URL)`,
      !redisOk && !LOCAL_HOSTS.has(rdUrl.hostname) && `Redis at ${rdUrl.host} (REDIS_URL)`,
    ].filter(Boolean);
    if (remote.length) {
      throw new ServicesError(`${remote.join(' and ')}: no answer, and not on this machine, so it cannot be started here.`);
    }
    if (dockerWorks()) {
      const missing = [!pgOk && 'postgres', !redisOk && 'redis'].filter(Boolean);
      if (startWithDocker(missing, pgPort, redisPort)) {
        started.push(...missing.map((s) => `${s} (docker compose)`));
        if (!pgOk) pgOk = await waitUntil('PostgreSQL (docker)', () => postgresAnswers(databaseUrl), Math.max(waitMs, 60_000));
        if (!redisOk) redisOk = await waitUntil('Redis (docker)', () => redisAnswers(redisUrl), waitMs);
      }
    } else {
      log('no usable Docker engine (`docker info` fails): trying local binaries');
    }
    if (!pgOk && (startDebianCluster(pgPort) || startOwnCluster(runDir, pgPort))) {
      started.push('postgres (local)');
      pgOk = await waitUntil('PostgreSQL', () => postgresAnswers(databaseUrl), waitMs);
    }
    if (!redisOk && startRedis(runDir, redisPort)) {
      started.push('redis (local)');
      redisOk = await waitUntil('Redis', () => redisAnswers(redisUrl), waitMs);
    }
  }

  const problems = [];
  if (!pgOk) {
    const why = postgresBinDir() === undefined ? 'no PostgreSQL server binaries (initdb, pg_ctl) were found' : `it could not be started (see ${resolve(runDir, 'pg')}/postgres.log)`;
    problems.push(`PostgreSQL does not answer at ${pgUrl.host} and ${why}`);
  }
  if (!redisOk) {
    problems.push(`Redis does not answer at ${rdUrl.host} and ${has('redis-server') ? `redis-server could not be started (see ${resolve(runDir)}/redis.log)` : 'no redis-server binary was found'}`);
  }
  if (problems.length) {
    throw new ServicesError(`${problems.join('; ')}.\n`
      + 'Install them with `sudo apt-get install -y postgresql redis-server` (Debian/Ubuntu), or start Docker and run '
      + '`docker compose up -d postgres redis`, or point DATABASE_URL / REDIS_URL at running servers.');
  }
  const created = await ensureDatabase(databaseUrl);
  return { databaseUrl, redisUrl, started, createdDatabase: created };
}

// Run as a script.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const t = Date.now();
  try {
    const r = await ensureServices();
    log(`ready in ${Date.now() - t} ms: PostgreSQL ${new URL(r.databaseUrl).host} (database ${new URL(r.databaseUrl).pathname.slice(1)}), Redis ${new URL(r.redisUrl).host}`
      + (r.started.length ? `; started ${r.started.join(', ')}` : ''));
    process.exit(0);
  } catch (err) {
    console.error(`[services] ${err instanceof ServicesError ? err.message : err.stack ?? err}`);
    process.exit(1);
  }
}
