/* global AbortSignal */
// `npm run test:web` (after `npm run build`; `npm test` runs it last): the web application's browser journeys.
// Starts the whole platform with infra/start.mjs on its own ports (PORT_OFFSET), a fresh database and its own
// BullMQ prefix, runs Playwright (Debian's Chromium, apps/web/playwright.config.ts) against its gateway, then
// stops every app and drops the database and the prefix's Redis keys. Extra arguments go to Playwright.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { Redis } from 'ioredis';

const id = `${process.pid}`;
const offset = 200 + (process.pid % 40) * 10;
const admin = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const db = `poleflow_web_${id}`;
const dbUrl = new URL(admin);
dbUrl.pathname = `/${db}`;
const prefix = `pfweb${id}`;
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const gateway = `http://127.0.0.1:${3000 + offset}`;

async function sql(q) {
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  try { await c.query(q); } finally { await c.end(); }
}

await sql(`create database "${db}"`);
const platform = spawn(process.execPath, ['infra/start.mjs'], {
  env: { ...process.env, DATABASE_URL: dbUrl.href, BULLMQ_PREFIX: prefix, PORT_OFFSET: String(offset), LOG_LEVEL: 'warn', SEED_DEMO: 'true', SEED_PORTFOLIO: 'false', APP_NODE_FLAGS: '',
    // the journeys register several accounts from 127.0.0.1
    REGISTER_RATE_LIMIT: '1000' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let output = '';
platform.stdout.on('data', (b) => { output += b; if (process.env.WEB_TEST_LOGS) process.stdout.write(b); });
const exited = new Promise((r) => platform.once('exit', r));

let code = 1;
try {
  const deadline = Date.now() + 240_000;
  while (!output.includes('poleflow is running')) {
    if (platform.exitCode !== null) throw new Error(`the platform exited during start-up:\n${output}`);
    if (Date.now() > deadline) throw new Error(`the platform was not ready in 240 s:\n${output}`);
    await sleep(500);
  }
  await fetch(`${gateway}/health/ready`, { signal: AbortSignal.timeout(5000) });
  console.log(`[test:web] platform ready at ${gateway}; running Playwright`);
  const pw = spawn(resolve('node_modules/.bin/playwright'), ['test', '-c', 'apps/web/playwright.config.ts', ...process.argv.slice(2)], {
    env: { ...process.env, BASE_URL: gateway, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' }, stdio: 'inherit',
  });
  code = await new Promise((r) => {
    pw.once('exit', (c) => r(c ?? 1));
    pw.once('error', (e) => { console.error(`[test:web] playwright: ${e.message}`); r(1); });
  });
} catch (err) {
  console.error(`[test:web] ${err.message}`);
} finally {
  platform.kill('SIGTERM');
  await Promise.race([exited, sleep(20_000)]);
  if (platform.exitCode === null) platform.kill('SIGKILL');
  await sql(`drop database if exists "${db}" with (force)`).catch((e) => console.error(`[test:web] drop database: ${e.message}`));
  const redis = new Redis(redisUrl);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
}
process.exit(code);
