import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { waitFor } from '@poleflow/testing';
import { actors, siren } from '../e2e/actors.js';
import { startPlatform, type Platform } from '../e2e/platform.js';
import { invalid, known, valid, type Doc, type Schema } from './arbitraries.js';

/*
 * The contract suite: walks the merged OpenAPI document of the gateway and sends, for every operation and
 * every role (anonymous, applicant, reviewer, pole manager, funder officer, admin), inputs generated from the
 * operation's schemas — valid ones and invalid ones (wrong types, values past a bound, U+0000, lone
 * surrogates, unknown fields, bad ids). Each answer must be below 500, have a documented status, the
 * documented media type (problem+json for errors), and a 2xx body must match its schema.
 * Seeded and bounded: CONTRACT_RUNS (default 2) valid and as many invalid requests per operation and role.
 * CONTRACT_DUMP=<file> writes the merged document there.
 */

const SEED = 20261206;
const RUNS = Number(process.env.CONTRACT_RUNS ?? 2);
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

type Operation = {
  operationId?: string; security?: unknown[]; parameters?: { name: string; in: string; required?: boolean; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> }; responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
};
type OpenApi = Doc & { paths: Record<string, Record<string, Operation>>; 'x-unavailable'?: string[] };

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
/** Path segments sent as they are: a NUL and a truncated UTF-8 sequence, percent-encoded. */
const RAW_SEGMENTS = new Set(['%00', '%F0%9F']);
/** Cursors that decode but no list returned: a key that is no date or holds U+0000, an id that is no uuid. */
const FORGED_CURSORS = fc.constantFrom(...[['not a date', randomUUID()], [new Date().toISOString(), 'not-a-uuid'], ['a\u0000', randomUUID()], ['1:2', 'x'], [1, 2]]
  .map((c) => Buffer.from(JSON.stringify(c)).toString('base64url')));
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

