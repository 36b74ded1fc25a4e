import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { funderIdOf } from '@poleflow/contracts';
import { waitFor } from '@poleflow/testing';
import { actors, siren, subOf } from './actors.js';
import { startPlatform, type Platform } from './platform.js';

/*
 * The access rules of docs/ACCESS.md, tested as a matrix: every operation of the gateway's merged OpenAPI
 * (/docs-json) must have a row, and every row is played for every role against one project that went the whole
 * way (consortium by invitation, labelled by its pole, applied to Bpifrance and granted, milestones planned).
 * Reads: a role the table allows gets 2xx, any other 401 (anonymous) or 403/404. Writes: the roles the table
 * denies are refused (401 anonymous, else 403/404, or 400/415 when the body is refused before access is decided);
 * the allowed writes are exercised by the other suites (they change the fixture).
 * `ACCESS_MATRIX_PRINT=1` prints what every role gets, as rows to paste into the table for a new endpoint.
 */

export const ROLES = [
  'anonymous', 'consortium', 'other applicant', 'reviewer assigned', 'reviewer not assigned', 'manager of the pole', 'manager of another pole',
  'officer of the funder', 'officer of another funder', 'admin',
] as const;
type Role = (typeof ROLES)[number];

interface Row { method: string; path: string; cells: Record<Role, string> }

