// `npm run build`: compiles apps/*/src and libs/*/src to dist/ (same tree: dist/apps/<app>/src/main.js) with SWC,
// in parallel and incrementally. No type check here: `npm run typecheck` (tsc --noEmit, part of `npm test`) does it.
//
// - SWC with the options the jest transform already uses (legacy decorators + decorator metadata, ES modules);
//   the tsconfig `paths` aliases (@poleflow/*) are rewritten to relative `.js` specifiers (`jsc.paths` +
//   `resolveFully`), as the Nest CLI's tsc builder did. Non-TS files under src (poles.data.json) are copied.
// - Incremental: dist/.build-manifest.json keeps a content hash per source file (and a hash of the options, this
//   script and tsconfig.json); only files whose hash changed are compiled, outputs of deleted sources are removed.
//   When nothing changed the build takes well under a second and writes nothing.
// - A browser app (apps/<x>/vite.config.ts, e.g. apps/web) is not compiled by SWC but built by Vite into its own
//   apps/<x>/dist, and only when the hash of its files (outside dist/, e2e/) changed or its dist/index.html is missing.
// - `node infra/build.mjs --clean` (or BUILD_CLEAN=1) rebuilds everything from an empty dist/.
// Exported `build()` is what `npm start` (infra/start.mjs) calls before starting the apps.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

export const APPS = ['gateway', 'directory', 'submission', 'labelling', 'funding', 'milestones', 'tracker', 'network'];

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'dist');
const MANIFEST = join(OUT, '.build-manifest.json');
const SKIP = /\.(spec|int-spec|e2e-spec)\.ts$|\.d\.ts$/;

/** Repo-relative paths of the files under `dir`, minus the folders named in `skipDirs`. */
function walk(dir, skipDirs = new Set(), out = []) {
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) { if (!skipDirs.has(e.name)) walk(p, skipDirs, out); } else out.push(p);
  }
  return out;
}

const packages = (top) => readdirSync(join(ROOT, top), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `${top}/${d.name}`);
/** Browser apps: built by Vite, not by SWC. */
const viteApps = () => packages('apps').filter((a) => existsSync(join(ROOT, a, 'vite.config.ts')));

/** Every file under apps/<x>/src and libs/<x>/src that belongs in dist (tests and browser apps excluded). */
function sources() {
  const browser = new Set(viteApps());
  return [...packages('apps'), ...packages('libs')]
    .filter((p) => !browser.has(p) && existsSync(join(ROOT, p, 'src')))
    .flatMap((p) => walk(`${p}/src`))
    .filter((f) => !SKIP.test(f))
    .sort();
}

/** tsconfig.json: plain JSON, else through TypeScript's parser (comments, trailing commas), loaded only then. */
async function readTsconfig() {
  const text = readFileSync(join(ROOT, 'tsconfig.json'), 'utf8');
  try {
    return JSON.parse(text);
  } catch {
    const { default: ts } = await import('typescript');
    const { config, error } = ts.parseConfigFileTextToJson('tsconfig.json', text);
    if (error) throw new Error(`tsconfig.json: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`);
    return config;
  }
}

async function swcOptions() {
  const tsconfig = await readTsconfig();
  return {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2023',
      keepClassNames: true,
      baseUrl: ROOT,
      paths: tsconfig.compilerOptions.paths,
    },
    module: { type: 'es6', resolveFully: true },
    sourceMaps: true,
    swcrc: false,
    configFile: false,
  };
}

const sha1 = (buf) => createHash('sha1').update(buf).digest('hex');
const outputsOf = (file) => (file.endsWith('.ts') ? [file.replace(/\.ts$/, '.js'), file.replace(/\.ts$/, '.js.map')] : [file]);

