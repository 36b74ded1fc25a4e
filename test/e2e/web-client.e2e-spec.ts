import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { startPlatform, type Platform } from './platform.js';

/*
 * The web application's API client is generated from the gateway's merged OpenAPI document
 * (apps/web/src/api/openapi.json → schema.d.ts by openapi-typescript). This suite boots the platform, reads the
 * document and fails when the committed copy or the generated types differ: run `npm run gen:api` to refresh
 * them (the same suite with WRITE_API=1), then look at `git diff apps/web/src/api` to see what changed.
 */
const DIR = resolve('apps/web/src/api');
const DOC = join(DIR, 'openapi.json');
const TYPES = join(DIR, 'schema.d.ts');
const WRITE = process.env.WRITE_API === '1';

/** The parts of the document that depend on the running instance, not on the API. */
function stable(doc: Record<string, unknown>): Record<string, unknown> {
  const { 'x-unavailable': _u, servers: _s, ...rest } = doc;
  return rest;
}

function generate(docPath: string): string {
  const tmp = mkdtempSync(join(tmpdir(), 'poleflow-api-'));
  try {
    const out = join(tmp, 'schema.d.ts');
    execFileSync(resolve('node_modules/.bin/openapi-typescript'), [docPath, '-o', out, '--root-types', '--alphabetize'], { stdio: 'pipe' });
    return readFileSync(out, 'utf8');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

describe('web: the generated API client matches the gateway\'s OpenAPI document', () => {
  let p: Platform;
  beforeAll(async () => { p = await startPlatform('webclient'); });
  afterAll(async () => { await p?.close(); });

  it('openapi.json and schema.d.ts are up to date (npm run gen:api refreshes them)', async () => {
    const res = await request(p.gateway).get('/docs-json').expect(200);
    expect(res.body['x-unavailable']).toEqual([]);
    const doc = `${JSON.stringify(stable(res.body), null, 2)}\n`;
    if (WRITE) {
      writeFileSync(DOC, doc);
      writeFileSync(TYPES, generate(DOC));
      return;
    }
    expect(readFileSync(DOC, 'utf8')).toBe(doc);
    expect(readFileSync(TYPES, 'utf8')).toBe(generate(DOC));
  });
});
