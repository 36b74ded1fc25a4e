/* global AbortSignal */
// `npm start`: builds what changed (infra/build.mjs: SWC, incremental; nothing to do when dist/ is up to date),
// then every poleflow app on this machine, each in its own process.
//
//   0. the build (skipped with --no-build); the banner prints how long the build and the start-up took;
//   --single (or POLEFLOW_MODE=single): every service in ONE Node process (dist/apps/all-in-one), for small
//      installations: same ports, schemas, queues and gateway as below, about half the memory (README, §7);
//   1. PostgreSQL and Redis answer (infra/services.mjs starts them when they do not) and the database exists;
//   2. an ES256 key pair for access tokens: JWT_PRIVATE_KEY / JWT_PUBLIC_KEY from the environment, else
//      .run/keys/jwt-{private,public}.pem, generated on the first run and reused afterwards;
//   3. directory starts first (it migrates its schema and seeds the poles and the demo accounts) and must
//      answer /health/ready; then the other apps; then every /health/ready; then a banner with the URLs and
//      the demo accounts.
// Logs are prefixed with the app's name. Ctrl-C (or SIGTERM to this process) sends SIGTERM to every app, which
// shuts down gracefully; an app still running 15 s later is killed. If one app exits, the others are stopped.
//
// Environment (all optional):
//   DATABASE_URL     default postgresql://postgres@127.0.0.1:5432/poleflow (created if missing)
//   REDIS_URL        default redis://127.0.0.1:6379/0
//   BULLMQ_PREFIX    default poleflow
//   LOG_LEVEL        default info (fatal, error, warn, info, debug, trace, silent)
//   JWT_PRIVATE_KEY  PEM (ES256 / P-256) directory signs with; with JWT_PUBLIC_KEY, replaces .run/keys
//   JWT_PUBLIC_KEY   PEM every app verifies with
//   JWT_ISSUER       default poleflow-directory
//   METRICS_TOKEN    bearer token of /metrics and of the detailed /health/ready; default: .run/metrics-token,
//                    generated on the first run and reused
//   CORS_ORIGINS     comma list of origins a browser may call the gateway from (default: none)
//   SEED_DEMO        default true: directory creates the demo organisations and accounts, funding the demo calls (idempotent)
//   SEED_PORTFOLIO   default SEED_DEMO: once every app is ready, infra/seed-portfolio.mjs gives alice@aerolab.test five
//                    projects (draft → on the market) through the gateway, unless she already has one
//   ADMIN_EMAILS     default admin@poleflow.test
//   HOST             interface the apps bind to, default 127.0.0.1
//   POLEFLOW_MODE    `multi` (default: one process per app) or `single` (all in one process; same as --single)
//   APPS             comma list to start only some apps (default: all in APPS below that are built; multi mode only)
//   START_TIMEOUT_MS how long an app may take to become ready, default 120000
//   RUN_DIR          default .run (keys, and data of locally started PostgreSQL/Redis)
//   PORT_OFFSET      added to every port below (default 0), to run a second copy beside the first
//   SMTP_URL         where the tracker sends notification e-mails; when unset, a local maildev catcher is started
//                    in this process (SMTP 1025, web inbox 1080, each + PORT_OFFSET, a free port when taken) and
//                    its inbox URL is printed: every e-mail the demo causes lands there
//   WEB_BASE_URL     the web application the e-mails link to, default the gateway (http://127.0.0.1:3000)
//   APP_NODE_FLAGS   V8/Node flags for every app, default --max-semi-space-size=2 (a 2 MB young generation
//                    keeps an idle app under 150 MB RSS instead of ~190 MB; see docs/ARCHITECTURE.md §7)
// Each app gets PORT from the table below; the gateway also gets <SERVICE>_URL for every service.
import { concurrently } from 'concurrently';
import { MailDev } from 'maildev';
import { createServer } from 'node:net';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { build } from './build.mjs';
import { seedPortfolio } from './seed-portfolio.mjs';
import { DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL, ServicesError, ensureServices } from './services.mjs';

const APP_NODE_FLAGS = process.env.APP_NODE_FLAGS ?? '--max-semi-space-size=2';

/** Every app, its port and its log colour. Directory is started (and ready) before the others. A new service is one line. */
export const APPS = [
  { name: 'directory', port: 3001, color: 'magenta' },
  { name: 'submission', port: 3002, color: 'cyan' },
  { name: 'labelling', port: 3003, color: 'yellow' },
  { name: 'funding', port: 3004, color: 'green' },
  { name: 'milestones', port: 3005, color: 'red' },
  { name: 'tracker', port: 3006, color: 'blue' },
  { name: 'network', port: 3007, color: 'greenBright' },
  { name: 'gateway', port: 3000, color: 'white' },
];
const FIRST = 'directory';
/** The process that runs every app in single mode. */
const SINGLE = 'all-in-one';

