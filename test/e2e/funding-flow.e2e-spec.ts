import { funderIdOf } from '@poleflow/contracts';
import { waitFor } from '@poleflow/testing';
import { demoCallId } from '../../apps/funding/src/calls/demo-calls.js';
import { actors, siren } from './actors.js';
import { startPlatform, type Platform } from './platform.js';

/*
 * Funding through the gateway, on real PostgreSQL and Redis: a funder officer publishes a call; a consortium of
 * a small company, a large company and a public lab applies its submitted project; the assessment (rules and
 * GBER ceilings per partner) arrives asynchronously; a grant above a ceiling is refused, one within is
 * accepted; the project is funded on its timeline; then its milestones are reported and validated, tranches
 * released, and the market launch ends the journey. The worked example of DOMAIN.md §4.4 gives the figures.
 */

const DAY = 24 * 3600 * 1000;
const iso = (days: number): string => new Date(Date.now() + days * DAY).toISOString();

describe('e2e: call, application, assessment, grant (through the gateway)', () => {
  let p: Platform;
  const { http, as, login, register, organisation, staff, consortium } = actors(() => p.gateway);
  let alice: { id: string; token: string };
  let big: { id: string; token: string };
  let lab: { id: string; token: string };
  let bpi: string;
  let anr: string;
  let projectId: string;
  let callId: string;
  let applicationId: string;

  beforeAll(async () => {
    p = await startPlatform('e2efund');
    alice = await organisation('alice@aerolab.test', {
      name: 'AéroLab SAS', kind: 'company', siren: siren('73282932'), region: 'Occitanie', headcount: 45, turnoverCents: 800_000_000, balanceSheetCents: 500_000_000,
    });
    big = await organisation('paul@airframer.test', {
      name: 'Airframer SA', kind: 'company', siren: siren('55210055'), region: 'Occitanie', headcount: 3000, turnoverCents: 90_000_000_000, balanceSheetCents: 60_000_000_000,
    });
    lab = await organisation('chloe@lab.test', { name: 'Laboratoire public', kind: 'research_organisation', siren: siren('18008901'), region: 'Occitanie' });
    await register('admin@e2e.test');
    const admin = await login('admin@e2e.test');
    bpi = await staff(admin, 'o@bpifrance.test', 'funder', funderIdOf('bpifrance'), 'funder_officer');
    anr = await staff(admin, 'o@anr.test', 'funder', funderIdOf('anr'), 'funder_officer');

    const pole = (await http().get('/api/v1/poles?q=aerospace%20valley').expect(200)).body.items[0].id;
    // No retry: the Poleflow-Consistency token of the organisations' creation makes submission wait for them.
    const created = await as(alice.token).post('/api/v1/projects').send({
        acronym: 'H2WING', title: 'Hydrogen tank in a composite wing box', summary: 'Flight-representative prototype.', themes: ['aeronautics-space'],
        keywords: [], trlStart: 3, trlTarget: 6, startDate: iso(200).slice(0, 10), durationMonths: 36, coordinatorOrganisationId: alice.id, poleIds: [pole],
    }).expect(201);
    projectId = created.body.id;
    const etag = await consortium(projectId, { ...alice, budget: { industrial: { personnel: 40_000_000 }, experimental: { personnel: 20_000_000 } } }, [
      { ...big, budget: { industrial: { personnel: 30_000_000 }, experimental: { equipment: 50_000_000 } } },
      { ...lab, budget: { industrial: { personnel: 30_000_000 } } },
    ]);
    await as(alice.token).post(`/api/v1/projects/${projectId}/submit`).set('if-match', etag).expect(200);
  }, 60_000);

  afterAll(async () => {
    await p?.close();
  });

  it('lets a Bpifrance officer publish a call with typed rules; the rule catalogue is public', async () => {
    const catalogue = await http().get('/api/v1/eligibility-rules').expect(200);
    expect(catalogue.body.map((r: { type: string }) => r.type)).toContain('max_partner_share');
    const call = await as(bpi).post('/api/v1/calls').send({
      funderId: funderIdOf('bpifrance'), title: 'Projets collaboratifs 2026', opensAt: iso(-1), closesAt: iso(90), aidForms: ['grant', 'repayable_advance'],
      rules: [{ type: 'min_independent_companies', min: 2 }, { type: 'sme_or_eti_required' }, { type: 'research_organisation_required' }, { type: 'company_coordinator' },
        { type: 'max_partner_share', maxPct: 70 }, { type: 'start_after_application' }, { type: 'budget_range', minCents: 100_000_000, maxCents: 400_000_000 }],
    }).expect(201);
    expect(call.body).toMatchObject({ status: 'open', funderName: 'Bpifrance' });
    callId = call.body.id;
  });

  it('refuses an application to a closed call with the reason', async () => {
    const res = await as(alice.token).post(`/api/v1/calls/${demoCallId('idemo-4-2025')}/applications`).set('accept-language', 'en').send({ projectId }).expect(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('CALL_CLOSED');
    expect(res.body.detail).toMatch(/closed on \d{4}-\d{2}-\d{2}/);
  });

  it('assesses the application asynchronously: every rule with its reason, the GBER ceiling of each partner', async () => {
    // No retry: the token names project.submitted (funding waits for it), then funding.requested, whose
    // handler in funding assesses the application (the read waits for it).
    const applied = await as(alice.token).post(`/api/v1/calls/${callId}/applications`).send({ projectId }).expect(201);
    applicationId = applied.body.id;
    const assessed = (await as(alice.token).get(`/api/v1/applications/${applicationId}`).expect(200)).body;
    expect(assessed.status).toBe('eligible');
    expect(assessed.assessment.rules.every((r: { passed: boolean; reason: { fr: string; en: string } }) => r.passed && r.reason.fr && r.reason.en)).toBe(true);
    const ceilings = Object.fromEntries(assessed.assessment.ceilings.partners.map((x: { name: string; maxAidCents: number }) => [x.name, x.maxAidCents]));
    // DOMAIN.md §4.4: small 80 % × 400 k€ + 60 % × 200 k€; large 65 % × 300 k€ + 40 % × 500 k€ (collaboration bonus holds).
    expect(ceilings['AéroLab SAS']).toBe(44_000_000);
    expect(ceilings['Airframer SA']).toBe(39_500_000);
    expect(assessed.assessment.ceilings.collaboration.applies).toBe(true);
  });

  it('hides the application from another funder\'s officer', async () => {
    await as(anr).get(`/api/v1/applications/${applicationId}`).expect(404);
    expect((await as(anr).get('/api/v1/applications').expect(200)).body.items).toEqual([]);
  });

  it('refuses a grant above a partner\'s ceiling with 422 AID_ABOVE_CEILING, then grants within the ceilings', async () => {
    const read = await as(bpi).get(`/api/v1/applications/${applicationId}`).expect(200);
    const tranches = [{ milestone: 'prototype', percent: 30 }, { milestone: 'industrialisation', percent: 40 }, { milestone: 'market_launch', percent: 30 }];
    const above = await as(bpi).post(`/api/v1/applications/${applicationId}/decision`).set('if-match', read.headers.etag).send({
      outcome: 'granted', motivation: 'Strong consortium', tranches,
      partners: [{ organisationId: big.id, amountCents: 39_500_001, aidForm: 'grant' }],
    }).expect(422);
    expect(above.body).toMatchObject({ code: 'AID_ABOVE_CEILING', details: { organisationId: big.id, name: 'Airframer SA', ceilingCents: 39_500_000 } });

    const granted = await as(bpi).post(`/api/v1/applications/${applicationId}/decision`).set('if-match', read.headers.etag).send({
      outcome: 'granted', motivation: 'Strong consortium', tranches,
      partners: [
        { organisationId: alice.id, amountCents: 40_000_000, aidForm: 'grant' },
        { organisationId: big.id, amountCents: 30_000_000, aidForm: 'repayable_advance' },
        { organisationId: lab.id, amountCents: 15_000_000, aidForm: 'grant' },
      ],
    }).expect(200);
    expect(granted.body).toMatchObject({ status: 'granted', decision: { totalCents: 85_000_000 } });

    const timeline = await waitFor(async () => {
      const r = await as(alice.token).get(`/api/v1/projects/${projectId}/timeline?limit=100`);
      return r.status === 200 && r.body.stage === 'funded' ? r.body : undefined;
    }, { what: 'the project to be funded on its timeline' });
    const types = timeline.items.map((i: { type: string }) => i.type);
    expect(types).toEqual(expect.arrayContaining(['funding.requested', 'eligibility.assessed', 'funding.granted']));
    const dashboard = await as(bpi).get(`/api/v1/dashboards/funders/${funderIdOf('bpifrance')}`).expect(200);
    expect(JSON.stringify(dashboard.body)).toContain('85000000');
    await as(alice.token).get(`/api/v1/dashboards/funders/${funderIdOf('bpifrance')}`).expect(404);
  });

  it('follows the milestones to the market: reports, the funder\'s validations, tranches, the launch', async () => {
    // Milestones plans in the transaction that applies funding.granted, named by the decision's token.
    const plan = (await as(alice.token).get(`/api/v1/milestones?projectId=${projectId}`).expect(200)).body as { id: string; key: string; amountCents: number }[];
    expect(plan).toHaveLength(3);
    expect(plan.map((m) => m.key)).toEqual(['prototype', 'industrialisation', 'market_launch']);
    expect(plan.reduce((sum, m) => sum + m.amountCents, 0)).toBe(85_000_000);
    const deliver = async (m: { id: string; key: string }, trl: number) => {
      const body = m.key === 'market_launch'
        ? { trlReached: trl, spentCents: 170_000_000, summary: 'On sale', marketLaunch: { product: 'H2Tank 300', launchDate: iso(900).slice(0, 10), firstCustomers: ['Airbus'] } }
        : { trlReached: trl, spentCents: 50_000_000, summary: `${m.key} done` };
      const reported = await as(alice.token).post(`/api/v1/milestones/${m.id}/report`).send(body).expect(200);
      // The consortium cannot validate its own milestone.
      await as(alice.token).post(`/api/v1/milestones/${m.id}/review`).set('if-match', reported.headers.etag).send({ decision: 'validated', comment: 'mine' }).expect(403);
      await as(bpi).post(`/api/v1/milestones/${m.id}/review`).set('if-match', reported.headers.etag).send({ decision: 'validated', comment: 'Verified on site' }).expect(200);
    };
    // Evidence through the gateway: a 50 MB file and a forbidden type get clear 4xx answers.
    const pdfHead = Buffer.from('%PDF-1.7\n');
    const huge = await as(alice.token).post(`/api/v1/milestones/${plan[0].id}/evidence`)
      .attach('file', Buffer.concat([pdfHead, Buffer.alloc(50 * 1024 * 1024)]), { filename: 'huge.pdf', contentType: 'application/pdf' });
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('PAYLOAD_TOO_LARGE');
    const exe = await as(alice.token).post(`/api/v1/milestones/${plan[0].id}/evidence`)
      .attach('file', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(4096)]), { filename: 'report.pdf', contentType: 'application/pdf' }).expect(415);
    expect(exe.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    await deliver(plan[0], 6);
    await deliver(plan[1], 8);
    await deliver(plan[2], 9);
    const timeline = await waitFor(async () => {
      const r = await as(alice.token).get(`/api/v1/projects/${projectId}/timeline?limit=100`);
      return r.status === 200 && r.body.stage === 'market' ? r.body : undefined;
    }, { what: 'the project to reach the market' });
    const types = timeline.items.map((i: { type: string }) => i.type);
    expect(types.filter((t: string) => t === 'tranche.released')).toHaveLength(3);
    expect(types).toEqual(expect.arrayContaining(['milestones.plan_created', 'milestone.reported', 'milestone.validated', 'project.market_launched']));
    expect(timeline.items.at(-1).summary).toContain('H2Tank 300');
    // Each next actor was notified in the app: the funder of each report to review, the consortium of each tranche.
    const messages = async (token: string) => ((await as(token).get('/api/v1/notifications?limit=100').expect(200)).body.items as { message: string }[]).map((n) => n.message);
    expect(await messages(bpi)).toEqual(expect.arrayContaining(['Review the prototype report (TRL 6)', 'Review the market launch report (TRL 9)']));
    expect((await messages(alice.token)).filter((m) => m.startsWith('Bpifrance released'))).toHaveLength(3);
  });
});