/** Vite build of each browser app whose files changed (or whose output is missing); returns the apps built. */
function buildViteApps(previous, next, clean, log) {
  const built = [];
  for (const app of viteApps()) {
    const hash = sha1(walk(app, new Set(['dist', 'e2e', 'node_modules', 'test-results', 'playwright-report'])).sort()
      .map((f) => `${f}:${sha1(readFileSync(join(ROOT, f)))}`).join('\n'));
    next[app] = hash;
    if (!clean && previous[app] === hash && existsSync(join(ROOT, app, 'dist', 'index.html'))) continue;
    const t = performance.now();
    execFileSync(join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--config', `${app}/vite.config.ts`, '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
    log(`[build] ${app} built with Vite in ${Math.round(performance.now() - t)} ms`);
    built.push(app);
  }
  return built;
}

/** Builds dist/ (and browser apps); returns { ms, compiled, copied, removed, total, upToDate }. */
export async function build({ clean = false, log = console.log } = {}) {
  const t0 = performance.now();
  // What the output depends on besides the sources: this script and tsconfig.json (paths, as raw text).
  const optionsHash = sha1(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8') + readFileSync(import.meta.filename, 'utf8'));
  if (clean) rmSync(OUT, { recursive: true, force: true });
  let previous = { optionsHash: null, files: {}, vite: {} };
  try {
    previous = JSON.parse(readFileSync(MANIFEST, 'utf8'));
  } catch { /* first build */ }
  const sameOptions = previous.optionsHash === optionsHash;

  const files = sources();
  const hashes = {};
  const todo = [];
  for (const f of files) {
    const h = sha1(readFileSync(join(ROOT, f)));
    hashes[f] = h;
    const fresh = sameOptions && previous.files[f] === h && outputsOf(f).every((o) => existsSync(join(OUT, o)));
    if (!fresh) todo.push(f);
  }
  const gone = Object.keys(previous.files).filter((f) => !(f in hashes));
  const vite = {};
  const viteBuilt = buildViteApps(previous.vite ?? {}, vite, clean, log);
  const save = () => { mkdirSync(OUT, { recursive: true }); writeFileSync(MANIFEST, JSON.stringify({ optionsHash, files: hashes, vite })); };
  if (!todo.length && !gone.length) {
    if (viteBuilt.length) save();
    const ms = Math.round(performance.now() - t0);
    log(`[build] dist/ is up to date (${files.length} files checked in ${ms} ms)`);
    return { ms, compiled: 0, copied: 0, removed: 0, total: files.length, upToDate: true };
  }

  for (const f of gone) for (const o of outputsOf(f)) rmSync(join(OUT, o), { force: true });
  // Loaded only when something must be compiled: an up-to-date start does not pay for the native module.
  const { transformFile } = await import('@swc/core');
  const options = await swcOptions();
  let compiled = 0;
  let copied = 0;
  const one = async (f) => {
    const [js, map] = outputsOf(f).map((o) => join(OUT, o));
    mkdirSync(dirname(js), { recursive: true });
    if (!f.endsWith('.ts')) {
      copyFileSync(join(ROOT, f), js);
      copied++;
      return;
    }
    const src = join(ROOT, f);
    const res = await transformFile(src, { ...options, filename: src, sourceFileName: relative(dirname(js), src), outputPath: js });
    writeFileSync(js, `${res.code}\n//# sourceMappingURL=${relative(dirname(js), map)}\n`);
    if (res.map) writeFileSync(map, res.map);
    compiled++;
  };
  // SWC's async transform runs on libuv's thread pool: a few files in flight per core keep every core busy.
  const queue = [...todo];
  const lanes = Math.max(2, availableParallelism() * 2);
  try {
    await Promise.all(Array.from({ length: lanes }, async () => {
      for (let f = queue.shift(); f; f = queue.shift()) await one(f);
    }));
  } catch (err) {
    // A half-written dist must not be mistaken for a fresh one: the next build starts over.
    rmSync(MANIFEST, { force: true });
    throw err;
  }
  save();
  const ms = Math.round(performance.now() - t0);
  log(`[build] compiled ${compiled} and copied ${copied} of ${files.length} files${gone.length ? `, removed ${gone.length}` : ''} in ${ms} ms (swc, no type check)`);
  return { ms, compiled, copied, removed: gone.length, total: files.length, upToDate: false };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  build({ clean: process.argv.includes('--clean') || process.env.BUILD_CLEAN === '1' }).catch((err) => {
    console.error(`[build] failed: ${err.message ?? err}`);
    process.exit(1);
  });
}