export const DEMO_ACCOUNTS = [
  ['admin@poleflow.test', 'platform admin'],
  ['alice@aerolab.test', 'applicant, AéroLab (SME, project coordinator)'],
  ['bruno@composites.test', 'applicant, consortium partner company'],
  ['chloe@onera.test', 'applicant, research organisation'],
  ['reviewer@aerospace-valley.test', 'reviewer, Aerospace Valley'],
  ['reviewer2@aerospace-valley.test', 'reviewer, Aerospace Valley'],
  ['expert@onera.test', 'reviewer, Aerospace Valley; member of ONERA (conflict-of-interest example)'],
  ['manager@aerospace-valley.test', 'pole manager, Aerospace Valley'],
  ['reviewer@systematic.test', 'reviewer, Systematic Paris-Region'],
  ['reviewer2@systematic.test', 'reviewer, Systematic Paris-Region'],
  ['manager@systematic.test', 'pole manager, Systematic Paris-Region'],
  ['officer@bpifrance.test', 'funder officer, Bpifrance'],
  ['officer@anr.test', 'funder officer, ANR'],
  ['officer@laregion.test', 'funder officer, Région Occitanie'],
];
export const DEMO_PASSWORD = 'poleflow-demo-2026';

const env = process.env;
const RUN_DIR = resolve(env.RUN_DIR || '.run');
const HOST = env.HOST || '127.0.0.1';
const START_TIMEOUT_MS = Number(env.START_TIMEOUT_MS || 120_000);
const PORT_OFFSET = Number(env.PORT_OFFSET || 0);
const say = (msg) => console.log(`[start] ${msg}`);
const local = (port) => `http://${HOST === '0.0.0.0' ? '127.0.0.1' : HOST}:${port}`;

/** The access-token key pair: from the environment, else .run/keys (made once, same logic as generateSigningKeys). */
export function signingKeys(dir = resolve(RUN_DIR, 'keys')) {
  if (env.JWT_PRIVATE_KEY && env.JWT_PUBLIC_KEY) return { privateKey: env.JWT_PRIVATE_KEY, publicKey: env.JWT_PUBLIC_KEY, source: 'environment' };
  const priv = resolve(dir, 'jwt-private.pem');
  const pub = resolve(dir, 'jwt-public.pem');
  if (existsSync(priv) && existsSync(pub)) return { privateKey: readFileSync(priv, 'utf8'), publicKey: readFileSync(pub, 'utf8'), source: dir };
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  writeFileSync(priv, privateKey, { mode: 0o600 });
  chmodSync(priv, 0o600);
  writeFileSync(pub, publicKey);
  say(`generated a new ES256 key pair in ${dir}`);
  return { privateKey, publicKey, source: `${dir} (new)` };
}

/** `port` when nothing listens on it (on HOST), else a free one the system picks. */
async function portOr(port) {
  const listen = (p) => new Promise((ok, ko) => {
    const srv = createServer().once('error', ko).listen(p, HOST === '0.0.0.0' ? '127.0.0.1' : HOST, () => {
      const got = srv.address().port;
      srv.close(() => ok(got));
    });
  });
  return listen(port).catch(() => listen(0));
}

/** The local mail catcher (maildev): the tracker's SMTP_URL points at it, its web inbox shows every e-mail sent. */
async function startMailCatcher() {
  const smtp = await portOr(1025 + PORT_OFFSET);
  const web = await portOr(1080 + PORT_OFFSET);
  const ip = HOST === '0.0.0.0' ? '127.0.0.1' : HOST;
  const maildev = new MailDev({ smtp, web, ip, webIp: ip, silent: true });
  await maildev.start();
  return { maildev, smtpUrl: `smtp://${ip}:${smtp}`, inbox: `http://${ip}:${web}/` };
}

async function isReady(port) {
  try {
    const res = await fetch(`${local(port)}/health/ready`, { signal: AbortSignal.timeout(2000) });
    return res.status === 200;
  } catch {
    return false;
  }
}

/** SEED_DEMO: alice's portfolio, made through the gateway once every app is ready (does nothing if she has projects). */
async function seedDemoPortfolio(gateway) {
  say('seeding alice@aerolab.test\'s portfolio through the gateway (infra/seed-portfolio.mjs)');
  try {
    const lines = await seedPortfolio(gateway);
    if (lines) for (const l of lines) say(`  ${l}`);
  } catch (err) {
    say(`WARNING: the demo portfolio was not seeded: ${err.message}`);
  }
}