/** The table of docs/ACCESS.md: `| METHOD | path | <one cell per role> |`, cells R (reads), W (writes) or – (denied). */
export function accessTable(markdown: string): Row[] {
  return markdown.split('\n').filter((l) => /^\| (GET|POST|PUT|PATCH|DELETE) \|/.test(l)).map((l) => {
    const [method, path, ...cells] = l.split('|').slice(1, -1).map((c) => c.trim().replace(/`/g, ''));
    if (cells.length !== ROLES.length) throw new Error(`docs/ACCESS.md: ${method} ${path} has ${cells.length} cells, expected ${ROLES.length}`);
    return { method, path, cells: Object.fromEntries(ROLES.map((r, i) => [r, cells[i]])) as Record<Role, string> };
  });
}

const ACCESS_MD = fileURLToPath(new URL('../../docs/ACCESS.md', import.meta.url));
const CRITERIA = ['strategy_fit', 'innovation', 'market_potential', 'consortium_quality', 'territorial_impact', 'budget_realism'];
const DAY = 24 * 3600 * 1000;
const iso = (days: number): string => new Date(Date.now() + days * DAY).toISOString();

describe('e2e: the access matrix of docs/ACCESS.md, every endpoint × every role', () => {
  let p: Platform;
  const { http, as, register, login, organisation, staff, consortium } = actors(() => p.gateway);
  const tokens = {} as Record<Exclude<Role, 'anonymous'>, string>;
  const params: Record<string, string> = {};
  let operations: { method: string; path: string }[] = [];
  let webhookAnswer: unknown;

  beforeAll(async () => {
    p = await startPlatform('e2eaccess');
    const alice = await organisation('alice@access.test', {
      name: 'AéroLab SAS', kind: 'company', siren: siren('73282932'), region: 'Occitanie', headcount: 45, turnoverCents: 800_000_000, balanceSheetCents: 500_000_000,
    });
    const bruno = await organisation('bruno@access.test', {
      name: 'Composites du Sud', kind: 'company', siren: siren('40518327'), region: 'Occitanie', headcount: 8, turnoverCents: 150_000_000, balanceSheetCents: 90_000_000,
    });
    const lab = await organisation('chloe@access.test', { name: 'Laboratoire public', kind: 'research_organisation', siren: siren('18008901'), region: 'Occitanie' });
    const dave = await organisation('dave@access.test', {
      name: 'Rival Aero', kind: 'company', siren: siren('55210055'), region: 'Bretagne', headcount: 300, turnoverCents: 9_000_000_000, balanceSheetCents: 6_000_000_000,
    });
    await register('admin@e2e.test');
    const admin = await login('admin@e2e.test');
    const av = (await http().get('/api/v1/poles?q=aerospace%20valley').expect(200)).body.items[0].id as string;
    const sys = (await http().get('/api/v1/poles?q=systematic').expect(200)).body.items[0].id as string;
    const bpifrance = funderIdOf('bpifrance');
    const managerAv = await staff(admin, 'm@av.test', 'pole', av, 'pole_manager');
    const managerSys = await staff(admin, 'm@sys.test', 'pole', sys, 'pole_manager');
    for (const email of ['r1@av.test', 'r2@av.test', 'r3@av.test']) {
      await register(email);
      await as(managerAv).post(`/api/v1/poles/${av}/reviewers`).send({ email }).expect(201);
    }
    const [r1, r2, r3] = [await login('r1@av.test'), await login('r2@av.test'), await login('r3@av.test')];
    Object.assign(tokens, {
      consortium: alice.token, 'other applicant': dave.token, 'reviewer assigned': r1, 'reviewer not assigned': r3, 'manager of the pole': managerAv,
      'manager of another pole': managerSys, 'officer of the funder': await staff(admin, 'o@bpifrance.test', 'funder', bpifrance, 'funder_officer'),
      'officer of another funder': await staff(admin, 'o@anr.test', 'funder', funderIdOf('anr'), 'funder_officer'), admin,
    });

    // The project: consortium by invitation, submitted to Aerospace Valley.
    const created = await waitFor(async () => {
      const r = await as(alice.token).post('/api/v1/projects').send({
        acronym: 'ACCESS', title: 'Who sees what', summary: 'A project every role looks at.', themes: ['aeronautics-space'], keywords: [], trlStart: 3, trlTarget: 6,
        startDate: iso(400).slice(0, 10), durationMonths: 36, coordinatorOrganisationId: alice.id, poleIds: [av],
      });
      return r.status === 201 ? r : undefined;
    }, { what: 'submission to know the organisations and the pole' });
    const projectId = created.body.id as string;
    const etag = await consortium(projectId, { ...alice, budget: { industrial: { personnel: 60_000_000 } } }, [
      { ...bruno, budget: { industrial: { personnel: 30_000_000 } } }, { ...lab, budget: { industrial: { personnel: 30_000_000 } } },
    ]);
    await as(alice.token).post(`/api/v1/projects/${projectId}/submit`).set('if-match', etag).expect(200);
    const invitationId = (await as(alice.token).get(`/api/v1/projects/${projectId}/invitations`).expect(200)).body.items[0].id as string;

    // Labelled by Aerospace Valley: admitted, two reviews, a decision.
    const caseId = await waitFor(async () => (await as(managerAv).get(`/api/v1/cases?projectId=${projectId}`)).body.items?.[0]?.id as string | undefined, { what: 'the case' });
    const read = await as(managerAv).get(`/api/v1/cases/${caseId}`).expect(200);
    await as(managerAv).post(`/api/v1/cases/${caseId}/admissibility`).set('if-match', read.headers.etag).send({ admissible: true, motivation: 'Checked' }).expect(200);
    await waitFor(async () => ((await as(managerAv).get(`/api/v1/labelling/poles/${av}/reviewers`)).body as unknown[])?.length === 3, { what: 'the reviewer pool in labelling' });
    let assignmentId = '';
    for (const reviewer of [r1, r2]) {
      const a = await as(managerAv).post(`/api/v1/cases/${caseId}/assignments`).send({ reviewerUserId: subOf(reviewer) }).expect(201);
      assignmentId ||= a.body.id;
      const scores = Object.fromEntries(CRITERIA.map((k) => [k, { score: 4, comment: 'argued' }]));
      await as(reviewer).put(`/api/v1/assignments/${a.body.id}/review`).send({ scores, recommendation: 'label', summary: 'Convincing' }).expect(200);
      await as(reviewer).post(`/api/v1/assignments/${a.body.id}/review/submit`).expect(200);
    }
    const decidedOn = await as(managerAv).get(`/api/v1/cases/${caseId}`).expect(200);
    const decided = await as(managerAv).post(`/api/v1/cases/${caseId}/decision`).set('if-match', decidedOn.headers.etag).send({ outcome: 'labelled', motivation: 'Fits the roadmap' }).expect(200);
    const labelNumber = decided.body.label.number as string;

    // Applied to a Bpifrance call, granted; the milestone plan follows, with one evidence file.
    const bpi = tokens['officer of the funder'];
    const callId = (await as(bpi).post('/api/v1/calls').send({
      funderId: bpifrance, title: 'Appel ouvert', opensAt: iso(-1), closesAt: iso(60), aidForms: ['grant'], rules: [{ type: 'start_after_application' }],
    }).expect(201)).body.id as string;
    const applicationId = (await waitFor(async () => {
      const r = await as(alice.token).post(`/api/v1/calls/${callId}/applications`).send({ projectId });
      return r.status === 201 ? r : undefined;
    }, { what: 'funding to know the submitted project' })).body.id as string;
    const assessed = await waitFor(async () => {
      const r = await as(bpi).get(`/api/v1/applications/${applicationId}`);
      return r.body.status === 'eligible' ? r : undefined;
    }, { what: 'the assessment' });
    await as(bpi).post(`/api/v1/applications/${applicationId}/decision`).set('if-match', assessed.headers.etag).send({
      outcome: 'granted', motivation: 'Solid', tranches: [{ milestone: 'prototype', percent: 100 }],
      partners: [{ organisationId: alice.id, amountCents: 1_000_000, aidForm: 'grant' }],
    }).expect(200);
    const milestoneId = await waitFor(async () => (await as(alice.token).get(`/api/v1/milestones?projectId=${projectId}`)).body?.[0]?.id as string | undefined, { what: 'the plan' });
    const evidence = await as(alice.token).post(`/api/v1/milestones/${milestoneId}/evidence`)
      .attach('file', Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n'), { filename: 'tests.pdf', contentType: 'application/pdf' }).expect(201);
    // A subscription of the funder, to the discard port the platform allow-lists (nothing listens: deliveries fail quietly).
    const webhook = await as(bpi).post('/api/v1/webhooks').send({ url: 'http://127.0.0.1:9/poleflow', eventTypes: ['funding.granted'], ownerKind: 'funder', ownerId: bpifrance });
    webhookAnswer = { status: webhook.status, body: webhook.body };
    const notificationId = await waitFor(async () => (await as(alice.token).get('/api/v1/notifications')).body.items?.[0]?.id as string | undefined, { what: 'a notification' });

    // AéroLab is a member of Aerospace Valley (network) and asked it for help, with a file.
    const membership = await waitFor(async () => {
      const r = await as(alice.token).post('/api/v1/memberships').send({ poleId: av, organisationId: alice.id, city: 'Toulouse', themes: ['drones'], contact: { name: 'Alice', email: 'alice@access.test' } });
      return r.status === 201 ? r : undefined;
    }, { what: 'network to know the organisation and the pole' });
    await as(managerAv).post(`/api/v1/memberships/${membership.body.id}/decision`).send({ decision: 'accepted' }).expect(200);
    const supportRequest = await as(alice.token).post('/api/v1/support-requests').send({ poleId: av, organisationId: alice.id, area: 'international', subject: 'Export', body: 'Help' }).expect(201);
    const attachment = await as(alice.token).post(`/api/v1/support-requests/${supportRequest.body.id}/attachments`)
      .attach('file', Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n'), { filename: 'plan.pdf', contentType: 'application/pdf' }).expect(201);
    // Matchmaking (network): AéroLab, a member of Aerospace Valley, posts a request for the pole's members and asks the lab for a contact.
    const partnerRequest = await as(alice.token).post('/api/v1/partner-requests').send({
      organisationId: alice.id, poleId: av, title: 'Capteurs pour aile morphing', idea: 'Une aile qui se déforme', competence: 'Laboratoire de matériaux', kindsSought: ['lab'],
      regionsSought: [], themes: ['aeronautics-space'], deadline: iso(90).slice(0, 10), visibility: 'pole',
    }).expect(201);
    const contact = await as(alice.token).post('/api/v1/contacts').send({ fromOrganisationId: alice.id, toOrganisationId: lab.id, message: 'Bonjour' }).expect(201);
    await waitFor(async () => (await as(alice.token).get(`/api/v1/matches?projectId=${projectId}`)).status === 200 || undefined, { what: 'network to know the project' });
    params.partnerRequest = partnerRequest.body.id;
    params.contact = contact.body.id;

    Object.assign(params, {
      project: projectId, partnerOrganisation: bruno.id, organisation: alice.id, invitation: invitationId, pole: av, reviewerAccount: subOf(r3), funder: bpifrance,
      case: caseId, assignment: assignmentId, label: labelNumber, call: callId, application: applicationId,
      milestone: milestoneId, evidence: evidence.body.id, webhook: webhook.body?.id, notification: notificationId, region: 'Occitanie', year: String(new Date().getUTCFullYear()),
      membership: membership.body.id, supportRequest: supportRequest.body.id, attachment: attachment.body.id,
    });
    params.siren = (await as(alice.token).get('/api/v1/organisations/public?q=aerolab').expect(200)).body.items[0].siren;
    const doc = (await http().get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map((m) => ({ method: m.toUpperCase(), path })));
  }, 180_000);

  afterAll(async () => {
    await p?.close();
  });

  /** The concrete URL of a path template, its parameters taken from the fixture by what they name. */
  function urlOf(path: string): string {
    // Lists that need their scope in the query.
    if (path === '/api/v1/milestones') return `${path}?projectId=${params.project}`;
    if (path === '/api/v1/organisations/public') return `${path}?q=aerolab`;
    if (path === '/api/v1/organisations/lookup') return `${path}?siren=${params.siren}`;
    if (path === '/api/v1/matches') return `${path}?projectId=${params.project}`;
    if (path === '/api/v1/calls/{id}/eligibility-preview') return `/api/v1/calls/${params.call}/eligibility-preview?projectId=${params.project}`;
    return path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const before = path.slice(0, path.indexOf(`{${name}}`));
      const pick = (): string | undefined => {
        if (name === 'organisationId') return before.includes('/partners/') ? params.partnerOrganisation : params.organisation;
        if (name === 'invitationId') return params.invitation;
        if (name === 'attachmentId') return params.attachment;
        if (name === 'poleId') return params.pole;
        if (name === 'funderId') return params.funder;
        if (name === 'accountId' || name === 'userId') return params.reviewerAccount;
        if (name === 'number') return params.label;
        if (name === 'region') return params.region;
        if (name === 'year') return params.year;
        if (name === 'projectId') return params.project;
        if (before.startsWith('/api/v1/admin/accounts/')) return params.reviewerAccount;
        if (before.startsWith('/api/v1/projects/')) return params.project;
        if (before.startsWith('/api/v1/organisations/')) return params.organisation;
        if (before.startsWith('/api/v1/poles/')) return params.pole;
        if (before.startsWith('/api/v1/funders/')) return params.funder;
        if (before.startsWith('/api/v1/cases/')) return params.case;
        if (before.startsWith('/api/v1/assignments/')) return params.assignment;
        if (before.startsWith('/api/v1/calls/')) return params.call;
        if (before.startsWith('/api/v1/applications/')) return params.application;
        if (before.startsWith('/api/v1/milestones/')) return params.milestone;
        if (before.startsWith('/api/v1/evidence/')) return params.evidence;
        if (before.startsWith('/api/v1/notifications/')) return params.notification;
        if (before.startsWith('/api/v1/webhooks/')) return params.webhook;
        if (before.startsWith('/api/v1/memberships/')) return params.membership;
        if (before.startsWith('/api/v1/support-requests/')) return params.supportRequest;
        if (before.startsWith('/api/v1/partner-requests/')) return params.partnerRequest;
        if (before.startsWith('/api/v1/contacts/')) return params.contact;
        return undefined;
      };
      return pick() ?? randomUUID(); // no fixture (webhooks, dead letters, deliveries): a well-formed id nobody owns
    });
  }

  const send = (role: Role, method: string, path: string) => {
    const url = urlOf(path);
    const m = method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    const req = http()[m](url);
    if (role !== 'anonymous') req.set('authorization', `Bearer ${tokens[role]}`);
    return method === 'GET' ? req : req.set('if-match', '*').send({});
  };

  it('has a row for every operation of the merged OpenAPI, and no row for an operation that does not exist', () => {
    const rows = accessTable(readFileSync(ACCESS_MD, 'utf8'));
    const key = (o: { method: string; path: string }) => `${o.method} ${o.path}`;
    const documented = new Set(rows.map(key));
    expect(operations.length).toBeGreaterThan(80);
    expect(operations.map(key).filter((k) => !documented.has(k))).toEqual([]);
    expect(rows.map(key).filter((k) => !operations.some((o) => key(o) === k))).toEqual([]);
  });

  it('answers every read as the table says: 2xx where allowed, 401 anonymous, 403/404 otherwise', async () => {
    const table = accessTable(readFileSync(ACCESS_MD, 'utf8')).filter((r) => r.method === 'GET');
    // An operation without a row is played too (every cell '?', so it fails): the printed row is where to start.
    const unknown = operations.filter((o) => o.method === 'GET' && !table.some((r) => r.path === o.path))
      .map((o) => ({ ...o, cells: Object.fromEntries(ROLES.map((r) => [r, '?'])) as Record<Role, string> }));
    const rows = [...table, ...unknown];
    const wrong: string[] = [];
    const printed: string[] = [];
    for (const row of rows) {
      const got: string[] = [];
      for (const role of ROLES) {
        const res = await send(role, row.method, row.path);
        got.push(res.status < 300 ? 'R' : '–');
        const allowed = row.cells[role] === 'R';
        const ok = row.cells[role] === '?' ? false : allowed ? res.status >= 200 && res.status < 300 : role === 'anonymous' ? res.status === 401 : [403, 404].includes(res.status);
        if (!ok) wrong.push(`${row.method} ${row.path} as ${role}: ${res.status} ${res.body?.code ?? ''} (table: ${row.cells[role]})`);
      }
      printed.push(`| GET | \`${row.path}\` | ${got.join(' | ')} |`);
    }
    if (process.env.ACCESS_MATRIX_PRINT) {
      console.log(`fixture: ${JSON.stringify(params)} ${JSON.stringify(webhookAnswer)}`);
      const writes = operations.filter((o) => o.method !== 'GET').map((o) => `| ${o.method} | \`${o.path}\` |`);
      console.log([...printed, ...writes].join('\n'));
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('refuses every write to the roles the table denies: 401 anonymous, else 403/404 (400/415 when the body is refused first)', async () => {
    const rows = accessTable(readFileSync(ACCESS_MD, 'utf8')).filter((r) => r.method !== 'GET');
    const wrong: string[] = [];
    let decidedOnAccess = 0;
    let masked = 0;
    for (const row of rows) {
      for (const role of ROLES.filter((r) => row.cells[r] !== 'W')) {
        const res = await send(role, row.method, row.path);
        // 400/415: the body (empty JSON) is refused before access is decided.
        const ok = role === 'anonymous' ? res.status === 401 : [400, 403, 404, 415].includes(res.status);
        if (!ok) wrong.push(`${row.method} ${row.path} as ${role}: ${res.status} ${res.body?.code ?? ''}`);
        if (res.status === 400 || res.status === 415) masked += 1;
        else decidedOnAccess += 1;
      }
    }
    if (process.env.ACCESS_MATRIX_PRINT) console.log(`denied writes: ${decidedOnAccess} refused on access, ${masked} refused on the body first`);
    expect(wrong).toEqual([]);
    expect(decidedOnAccess).toBeGreaterThan(masked);
  }, 120_000);
});
