import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/*
 * A PostgreSQL cluster and a redis-server of one test or fault run, on free loopback ports with their data in a
 * temp dir, so that they can be restarted, killed or wiped without touching the shared 5432/6379.
 * Plain erasable TypeScript: infra/faults.mjs imports this file directly (Node strips the types).
 */

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

function pgBinDir(): string {
  const r = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const fromConfig = r.status === 0 ? r.stdout.trim() : '';
  if (fromConfig && existsSync(join(fromConfig, 'initdb'))) return fromConfig;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(`${root}/${v}/bin/initdb`)).sort((a, b) => Number(b) - Number(a)) : [];
  if (!versions.length) throw new Error('PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install postgresql');
  return `${root}/${versions[0]}/bin`;
}

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** Runs a PostgreSQL binary, as user postgres when we are root (initdb and postgres refuse root). */
function pgRun(bin: string, args: string[], timeoutMs = 60_000): void {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const r = root
    ? spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', [bin, ...args].map(quote).join(' ')], { encoding: 'utf8', timeout: timeoutMs })
    : spawnSync(bin, args, { encoding: 'utf8', timeout: timeoutMs });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed (${r.status ?? r.error?.message}): ${(r.stderr || r.stdout || '').trim().slice(-500)}`);
}

export interface PrivatePostgres {
  port: number;
  /** A URL of this cluster (database `postgres` unless named). */
  url(database?: string): string;
  /** `pg_ctl restart -m fast`: every connection is cut, as in a real restart. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = pgBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'poleflow-pg-'));
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const port = await freePort();
  pgRun(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`;
  pgRun(join(bin, 'pg_ctl'), ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
  return {
    port,
    url: (database = 'postgres') => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    async restart() {
      pgRun(join(bin, 'pg_ctl'), ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-m', 'fast', '-w', '-t', '60', 'restart']);
    },
    async stop() {
      try {
        pgRun(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', '-t', '30', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export interface PrivateRedis {
  port: number;
  url: string;
  /** Stops the server (SIGTERM: with AOF on, it persists before exiting) and starts it again on the same data. */
  restart(): Promise<void>;
  /** SIGKILL, then start again: only what the AOF had is back. */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

export async function startPrivateRedis(o: { appendonly?: boolean } = {}): Promise<PrivateRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'poleflow-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const up = async (): Promise<void> => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', o.appendonly ? 'yes' : 'no',
      '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction'], { stdio: ['ignore', 'ignore', 'inherit'] });
    const deadline = Date.now() + 15_000;
    for (;;) {
      const ok = await new Promise<boolean>((resolve) => {
        const s = createServer();
        s.once('error', () => resolve(true)); // the port is taken: the server listens
        s.listen(port, '127.0.0.1', () => s.close(() => resolve(false)));
      });
      if (ok) return;
      if (Date.now() > deadline) throw new Error(`redis-server on ${port} did not start`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const down = async (signal: NodeJS.Signals): Promise<void> => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    await new Promise((resolve) => { c.once('exit', resolve); c.kill(signal); });
  };
  await up();
  return {
    port,
    url: `redis://127.0.0.1:${port}/0`,
    async restart() { await down('SIGTERM'); await up(); },
    async crash() { await down('SIGKILL'); await up(); },
    async stop() { await down('SIGKILL'); rmSync(dir, { recursive: true, force: true }); },
  };
}