/** Waits for /health/ready of each app; fails at once if one exits meanwhile. */
async function waitReady(apps, exited) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  const pending = new Set(apps.map((a) => a.name));
  while (pending.size) {
    for (const a of apps.filter((x) => pending.has(x.name))) {
      if (exited.has(a.name) || exited.has(SINGLE)) throw new Error(`${a.name} exited before it was ready (see its log above)`);
      if (await isReady(a.port)) pending.delete(a.name);
    }
    if (!pending.size) return;
    if (Date.now() > deadline) throw new Error(`not ready after ${START_TIMEOUT_MS} ms: ${[...pending].join(', ')} (see ${[...pending].map((n) => `${local(apps.find((a) => a.name === n).port)}/health/ready`).join(', ')})`);
    await sleep(300);
  }
}

function banner(apps, ms, keys, buildMs, metrics, mail) {
  const gw = apps.find((a) => a.name === 'gateway');
  const line = '─'.repeat(72);
  const out = [
    '', line, `  poleflow is running (ready in ${(ms / 1000).toFixed(1)} s${buildMs === undefined ? '' : `, of which build ${(buildMs / 1000).toFixed(1)} s`})`, line,
  ];
  if (gw) {
    out.splice(1, 0, `  open ${local(gw.port)}/ in a browser and sign in as a demo company: alice@aerolab.test / ${DEMO_PASSWORD}`);
    out.push(`  web app        ${local(gw.port)}/`, `  gateway        ${local(gw.port)}`, `  API docs       ${local(gw.port)}/docs`,
      `  queues         ${local(gw.port)}/admin/queues   (admin JWT: Authorization: Bearer, or ?token=<jwt> once)`);
  }
  for (const a of apps.filter((x) => x.name !== 'gateway')) out.push(`  ${a.name.padEnd(14)} ${local(a.port)}   (docs-json, health/ready, metrics)`);
  out.push(mail.inbox
    ? `  e-mail inbox   ${mail.inbox}   (maildev: every notification e-mail; REST API at ${mail.inbox}api/email)`
    : `  e-mail         sent over SMTP_URL (${mail.smtpUrl.replace(/\/\/[^@/]*@/, '//***@')})`);
  out.push(`  metrics        curl -H "authorization: Bearer ${metrics.shell}" ${local(gw?.port ?? 3001)}/metrics   (also each app's /health/ready details)`);
  out.push('', `  demo accounts (password ${DEMO_PASSWORD}):`);
  for (const [email, role] of DEMO_ACCOUNTS) out.push(`    ${email.padEnd(32)} ${role}`);
  out.push('', `  log in: curl -s ${local(gw?.port ?? 3001)}/api/v1/auth/login -H 'content-type: application/json' \\`,
    `            -d '{"email":"admin@poleflow.test","password":"${DEMO_PASSWORD}"}'`,
    `  signing keys: ${keys.source}`, '  Ctrl-C stops everything.', line, '');
  console.log(out.join('\n'));
}

/** The token /metrics and the detailed /health/ready ask for: from the environment, else .run/metrics-token (made once). */
export function metricsToken(file = resolve(RUN_DIR, 'metrics-token')) {
  if (env.METRICS_TOKEN) return { token: env.METRICS_TOKEN, source: 'environment', shell: '$METRICS_TOKEN' };
  if (existsSync(file)) return { token: readFileSync(file, 'utf8').trim(), source: file, shell: `$(cat ${file})` };
  mkdirSync(RUN_DIR, { recursive: true, mode: 0o700 });
  const token = randomBytes(24).toString('base64url');
  writeFileSync(file, token, { mode: 0o600 });
  return { token, source: `${file} (new)`, shell: `$(cat ${file})` };
}