describe('contract: every operation, every role, generated inputs (merged OpenAPI document)', () => {
  let p: Platform;
  const { http, as, register, login, organisation, staff } = actors(() => p.gateway);
  const tokens: Record<string, string | undefined> = { anonymous: undefined };
  let doc: OpenApi;
  /** Ids seen in answers, by the first path segment after /api/v1 (projects, calls…): real objects for path parameters. */
  const pool = new Map<string, Set<string>>();

  beforeAll(async () => {
    p = await startPlatform('contract');
    const alice = await organisation('alice@contract.test', {
      name: 'Contrat SAS', kind: 'company', siren: siren('73282932'), region: 'Occitanie', headcount: 45, turnoverCents: 800_000_000, balanceSheetCents: 500_000_000,
    });
    tokens.applicant = alice.token;
    await register('admin@e2e.test');
    tokens.admin = await login('admin@e2e.test');
    const pole = (await http().get('/api/v1/poles?q=aerospace%20valley').expect(200)).body.items[0].id as string;
    const funder = ((await as(tokens.admin).get('/api/v1/funders').expect(200)).body.items ?? (await as(tokens.admin).get('/api/v1/funders')).body)[0].id as string;
    tokens.pole_manager = await staff(tokens.admin, 'manager@contract.test', 'pole', pole, 'pole_manager');
    await register('reviewer@contract.test');
    await as(tokens.pole_manager).post(`/api/v1/poles/${pole}/reviewers`).send({ email: 'reviewer@contract.test' }).expect(201);
    tokens.reviewer = await login('reviewer@contract.test');
    tokens.funder_officer = await staff(tokens.admin, 'officer@contract.test', 'funder', funder, 'funder_officer');
    await waitFor(async () => {
      const r = await as(alice.token).post('/api/v1/projects').send({
        acronym: 'CONTRAT', title: 'Un projet pour le contrat', summary: 'Résumé.', themes: ['aeronautics-space'], keywords: ['contrat'],
        trlStart: 3, trlTarget: 6, startDate: '2027-03-01', durationMonths: 24, coordinatorOrganisationId: alice.id, poleIds: [pole],
      });
      return r.status === 201 ? r : undefined;
    }, { what: 'submission to know the organisation and the pole' });
    doc = await waitFor(async () => {
      const r = await http().get('/docs-json');
      return r.status === 200 && !(r.body as OpenApi)['x-unavailable']?.length ? r.body as OpenApi : undefined;
    }, { what: 'every service in the merged document' });
    if (process.env.CONTRACT_DUMP) writeFileSync(process.env.CONTRACT_DUMP, JSON.stringify(doc, null, 2));
    // real ids for path parameters: whatever the list operations show each role
    for (const [path, item] of Object.entries(doc.paths)) {
      if (!item.get || path.includes('{')) continue;
      for (const token of Object.values(tokens)) {
        const r = await (token ? as(token).get(path) : http().get(path));
        if (r.status !== 200) continue;
        const seg = path.split('/')[3];
        const set = pool.get(seg) ?? new Set<string>();
        for (const id of JSON.stringify(r.body).match(UUID) ?? []) if (set.size < 20) set.add(id);
        pool.set(seg, set);
      }
    }
    known.ids = [...new Set([...pool.values()].flatMap((set) => [...set]))];
  }, 180_000);
  afterAll(async () => {
    await p?.close();
  });

  it('documents every error of every operation as application/problem+json, and the statuses of the conventions', () => {
    const wrong: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const m of METHODS.filter((x) => item[x])) {
        const op = item[m]!;
        const codes = Object.keys(op.responses ?? {});
        for (const c of codes.filter((x) => Number(x) >= 400)) {
          const types = Object.keys(op.responses![c].content ?? {});
          if (types.join() !== 'application/problem+json') wrong.push(`${m.toUpperCase()} ${path} ${c}: ${types.join(', ') || 'no content'}`);
        }
        const needed = ['400', ...(path.includes('{') ? ['404'] : []), ...(op.security?.length ? ['401', '403'] : []), ...(m === 'get' ? [] : ['409', '422'])];
        for (const c of needed) if (!codes.includes(c)) wrong.push(`${m.toUpperCase()} ${path}: ${c} not documented`);
        if (op.parameters?.some((x) => x.in === 'header' && x.name.toLowerCase() === 'if-match') && !codes.includes('412')) wrong.push(`${m.toUpperCase()} ${path}: 412 not documented`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('answers no 5xx, only documented statuses and media types, and 2xx bodies that match their schema', async () => {
    const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'doc', components: doc.components }, 'doc');
    const validators = new Map<string, ReturnType<Ajv['compile']>>();
    const validatorOf = (schema: Schema) => {
      const key = JSON.stringify(schema);
      if (!validators.has(key)) validators.set(key, ajv.compile(JSON.parse(key.replace(/"#\/components\//g, '"doc#/components/'))));
      return validators.get(key)!;
    };

    /** One failure per (kind, operation, status), with the first request that showed it. */
    const failed = new Map<string, string>();
    const fail = (kind: string, key: string, what: string) => { if (!failed.has(`${kind} ${key}`)) failed.set(`${kind} ${key}`, `${kind}: ${what}`); };
    const statuses = new Map<number, number>();
    let sent = 0;
    let writesDone = 0;
    // what ends sessions (logout, logout-all, password, disabling accounts) goes last, so the roles keep their tokens
    const endsSessions = (path: string) => /^\/api\/v1\/(auth|admin\/accounts)(\/|$)/.test(path);
    const ops = Object.entries(doc.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => ({ path, method: m, op: item[m] })))
      .sort((a, b) => Number(endsSessions(a.path)) - Number(endsSessions(b.path)));
    expect(ops.length).toBeGreaterThan(60);

    for (const [opIndex, { path, method, op }] of ops.entries()) {
      const params = op.parameters ?? [];
      const bodySchema = op.requestBody?.content?.['application/json']?.schema;
      const ids = [...(pool.get(path.split('/')[3]) ?? [])];
      const pathValue = (good: boolean) => good ? fc.constantFrom(...ids, randomUUID()) : fc.constantFrom('not-a-uuid', '%00', "x'--", '%F0%9F', randomUUID().toUpperCase(), '0'.repeat(300));
      const request = (good: boolean) => fc.record({
        path: fc.tuple(...[...path.matchAll(/\{([^}]+)\}/g)].map(() => pathValue(good || Math.random() < 0.5)), fc.constant(null)),
        query: fc.record(Object.fromEntries(params.filter((x) => x.in === 'query').map((x) => [x.name, good ? valid(doc, x.schema)
          : fc.oneof(valid(doc, x.schema), invalid(doc, x.schema), ...(x.name === 'cursor' ? [FORGED_CURSORS] : []))])), { requiredKeys: [] }),
        ifMatch: fc.constantFrom(undefined, '*', 'W/"1"', 'W/"999"', 'nonsense'),
        body: bodySchema ? (good ? valid(doc, bodySchema) : invalid(doc, bodySchema)) : fc.constant(undefined),
      });
      for (const [role, token] of Object.entries(tokens)) {
        const samples = [
          ...fc.sample(request(true), { seed: SEED + opIndex, numRuns: RUNS }),
          ...fc.sample(request(false), { seed: SEED + opIndex + 7919, numRuns: RUNS }),
        ];
        for (const s of samples) {
          let i = 0;
          const url = path.replace(/\{[^}]+\}/g, () => { const v = String(s.path[i++]); return RAW_SEGMENTS.has(v) ? v : encodeURIComponent(v); });
          const qs = new URLSearchParams();
          for (const [k, v] of Object.entries(s.query)) {
            if (v === undefined || v === null) continue;
            for (const one of Array.isArray(v) ? v : [v]) qs.append(k, typeof one === 'object' ? JSON.stringify(one) : String(one).toWellFormed());
          }
          const target = `${url}${qs.size ? `?${qs}` : ''}`;
          const headers: Record<string, string> = { accept: 'application/json' };
          if (token) headers.authorization = `Bearer ${token}`;
          if (s.ifMatch) headers['if-match'] = s.ifMatch;
          if (s.body !== undefined) headers['content-type'] = 'application/json';
          const res = await fetch(`${p.gateway}${target}`, { method: method.toUpperCase(), headers, body: s.body === undefined ? undefined : JSON.stringify(s.body) });
          sent++;
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (method !== 'get' && res.status < 300) writesDone++;
          const key = `${method.toUpperCase()} ${path} ${res.status}`;
          const text = await res.text();
          const type = (res.headers.get('content-type') ?? '').split(';')[0].trim();
          const what = `${method.toUpperCase()} ${target} as ${role}${s.body === undefined ? '' : ` body ${JSON.stringify(s.body).slice(0, 200)}`} → ${res.status} ${type} ${text.slice(0, 200)}`;
          if (res.status >= 500) { fail('5xx', key, what); continue; }
          const documented = op.responses?.[String(res.status)] ?? op.responses?.default;
          if (!documented) { fail('undocumented status', key, what); continue; }
          if (!text.length) continue;
          const media = documented.content ?? {};
          if (!(type in media)) { fail(`undocumented media type (documented: ${Object.keys(media).join(', ') || 'none'})`, key, what); continue; }
          if (res.status >= 400 && type !== 'application/problem+json') fail('error not problem+json', key, what);
          const schema = media[type]?.schema;
          if (res.status < 300 && schema && type.endsWith('json')) {
            const check = validatorOf(schema);
            if (!check(JSON.parse(text))) fail(`2xx body off its schema (${ajv.errorsText(check.errors)})`, key, what);
          }
        }
      }
    }
    const histogram = [...statuses].sort(([a], [b]) => a - b).map(([st, n]) => `${st}×${n}`).join(' ');
    console.log(`contract: ${ops.length} operations × ${Object.keys(tokens).length} roles, ${sent} requests (${histogram}; writes that succeeded: ${writesDone}), ${failed.size} distinct failures`);
    expect([...failed.values()]).toEqual([]);
  }, 300_000);
});
