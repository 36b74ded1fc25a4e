import { waitFor } from '@poleflow/testing';
import {
  as, BPIFRANCE, ANR, coordinatorOf, deliver, envelope, officer, principal, publishFunders, snapshot, startFunding, submitted, type Harness,
} from '../../test/harness.js';
import { demoCallId, seedDemoCalls } from '../calls/demo-calls.js';

const PSPC_RULES = [
  { type: 'label_required' }, { type: 'min_independent_companies', min: 2 }, { type: 'sme_or_eti_required' }, { type: 'research_organisation_required' },
  { type: 'company_coordinator' }, { type: 'max_partner_share', maxPct: 70 }, { type: 'start_after_application' },
  { type: 'scheme_rates', rates: { small: 3500, medium: 2500, large: 2000, research_organisation: 4000 }, labelBonus: { small: 1500, medium: 1000, large: 500 } },
];
const DAY = 24 * 3600 * 1000;
const iso = (offsetDays: number): string => new Date(Date.now() + offsetDays * DAY).toISOString();
const outbox = (h: Harness, projectId: string) =>
  h.em().execute<{ type: string; envelope: { payload: Record<string, unknown> } }[]>('select type, envelope from funding.outbox where stream_id = ? order by sequence', [projectId]);

describe('funding (real PostgreSQL + Redis)', () => {
  let h: Harness;
  let callId: string;

  beforeAll(async () => {
    h = await startFunding('funding');
    await publishFunders(h.app);
    const call = await as(h.app, officer(BPIFRANCE)).post('/api/v1/calls').send({
      funderId: BPIFRANCE, title: 'PSPC-like 2026', opensAt: iso(-1), closesAt: iso(60), aidForms: ['grant', 'repayable_advance'], rules: PSPC_RULES,
    }).expect(201);
    callId = call.body.id;
  });
  afterAll(async () => h.close());

  async function applied(s = snapshot()) {
    await submitted(h.app, s);
    const app = await as(h.app, coordinatorOf(s)).post(`/api/v1/calls/${callId}/applications`).send({ projectId: s.projectId }).expect(201);
    expect(app.body.status).toBe('assessing');
    const assessed = await waitFor(async () => {
      const r = await as(h.app, coordinatorOf(s)).get(`/api/v1/applications/${app.body.id}`);
      return r.body.status !== 'assessing' ? r : null;
    }, { what: 'the asynchronous assessment' });
    return { s, id: app.body.id as string, assessed };
  }

  async function label(s: ReturnType<typeof snapshot>, sequence = 1) {
    await deliver(h.app, envelope('label.granted', {
      caseId: crypto.randomUUID(), projectId: s.projectId, poleId: s.poles[0].poleId, poleCode: 'AV', poleName: 'Aerospace Valley', lead: true, round: 1,
      labelNumber: `AV-2026-${String(sequence + Math.floor(Math.random() * 9000)).padStart(4, '0')}`, grantedAt: new Date().toISOString(), validUntil: iso(700).slice(0, 10),
      callRef: null, conditions: [], motivation: 'ok',
    }, { streamId: s.projectId, sequence, source: 'labelling' }));
  }

  it('validates the rules of a call, naming the failing field', async () => {
    const res = await as(h.app, officer(BPIFRANCE)).post('/api/v1/calls').send({
      funderId: BPIFRANCE, title: 'Broken', opensAt: iso(0), closesAt: iso(10), aidForms: ['grant'], rules: [{ type: 'max_partner_share', maxPct: 170 }],
    }).expect(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('rules[0].maxPct');
    const other = await as(h.app, officer(ANR)).post('/api/v1/calls').send({ funderId: BPIFRANCE, title: 'Not mine', opensAt: iso(0), closesAt: iso(10), aidForms: ['grant'], rules: [] }).expect(403);
    expect(other.body.code).toBe('NOT_A_FUNDER_OFFICER');
  });

  it('keeps a draft call to its funder\'s officers until published, then closes it early on request', async () => {
    const draft = await as(h.app, officer(BPIFRANCE)).post('/api/v1/calls').send({
      funderId: BPIFRANCE, title: 'Draft call', opensAt: iso(-1), closesAt: iso(30), aidForms: ['grant'], rules: PSPC_RULES, draft: true,
    }).expect(201);
    expect(draft.body).toMatchObject({ status: 'draft', publishedAt: null, closedAt: null });
    const id = draft.body.id as string;
    // Nobody else sees it (404 as for an unknown id), nor finds it in the lists; nobody applies to it.
    await as(h.app, officer(ANR)).get(`/api/v1/calls/${id}`).expect(404);
    await as(h.app, principal()).get(`/api/v1/calls/${id}`).expect(404);
    expect((await as(h.app, principal()).get('/api/v1/calls?limit=100').expect(200)).body.items.map((c: { id: string }) => c.id)).not.toContain(id);
    expect((await as(h.app, officer(ANR)).get('/api/v1/calls?status=draft&limit=100').expect(200)).body.items).toEqual([]);
    expect((await as(h.app, officer(BPIFRANCE)).get('/api/v1/calls?status=draft&limit=100').expect(200)).body.items.map((c: { id: string }) => c.id)).toContain(id);
    const s = snapshot();
    await submitted(h.app, s);
    expect((await as(h.app, coordinatorOf(s)).post(`/api/v1/calls/${id}/applications`).send({ projectId: s.projectId }).expect(404)).body.code).toBe('CALL_NOT_FOUND');
    const read = await as(h.app, officer(BPIFRANCE)).get(`/api/v1/calls/${id}`).expect(200);
    await as(h.app, officer(ANR)).post(`/api/v1/calls/${id}/publish`).set('If-Match', read.headers.etag).expect(404);
    expect((await as(h.app, officer(BPIFRANCE)).post(`/api/v1/calls/${id}/close`).set('If-Match', read.headers.etag).expect(409)).body.code).toBe('CALL_NOT_PUBLISHED');
    await as(h.app, officer(BPIFRANCE)).post(`/api/v1/calls/${id}/publish`).expect(428);
    const published = await as(h.app, officer(BPIFRANCE)).post(`/api/v1/calls/${id}/publish`).set('If-Match', read.headers.etag).expect(200);
    expect(published.body.status).toBe('open');
    expect((await as(h.app, officer(BPIFRANCE)).post(`/api/v1/calls/${id}/publish`).set('If-Match', published.headers.etag).expect(409)).body.code).toBe('CALL_ALREADY_PUBLISHED');
    await as(h.app, principal()).get(`/api/v1/calls/${id}`).expect(200);
    await as(h.app, coordinatorOf(s)).post(`/api/v1/calls/${id}/applications`).send({ projectId: s.projectId }).expect(201);
    // Another funder's officer may not close it; closing keeps the application made and refuses new ones.
    expect((await as(h.app, officer(ANR)).post(`/api/v1/calls/${id}/close`).set('If-Match', published.headers.etag).expect(403)).body.code).toBe('NOT_A_FUNDER_OFFICER');
    const closed = await as(h.app, officer(BPIFRANCE)).post(`/api/v1/calls/${id}/close`).set('If-Match', published.headers.etag).expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
    const late = snapshot();
    await submitted(h.app, late);
    expect((await as(h.app, coordinatorOf(late)).post(`/api/v1/calls/${id}/applications`).send({ projectId: late.projectId }).expect(409)).body.code).toBe('CALL_CLOSED');
    expect((await as(h.app, officer(BPIFRANCE)).get(`/api/v1/applications?callId=${id}`).expect(200)).body.items).toHaveLength(1);
    expect((await as(h.app, officer(ANR)).get(`/api/v1/applications?callId=${id}`).expect(200)).body.items).toEqual([]);
  });

  it('filters an officer\'s applications by eligibility', async () => {
    const { id, assessed } = await applied();
    const eligible = assessed.body.assessment.eligible as boolean;
    const mine = (await as(h.app, officer(BPIFRANCE)).get(`/api/v1/applications?callId=${callId}&eligible=${eligible}&limit=100`).expect(200)).body.items.map((a: { id: string }) => a.id);
    const other = (await as(h.app, officer(BPIFRANCE)).get(`/api/v1/applications?callId=${callId}&eligible=${!eligible}&limit=100`).expect(200)).body.items.map((a: { id: string }) => a.id);
    expect(mine).toContain(id);
    expect(other).not.toContain(id);
  });

  it('gives each rule\'s reason in the reader\'s language (Accept-Language, French by default), the {fr, en} pair kept', async () => {
    const { s, id } = await applied();
    type Rule = { type: string; reason: { fr: string; en: string }; reasonText: string };
    const read = async (acceptLanguage?: string) => {
      const req = as(h.app, coordinatorOf(s)).get(`/api/v1/applications/${id}`);
      const res = await (acceptLanguage ? req.set('accept-language', acceptLanguage) : req).expect(200);
      return { lang: res.headers['content-language'], rules: res.body.assessment.rules as Rule[] };
    };
    const fr = await read();
    expect(fr.lang).toBe('fr');
    const label = fr.rules.find((r) => r.type === 'label_required')!;
    expect(label.reason.fr).not.toBe(label.reason.en);
    for (const r of fr.rules) expect(r.reasonText).toBe(r.reason.fr);
    const en = await read('en-GB,en;q=0.9,fr;q=0.5');
    expect(en.lang).toBe('en');
    expect(en.rules.map((r) => r.reasonText)).toEqual(fr.rules.map((r) => r.reason.en));
    expect(en.rules.map((r) => r.reason)).toEqual(fr.rules.map((r) => r.reason));
    // A language we do not write: French.
    expect((await read('de-DE')).rules.map((r) => r.reasonText)).toEqual(fr.rules.map((r) => r.reason.fr));
  });

  it('flips an application from ineligible to eligible when a label arrives, without anyone acting', async () => {
    const { s, id, assessed } = await applied();
    expect(assessed.body.status).toBe('ineligible');
    const rules = assessed.body.assessment.rules as { type: string; passed: boolean; reason: { fr: string; en: string } }[];
    expect(rules.filter((r) => !r.passed).map((r) => r.type)).toEqual(['label_required']);
    expect(rules.find((r) => r.type === 'label_required')!.reason.fr).toBeTruthy();
    // Unlabelled: the scheme's own rate (small 35 %) is below the GBER ceiling.
    const small = assessed.body.assessment.ceilings.partners.find((p: { name: string }) => p.name === 'AéroLab');
    expect(small.maxAidCents).toBe(21_000_000);

    await label(s);
    const flipped = await waitFor(async () => {
      const r = await as(h.app, coordinatorOf(s)).get(`/api/v1/applications/${id}`);
      return r.body.status === 'eligible' ? r : null;
    }, { what: 'the re-assessment' });
    expect(flipped.body.assessment.trigger).toBe('label_granted');
    // Labelled: 35 % + 15 points for the small company (600 k€ × 50 % = 300 k€), 25 % for the large one (800 k€ → 200 k€).
    const byName = Object.fromEntries(flipped.body.assessment.ceilings.partners.map((p: { name: string; maxAidCents: number }) => [p.name, p.maxAidCents]));
    expect(byName).toMatchObject({ 'AéroLab': 30_000_000, 'Airframer SA': 20_000_000 });
    const events = (await outbox(h, s.projectId)).map((r) => [r.type, r.envelope.payload.trigger ?? null, r.envelope.payload.eligible ?? null]);
    expect(events).toEqual([['funding.requested', null, null], ['eligibility.assessed', 'applied', false], ['eligibility.assessed', 'label_granted', true]]);
  });

  it('grants within the ceilings with a tranche schedule, and refuses an amount above a ceiling naming the partner', async () => {
    const s = snapshot();
    await submitted(h.app, s);
    await label(s);
    const app = await as(h.app, coordinatorOf(s)).post(`/api/v1/calls/${callId}/applications`).send({ projectId: s.projectId }).expect(201);
    const read = await waitFor(async () => {
      const r = await as(h.app, officer(BPIFRANCE)).get(`/api/v1/applications/${app.body.id}`);
      return r.body.status === 'eligible' ? r : null;
    }, { what: 'eligibility' });
    const [small, large, lab] = s.partners;
    const tranches = [{ milestone: 'prototype', percent: 30 }, { milestone: 'industrialisation', percent: 40 }, { milestone: 'market_launch', percent: 30 }];
    const above = await as(h.app, officer(BPIFRANCE)).post(`/api/v1/applications/${app.body.id}/decision`).set('If-Match', read.headers.etag).set('accept-language', 'en').send({
      outcome: 'granted', motivation: 'Strong', tranches, partners: [{ organisationId: small.organisationId, amountCents: 30_000_001, aidForm: 'grant' }],
    }).expect(422);
    expect(above.body.code).toBe('AID_ABOVE_CEILING');
    expect(above.body.detail).toContain('AéroLab');
    expect(above.body.details).toMatchObject({ organisationId: small.organisationId, ceilingCents: 30_000_000 });
    // Another funder's officer does not see it; the applicant cannot decide.
    await as(h.app, officer(ANR)).get(`/api/v1/applications/${app.body.id}`).expect(404);
    await as(h.app, coordinatorOf(s)).post(`/api/v1/applications/${app.body.id}/decision`).set('If-Match', read.headers.etag).send({ outcome: 'refused', motivation: 'x' }).expect(403);

    const granted = await as(h.app, officer(BPIFRANCE)).post(`/api/v1/applications/${app.body.id}/decision`).set('If-Match', read.headers.etag).send({
      outcome: 'granted', motivation: 'Strong consortium', tranches,
      partners: [
        { organisationId: small.organisationId, amountCents: 30_000_000, aidForm: 'grant' },
        { organisationId: large.organisationId, amountCents: 15_000_000, aidForm: 'repayable_advance' },
        { organisationId: lab.organisationId, amountCents: 12_000_000, aidForm: 'grant' },
      ],
    }).expect(200);
    expect(granted.body).toMatchObject({ status: 'granted', decision: { totalCents: 57_000_000 } });
    const last = (await outbox(h, s.projectId)).at(-1)!;
    expect(last.type).toBe('funding.granted');
    expect(last.envelope.payload).toMatchObject({ totalCents: 57_000_000, tranches });
  });

  it('lets exactly one of two officers deciding at once win', async () => {
    const s = snapshot();
    await submitted(h.app, s);
    await label(s);
    const app = await as(h.app, coordinatorOf(s)).post(`/api/v1/calls/${callId}/applications`).send({ projectId: s.projectId }).expect(201);
    const read = await waitFor(async () => {
      const r = await as(h.app, officer(BPIFRANCE)).get(`/api/v1/applications/${app.body.id}`);
      return r.body.status === 'eligible' ? r : null;
    }, { what: 'eligibility' });
    const [a, b] = await Promise.all([
      as(h.app, officer(BPIFRANCE)).post(`/api/v1/applications/${app.body.id}/decision`).set('If-Match', read.headers.etag).send({ outcome: 'refused', motivation: 'budget spent' }),
      as(h.app, officer(BPIFRANCE)).post(`/api/v1/applications/${app.body.id}/decision`).set('If-Match', read.headers.etag).send({
        outcome: 'granted', motivation: 'yes', tranches: [{ milestone: 'market_launch', percent: 100 }],
        partners: [{ organisationId: s.partners[0].organisationId, amountCents: 1_000_000, aidForm: 'grant' }],
      }),
    ]);
    expect([a.status, b.status].filter((x) => x === 200)).toHaveLength(1);
    expect([409, 412]).toContain([a.status, b.status].find((x) => x !== 200));
    const decisions = (await outbox(h, s.projectId)).filter((r) => r.type === 'funding.granted' || r.type === 'funding.refused');
    expect(decisions).toHaveLength(1);
  });

  it('refuses an application to a closed call with the reason, and a stranger\'s application with 404', async () => {
    const closed = await as(h.app, officer(BPIFRANCE)).post('/api/v1/calls').send({
      funderId: BPIFRANCE, title: 'i-Démo 4 (2025)', opensAt: '2024-09-01T00:00:00Z', closesAt: '2025-07-15T12:00:00Z', aidForms: ['grant'], rules: [],
    }).expect(201);
    const s = snapshot();
    await submitted(h.app, s);
    const res = await as(h.app, coordinatorOf(s)).post(`/api/v1/calls/${closed.body.id}/applications`).set('accept-language', 'en').send({ projectId: s.projectId }).expect(409);
    expect(res.body.code).toBe('CALL_CLOSED');
    expect(res.body.detail).toContain('2025-07-15');
    await as(h.app, principal({ organisationIds: [crypto.randomUUID()] })).post(`/api/v1/calls/${callId}/applications`).send({ projectId: s.projectId }).expect(404);
    const partner = principal({ organisationIds: [s.partners[1].organisationId] });
    expect((await as(h.app, partner).post(`/api/v1/calls/${callId}/applications`).send({ projectId: s.projectId }).expect(403)).body.code).toBe('NOT_COORDINATOR');
  });

  it('previews a project\'s eligibility on a call without applying: nothing written, 404 for a stranger or a project funding never saw', async () => {
    await seedDemoCalls(h.app);
    const pspc = demoCallId('pspc-2026');
    const bretagne = await as(h.app, officer(BPIFRANCE)).post('/api/v1/calls').send({
      funderId: BPIFRANCE, title: 'Bretagne only', opensAt: iso(-1), closesAt: iso(60), aidForms: ['grant'],
      rules: [{ type: 'lead_in_regions', regions: ['Bretagne'] }, { type: 'start_after_application' }],
    }).expect(201);
    const s = snapshot();
    await submitted(h.app, s);
    const counts = async () => (await h.em().execute<{ a: string; o: string }[]>('select (select count(*) from funding.applications) as a, (select count(*) from funding.outbox) as o'))[0];
    const before = await counts();
    type Rule = { type: string; passed: boolean; reason: { fr: string; en: string }; reasonText: string };
    const preview = (callId: string, who = coordinatorOf(s)) => as(h.app, who).get(`/api/v1/calls/${callId}/eligibility-preview?projectId=${s.projectId}`);

    // Not labelled yet: the PSPC-like call fails its label rule only.
    const unlabelled = await preview(pspc).expect(200);
    expect(unlabelled.body).toMatchObject({ callId: pspc, projectId: s.projectId, eligible: false, basedOn: 'submitted_snapshot', round: 1, labelled: false });
    expect((unlabelled.body.rules as Rule[]).filter((r) => !r.passed).map((r) => r.type)).toEqual(['label_required']);

    await label(s);
    await waitFor(async () => (await preview(pspc)).body.labelled === true, { what: 'funding to know the label' });
    // A partner (not the coordinator) may preview too; French by default.
    const labelled = await preview(pspc, principal({ organisationIds: [s.partners[1].organisationId] })).expect(200);
    expect(labelled.headers['content-language']).toBe('fr');
    expect(labelled.body.eligible).toBe(true);
    expect((labelled.body.rules as Rule[]).every((r) => r.passed && r.reasonText === r.reason.fr)).toBe(true);
    // The label bonus shows in the ceilings: 35 % + 15 points for the small company (600 k€ → 300 k€).
    expect(labelled.body.ceilings.partners.find((p: { name: string }) => p.name === 'AéroLab').maxAidCents).toBe(30_000_000);

    const other = await preview(bretagne.body.id).set('accept-language', 'en').expect(200);
    expect(other.body.eligible).toBe(false);
    const failed = (other.body.rules as Rule[]).filter((r) => !r.passed);
    expect(failed.map((r) => r.type)).toEqual(['lead_in_regions']);
    expect(failed[0].reasonText).toBe(failed[0].reason.en);

    // Admins may read it; a stranger, an officer, or a project funding never saw: 404.
    await preview(pspc, principal({ roles: ['admin'] })).expect(200);
    expect((await preview(pspc, principal({ organisationIds: [crypto.randomUUID()] })).expect(404)).body.code).toBe('PROJECT_NOT_FOUND');
    await preview(pspc, officer(BPIFRANCE)).expect(404);
    const draft = await as(h.app, coordinatorOf(s)).get(`/api/v1/calls/${pspc}/eligibility-preview?projectId=${crypto.randomUUID()}`).expect(404);
    expect(draft.body.code).toBe('PROJECT_NOT_FOUND');
    expect((await as(h.app, coordinatorOf(s)).get(`/api/v1/calls/${crypto.randomUUID()}/eligibility-preview?projectId=${s.projectId}`).expect(404)).body.code).toBe('CALL_NOT_FOUND');
    expect((await as(h.app, coordinatorOf(s)).get(`/api/v1/calls/${pspc}/eligibility-preview?projectId=nope`).expect(400)).body.code).toBe('VALIDATION_FAILED');

    // Nothing written by any preview: no application, no event (the label's inbox handler writes none either).
    expect(await counts()).toEqual(before);
    expect(await outbox(h, s.projectId)).toEqual([]);
  });
});