async function main() {
  const t0 = Date.now();
  const built = process.argv.includes('--no-build') ? undefined : await build();
  const databaseUrl = env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const redisUrl = env.REDIS_URL || DEFAULT_REDIS_URL;
  await ensureServices({ databaseUrl, redisUrl, runDir: RUN_DIR });
  const keys = signingKeys();
  const metrics = metricsToken();
  const mail = env.SMTP_URL ? { smtpUrl: env.SMTP_URL } : await startMailCatcher();

  const single = process.argv.includes('--single') || env.POLEFLOW_MODE === 'single';
  if (env.POLEFLOW_MODE && !['single', 'multi'].includes(env.POLEFLOW_MODE)) throw new Error(`POLEFLOW_MODE must be single or multi, not ${env.POLEFLOW_MODE}`);
  const only = !single && env.APPS ? new Set(env.APPS.split(',').map((s) => s.trim()).filter(Boolean)) : undefined;
  const all = APPS.map((a) => ({ ...a, port: a.port + PORT_OFFSET }));
  const apps = all.filter((a) => !only || only.has(a.name)).filter((a) => {
    const main = `dist/apps/${single ? SINGLE : a.name}/src/main.js`;
    const built = existsSync(main);
    if (!built) say(`WARNING: ${main} is missing (run npm run build): ${a.name} is not started`);
    return built;
  });
  if (!apps.length) throw new Error('no app to start');

  const shared = {
    NODE_ENV: env.NODE_ENV || 'development',
    HOST,
    LOG_LEVEL: env.LOG_LEVEL || 'info',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    BULLMQ_PREFIX: env.BULLMQ_PREFIX || 'poleflow',
    JWT_PUBLIC_KEY: keys.publicKey,
    JWT_ISSUER: env.JWT_ISSUER || 'poleflow-directory',
    SEED_DEMO: env.SEED_DEMO || 'true',
    ADMIN_EMAILS: env.ADMIN_EMAILS || 'admin@poleflow.test',
    METRICS_TOKEN: metrics.token,
    CORS_ORIGINS: env.CORS_ORIGINS || '',
    SMTP_URL: mail.smtpUrl,
    WEB_BASE_URL: env.WEB_BASE_URL || local(3000 + PORT_OFFSET),
    ...Object.fromEntries(all.filter((a) => a.name !== 'gateway').map((a) => [`${a.name.toUpperCase()}_URL`, local(a.port)])),
  };
  const command = (a) => ({
    name: a.name,
    prefixColor: a.color,
    // exec: the signal concurrently sends reaches Node itself, not an intermediate shell.
    command: `exec "${process.execPath}" ${APP_NODE_FLAGS} dist/apps/${a.name}/src/main.js`,
    env: a.name === SINGLE
      // One process: PORT is the gateway's, <SERVICE>_PORT each service's (apps/all-in-one/src/config.ts).
      ? { ...shared, PORT: String(all.find((x) => x.name === 'gateway').port), JWT_PRIVATE_KEY: keys.privateKey,
        ...Object.fromEntries(all.filter((x) => x.name !== 'gateway').map((x) => [`${x.name.toUpperCase()}_PORT`, String(x.port)])) }
      : { ...shared, PORT: String(a.port), ...(a.name === FIRST ? { JWT_PRIVATE_KEY: keys.privateKey } : {}) },
  });
  const options = { prefix: '{name}', padPrefix: true, killSignal: 'SIGTERM', handleInput: false };

  const exited = new Set();
  const running = [];
  let stopping = false;
  const stop = (why, code) => {
    if (stopping) return;
    stopping = true;
    process.exitCode = code;
    say(`${why}: stopping every app (SIGTERM)`);
    for (const c of running) c.kill('SIGTERM');
    setTimeout(() => {
      const left = running.filter((c) => !exited.has(c.name));
      if (left.length) {
        say(`still running after 15 s, killing: ${left.map((c) => c.name).join(', ')}`);
        for (const c of left) c.kill('SIGKILL');
      }
    }, 15_000).unref();
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(`received ${signal}`, 0));

  const launch = (group) => {
    const { commands, result } = concurrently(group.map(command), options);
    for (const c of commands) {
      running.push(c);
      c.close.subscribe((ev) => {
        exited.add(c.name);
        if (!stopping) stop(`${c.name} exited (code ${ev.exitCode})`, 1);
      });
    }
    return result.catch(() => undefined);
  };

  const first = apps.filter((a) => a.name === FIRST);
  const rest = apps.filter((a) => a.name !== FIRST);
  const groups = [];
  try {
    if (single) {
      say(`starting every app in one process (${SINGLE}: migrations, reference data${shared.SEED_DEMO === 'true' ? ', demo accounts' : ''}, then ${apps.map((a) => a.name).join(', ')})`);
      groups.push(launch([{ name: SINGLE, color: 'white' }]));
      await waitReady(apps, exited);
    }
    if (!single && first.length) {
      say(`starting ${FIRST} (migrations, reference data${shared.SEED_DEMO === 'true' ? ', demo accounts' : ''})`);
      groups.push(launch(first));
      await waitReady(first, exited);
    }
    if (!single && rest.length && !stopping) {
      say(`starting ${rest.map((a) => a.name).join(', ')}`);
      groups.push(launch(rest));
      await waitReady(rest, exited);
    }
    if (!stopping) banner(apps, Date.now() - t0, keys, built?.ms, metrics, mail);
    const gw = apps.find((a) => a.name === 'gateway');
    if (!stopping && gw && (env.SEED_PORTFOLIO || shared.SEED_DEMO) === 'true') await seedDemoPortfolio(local(gw.port));
  } catch (err) {
    if (!stopping) {
      console.error(`[start] ${err.message}`);
      stop('start-up failed', 1);
    }
  }
  await Promise.all(groups);
  await mail.maildev?.stop();
  say(`all apps stopped${process.exitCode ? ` (exit code ${process.exitCode})` : ''}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((err) => {
    console.error(`[start] ${err instanceof ServicesError ? err.message : (err.stack ?? err)}`);
    process.exit(1);
  });
}
