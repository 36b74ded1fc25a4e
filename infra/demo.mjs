// npm run demo — a scripted walk through the public API of a running platform (npm start first).
// Registers a new company and its user, builds a consortium with two demo partners, submits the project to
// two poles, and prints the project's timeline as the tracker built it from the events.
// Env: GATEWAY_URL (default http://127.0.0.1:3000).
const GW = process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000';
const PASSWORD = 'poleflow-demo-2026';

async function api(method, path, { token, body, headers = {} } = {}) {
  const res = await fetch(`${GW}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return { status: res.status, etag: res.headers.get('etag'), body: json };
}

async function until(probe, what, timeoutMs = 20000) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try { const v = await probe(); if (v) return v; } catch (err) { last = err; }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const step = (s) => console.log(`\n▸ ${s}`);
const login = async (email) => (await api('POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } })).body.accessToken;
/** The organisation a demo user belongs to, from GET /me. */
const orgOf = async (email) => (await api('GET', '/api/v1/me', { token: await login(email) })).body.affiliations.find((a) => a.kind === 'organisation').targetId;

// A valid SIREN of our own: 8 random digits and the Luhn key.
function randomSiren() {
  const d = Array.from({ length: 8 }, () => Math.floor(Math.random() * 10));
  for (let key = 0; key < 10; key++) {
    const digits = [...d, key];
    const sum = digits.reverse().reduce((s, x, i) => s + (i % 2 ? (x * 2 > 9 ? x * 2 - 9 : x * 2) : x), 0);
    if (sum % 10 === 0) return [...d, key].join('');
  }
  throw new Error('unreachable');
}

step(`register a new company user on ${GW}`);
const email = `demo-${Date.now()}@hydrogen.test`;
await api('POST', '/api/v1/auth/register', { body: { email, password: PASSWORD, displayName: 'Dana Demo' } });
let token = await login(email);
const siren = randomSiren();
const org = (await api('POST', '/api/v1/organisations', { token, body: {
  name: `H2 Propulsion ${siren.slice(0, 3)}`, kind: 'company', siren, siret: null, region: 'Occitanie', nafCode: '30.30Z',
  headcount: 32, turnoverCents: 6_500_000_00, balanceSheetCents: 4_000_000_00,
} })).body;
console.log(`  ${org.name} — SIREN ${org.siren}, EU size ${org.sizeEu}, French category ${org.categoryFr}`);
token = (await api('POST', '/api/v1/auth/refresh', { token })).body.accessToken;

step('find the poles: aeronautics (lead) and a co-labelling pole');
const lead = (await api('GET', '/api/v1/poles?q=aerospace%20valley')).body.items[0];
const co = (await api('GET', '/api/v1/poles?q=systematic')).body.items[0];
console.log(`  lead: ${lead.name} (${lead.regions.join(', ')}); co-label: ${co.name}`);

step('build the consortium: the new company, Composites du Sud and the ONERA lab');
const partners = [await orgOf('bruno@composites.test'), await orgOf('chloe@onera.test')];
const project = await until(async () => api('POST', '/api/v1/projects', { token, headers: { 'idempotency-key': `demo-${siren}` }, body: {
  acronym: 'H2WING', title: 'Hydrogen propulsion for regional aircraft wings', summary: 'A liquid-hydrogen tank integrated in a composite wing box, from lab proof to a flight-representative prototype.',
  themes: ['aeronautics-space', 'energy'], keywords: ['hydrogen', 'composites', 'cryogenics'], trlStart: 3, trlTarget: 6, startDate: '2027-03-01', durationMonths: 30,
  coordinatorOrganisationId: org.id, poleIds: [lead.id, co.id],
} }), 'submission to know the new organisation (organisation.registered)');
let etag = project.etag;
const budgets = [
  [org.id, 'coordinator', { industrial: { personnel: 60_000_000, equipment: 15_000_000, overheads: 9_000_000 }, experimental: { personnel: 20_000_000 } }],
  [partners[0], 'partner', { industrial: { personnel: 25_000_000, subcontracting: 5_000_000 }, experimental: { equipment: 12_000_000 } }],
  [partners[1], 'partner', { fundamental: { personnel: 18_000_000 }, industrial: { personnel: 22_000_000, other: 3_000_000 } }],
];
for (const [orgId, role, budget] of budgets) {
  const r = await api('PUT', `/api/v1/projects/${project.body.id}/partners/${orgId}`, { token, body: { role, budget }, headers: { 'if-match': etag } });
  etag = r.etag;
}

step('submit to both poles');
const submitted = await api('POST', `/api/v1/projects/${project.body.id}/submit`, { token, headers: { 'if-match': etag } });
console.log(`  status ${submitted.body.status}, round ${submitted.body.round}, total ${(submitted.body.totalCents / 100).toLocaleString('fr-FR')} €`);

step('the timeline, as the tracker built it from the events');
const timeline = await until(async () => {
  const t = (await api('GET', `/api/v1/projects/${project.body.id}/timeline`, { token })).body;
  return t.items.some((i) => i.type === 'project.submitted') ? t : null;
}, 'the submission on the timeline');
console.log(`  ${timeline.acronym} — stage: ${timeline.stage}`);
for (const i of timeline.items) console.log(`  ${i.occurredAt}  ${i.type.padEnd(22)} ${i.summary}`);
