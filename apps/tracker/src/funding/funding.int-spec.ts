import type { INestApplication } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import type { Principal } from '@poleflow/auth';
import { funderIdOf, poleIdOf, type Envelope, type EventPayload, type EventType, type Role, type ServiceName } from '@poleflow/contracts';
import { as, deliver, envelope, startService, type ServiceHarness } from '@poleflow/testing';
import { loadTrackerConfig } from '../config.js';
import { TrackerModule } from '../tracker.module.js';

type ApplicationRef = Pick<EventPayload<'funding.requested'>, 'applicationId' | 'projectId' | 'callId' | 'callTitle' | 'funderId' | 'funderName'>;
type Call = Omit<ApplicationRef, 'applicationId' | 'projectId'>;
type Outcome = EventPayload<'eligibility.assessed'>['outcomes'][number];

const BPI = { funderId: funderIdOf('bpifrance'), funderName: 'Bpifrance' };
const ANR = { funderId: funderIdOf('anr'), funderName: 'ANR' };
const OCCITANIE = { funderId: funderIdOf('region-occitanie'), funderName: 'Région Occitanie' };
const IDEMO: Call = { callId: randomUUID(), callTitle: 'i-Démo 2026', ...BPI };
const AAPG: Call = { callId: randomUUID(), callTitle: 'AAPG 2026', ...ANR };
const AV = { poleId: poleIdOf('aerospace-valley'), poleCode: 'AV', poleName: 'Aerospace Valley' };

const RULES = ['label_required', 'min_partners', 'min_independent_companies', 'sme_or_eti_required', 'research_organisation_required',
  'company_coordinator', 'max_partner_share', 'trl_window', 'scheme_rates'] as const;
/** Nine rule outcomes; the failed ones carry the reason given. */
const outcomes = (failed: Partial<Record<(typeof RULES)[number], string>> = {}): Outcome[] =>
  RULES.map((type) => ({ type, passed: failed[type] === undefined, reason: { fr: `fr: ${failed[type] ?? 'ok'}`, en: failed[type] ?? 'ok' } }));

const person = (roles: Role[], o: Partial<Principal> = {}): Principal =>
  ({ userId: randomUUID(), email: `${roles[0]}@x.test`, roles, organisationIds: [], poles: [], funderIds: [], ...o });
const officerOf = (funderId: string) => person(['funder_officer'], { funderIds: [funderId] });

/* Funding as the tracker follows it: one row per application, the stage as their aggregate, the timeline in words. */
describe('tracker: funding applications and the funder dashboard (real PostgreSQL)', () => {
  let h: ServiceHarness;
  let app: INestApplication;
  let clock = 0;

  beforeAll(async () => {
    h = await startService('trkfunding', 'tracker', (env) => TrackerModule.forRoot(loadTrackerConfig({ ...env, ROLES: 'api', DB_POOL_MAX: '4' })));
    app = h.app;
  });

  afterAll(async () => h?.close());

  const sql = <T extends object>(q: string, params: unknown[] = []) => app.get(MikroORM).em.fork().execute<T[]>(q, params);
  const stageOf = async (id: string): Promise<string> => (await sql<{ stage: string }>('select stage from tracker.projects where id = ?', [id]))[0].stage;
  const entryOf = async (e: Envelope) => (await sql<{ stage: string; summary: string }>('select stage, summary from tracker.timeline_entries where id = ?', [e.id]))[0];
  /** Events one second apart, so the timeline order is the delivery order. */
  const tick = () => new Date(Date.UTC(2026, 11, 1, 9, 0, ++clock)).toISOString();

  /** One project's streams: submission's, labelling's and funding's events are numbered apart (ARCHITECTURE.md §7.1). */
  function project(acronym = 'HYPERWING') {
    const id = randomUUID();
    const coordinator = randomUUID();
    const seq: Partial<Record<ServiceName, number>> = {};
    const emit = <T extends EventType>(source: ServiceName, type: T, payload: EventPayload<T>, role: Role): Envelope<EventPayload<T>> => {
      seq[source] = (seq[source] ?? 0) + 1;
      return { ...envelope(type, payload, { streamId: id, sequence: seq[source], source }), occurredAt: tick(), actor: { userId: randomUUID(), role } };
    };
    const snapshot = (round: number): EventPayload<'project.submitted'> => ({
      projectId: id, round, acronym, title: 'Morphing wing', summary: 's', themes: ['aeronautics-space'], keywords: [], trlStart: 4, trlTarget: 7,
      startDate: '2027-01-01', durationMonths: 24, poles: [{ poleId: AV.poleId, lead: true }],
      partners: [{ organisationId: coordinator, name: 'AéroLab SAS', kind: 'company', siren: '732829320', region: 'Occitanie', sizeEu: 'small', categoryFr: 'PME', role: 'coordinator', budget: {}, totalCents: 200_000_000 }],
      totalCents: 200_000_000,
    });
    const caseRef = { caseId: randomUUID(), projectId: id, ...AV, lead: true, round: 1 };
    const applyTo = (call: Call): ApplicationRef => ({ applicationId: randomUUID(), projectId: id, ...call });
    const funding = <T extends EventType>(type: T, payload: EventPayload<T>) => emit('funding', type, payload, 'funder_officer');
    return {
      id, coordinator, applyTo,
      member: person(['applicant'], { organisationIds: [coordinator] }),
      created: () => emit('submission', 'project.created', { projectId: id, acronym, title: 'Morphing wing', coordinatorOrganisationId: coordinator }, 'applicant'),
      submitted: () => emit('submission', 'project.submitted', snapshot(1), 'applicant'),
      resubmitted: (round: number) => emit('submission', 'project.resubmitted', snapshot(round), 'applicant'),
      withdrawn: () => emit('submission', 'project.withdrawn', { projectId: id, reason: null }, 'applicant'),
      caseOpened: () => emit('labelling', 'labelling.case_opened', { ...caseRef, acronym }, 'pole_manager'),
      labelled: () => emit('labelling', 'label.granted', {
        ...caseRef, labelNumber: 'AV-2026-0042', grantedAt: '2026-11-30T10:00:00.000Z', validUntil: '2028-11-30', callRef: null, conditions: [], motivation: 'Strong consortium',
      }, 'pole_manager'),
      revisionRequested: () => emit('labelling', 'label.revision_requested', { ...caseRef, requestedChanges: ['Detail WP2'], motivation: 'm' }, 'pole_manager'),
      requested: (a: ApplicationRef) => funding('funding.requested', { ...a, round: 1, appliedAt: '2026-12-01T09:00:00.000Z' }),
      assessed: (a: ApplicationRef, o: { failed?: Partial<Record<(typeof RULES)[number], string>>; ceilingCents?: number; trigger?: EventPayload<'eligibility.assessed'>['trigger'] } = {}) => {
        const rules = outcomes(o.failed);
        return funding('eligibility.assessed', {
          ...a, eligible: rules.every((r) => r.passed), trigger: o.trigger ?? 'applied', outcomes: rules,
          ceilings: [{ organisationId: coordinator, name: 'AéroLab SAS', maxAidCents: o.ceilingCents ?? 0, outsideStateAid: false }],
          totalMaxAidCents: o.ceilingCents ?? 0, ruleVersion: 'gber-2023/2831',
        });
      },
      granted: (a: ApplicationRef, totalCents: number, tranches: EventPayload<'funding.granted'>['tranches']) => funding('funding.granted', {
        ...a, totalCents, partners: [{ organisationId: coordinator, name: 'AéroLab SAS', amountCents: totalCents, aidForm: 'grant' }], tranches, motivation: 'Convincing plan',
      }),
      refused: (a: ApplicationRef, motivation: string) => funding('funding.refused', { ...a, motivation }),
    };
  }

  /** A labelled project, ready to apply for funding. */
  async function labelledProject(acronym?: string) {
    const p = project(acronym);
    for (const e of [p.created(), p.submitted(), p.caseOpened(), p.labelled()]) expect(await deliver(app, e)).toBe('applied');
    expect(await stageOf(p.id)).toBe('labelled');
    return p;
  }

  const THREE_TRANCHES = [{ milestone: 'prototype', percent: 30 }, { milestone: 'industrialisation', percent: 40 }, { milestone: 'market_launch', percent: 30 }] as const;

  it('two calls: granted by one funder, refused by the other → funded, the timeline says who decided what, once', async () => {
    const p = await labelledProject();
    const bpi = p.applyTo(IDEMO);
    const anr = p.applyTo(AAPG);
    // Funding numbers its events on the project's stream: built in delivery order.
    const steps: [Envelope, string][] = [
      [p.requested(bpi), 'funding_requested'],
      [p.requested(anr), 'funding_requested'],
      [p.assessed(bpi, { ceilingCents: 123_456_700 }), 'funding_requested'],
      [p.assessed(anr, { failed: { label_required: 'no valid label', trl_window: 'TRL 4 → 7, outside the window TRL 1 to 4' } }), 'funding_requested'],
      [p.granted(bpi, 85_000_000, [...THREE_TRANCHES]), 'funded'],
      [p.refused(anr, 'Outside the programme priorities'), 'funded'], // a late refusal by another funder
    ];
    for (const [e, stage] of steps) {
      expect(await deliver(app, e)).toBe('applied');
      expect(await stageOf(p.id)).toBe(stage);
    }
    // The same event delivered again (a relay retry, a redrive) adds nothing.
    const grant = steps[4][0];
    expect(await deliver(app, grant)).toBe('duplicate');
    expect(await sql('select id from tracker.timeline_entries where project_id = ? and type = ?', [p.id, 'funding.granted'])).toEqual([{ id: grant.id }]);

    const res = await as(app, p.member).get(`/api/v1/projects/${p.id}/timeline`).expect(200);
    expect(res.body.stage).toBe('funded');
    expect(res.body.items.map((i: { type: string; stage: string; summary: string }) => [i.type, i.stage, i.summary])).toEqual([
      ['project.created', 'conception', 'Project HYPERWING created by its coordinator'],
      ['project.submitted', 'submitted', 'Submitted by AéroLab SAS to 1 pole(s) with 1 partner(s), total budget 2 000 000 €'],
      ['labelling.case_opened', 'in_labelling', 'Labelling case opened by Aerospace Valley (lead pole), round 1'],
      ['label.granted', 'labelled', 'Labelled by Aerospace Valley (lead pole): AV-2026-0042, valid until 2028-11-30'],
      ['funding.requested', 'funding_requested', 'Applied to « i-Démo 2026 » (Bpifrance)'],
      ['funding.requested', 'funding_requested', 'Applied to « AAPG 2026 » (ANR)'],
      ['eligibility.assessed', 'funding_requested', 'Eligible for « i-Démo 2026 »: 9/9 rules met, aid ceiling 1 234 567 €'],
      ['eligibility.assessed', 'funding_requested',
        'Not eligible for « AAPG 2026 »: label required — no valid label; trl window — TRL 4 → 7, outside the window TRL 1 to 4 (2 of 9 rules failed)'],
      ['funding.granted', 'funded',
        'Funded by Bpifrance for « i-Démo 2026 »: 850 000 € in 3 tranches (prototype 30 %, industrialisation 40 %, market launch 30 %)'],
      ['funding.refused', 'funded', 'Not funded by ANR for « AAPG 2026 »: Outside the programme priorities'],
    ]);
    const rows = await sql('select application_id, call_title, funder_id, funder_name, status, granted_cents from tracker.funding_applications where project_id = ? order by call_title', [p.id]);
    expect(rows).toEqual([
      { application_id: anr.applicationId, call_title: 'AAPG 2026', funder_id: ANR.funderId, funder_name: 'ANR', status: 'refused', granted_cents: null },
      { application_id: bpi.applicationId, call_title: 'i-Démo 2026', funder_id: BPI.funderId, funder_name: 'Bpifrance', status: 'granted', granted_cents: '85000000' },
    ]);
  });

  it('an eligibility assessment never moves the stage; a decision is not undone by a later re-assessment', async () => {
    const p = await labelledProject();
    const bpi = p.applyTo(IDEMO);
    await deliver(app, p.requested(bpi));
    const ineligible = p.assessed(bpi, { failed: { label_required: 'the project holds no label' } });
    expect(await deliver(app, ineligible)).toBe('applied');
    expect(await entryOf(ineligible)).toEqual({ stage: 'funding_requested', summary: 'Not eligible for « i-Démo 2026 »: label required — the project holds no label (1 of 9 rules failed)' });
    const eligible = p.assessed(bpi, { trigger: 'label_granted', ceilingCents: 50_000_000 });
    expect(await deliver(app, eligible)).toBe('applied');
    expect(await entryOf(eligible)).toEqual({ stage: 'funding_requested', summary: 'Eligible for « i-Démo 2026 » (re-assessed after a label was granted): 9/9 rules met, aid ceiling 500 000 €' });
    await deliver(app, p.granted(bpi, 40_000_000, [{ milestone: 'market_launch', percent: 100 }]));
    expect(await stageOf(p.id)).toBe('funded');
    const revoked = p.assessed(bpi, { trigger: 'label_revoked', failed: { label_required: 'AV-2026-0042 is revoked' } });
    expect(await deliver(app, revoked)).toBe('applied');
    expect(await entryOf(revoked)).toEqual({ stage: 'funded', summary: 'Not eligible for « i-Démo 2026 » (re-assessed after a label was revoked): label required — AV-2026-0042 is revoked (1 of 9 rules failed)' });
    expect(await stageOf(p.id)).toBe('funded');
    const [row] = await sql<{ status: string }>('select status from tracker.funding_applications where application_id = ?', [bpi.applicationId]);
    expect(row.status).toBe('granted');

    // Assessed while another stage stands: the assessment leaves it alone (the project's status is not the application's).
    const q = await labelledProject();
    const other = q.applyTo(AAPG);
    await deliver(app, q.requested(other));
    await sql('update tracker.projects set stage = ? where id = ?', ['labelled', q.id]);
    await deliver(app, q.assessed(other));
    expect(await stageOf(q.id)).toBe('labelled');
  });

  it('not funded only when every application was refused; a single tranche reads as such', async () => {
    const p = await labelledProject();
    const bpi = p.applyTo(IDEMO);
    const anr = p.applyTo(AAPG);
    await deliver(app, p.requested(bpi));
    await deliver(app, p.requested(anr));
    await deliver(app, p.refused(bpi, 'Budget exhausted'));
    expect(await stageOf(p.id)).toBe('funding_requested'); // ANR has not decided yet
    await deliver(app, p.refused(anr, ''));
    expect(await stageOf(p.id)).toBe('not_funded');
    const late = p.applyTo({ callId: randomUUID(), callTitle: 'Occitanie Innovation 2026', ...OCCITANIE });
    await deliver(app, p.requested(late));
    expect(await stageOf(p.id)).toBe('funding_requested');
    const grant = p.granted(late, 30_000_050, [{ milestone: 'market_launch', percent: 100 }]);
    await deliver(app, grant);
    expect(await entryOf(grant)).toEqual({ stage: 'funded', summary: 'Funded by Région Occitanie for « Occitanie Innovation 2026 »: 300 001 € in 1 tranche (market launch 100 %)' });
    const [refusedWithout] = await sql<{ summary: string }>(`select summary from tracker.timeline_entries where project_id = ? and type = 'funding.refused' order by occurred_at`, [p.id]);
    expect(refusedWithout.summary).toBe('Not funded by Bpifrance for « i-Démo 2026 »: Budget exhausted');
  });

  it('never moves a project back from delivery or out of withdrawn, nor back to labelling on a new round', async () => {
    const p = await labelledProject();
    const bpi = p.applyTo(IDEMO);
    const anr = p.applyTo(AAPG);
    await deliver(app, p.requested(bpi));
    await deliver(app, p.granted(bpi, 10_000_000, [...THREE_TRANCHES]));
    // Milestone events are not on the wire yet: the project reached `prototype` by a later service's event.
    await sql('update tracker.projects set stage = ? where id = ?', ['prototype', p.id]);
    await deliver(app, p.requested(anr));
    const refused = p.refused(anr, 'Too late');
    await deliver(app, refused);
    expect(await stageOf(p.id)).toBe('prototype');
    expect((await entryOf(refused)).stage).toBe('prototype');

    const w = await labelledProject();
    const wa = w.applyTo(IDEMO);
    await deliver(app, w.requested(wa));
    await deliver(app, w.withdrawn());
    await deliver(app, w.granted(wa, 10_000_000, [...THREE_TRANCHES]));
    expect(await stageOf(w.id)).toBe('withdrawn');

    // A revision requested after the application, then a resubmission: the project stays where funding put it.
    const r = await labelledProject();
    const ra = r.applyTo(IDEMO);
    await deliver(app, r.requested(ra));
    await deliver(app, r.granted(ra, 10_000_000, [...THREE_TRANCHES]));
    await deliver(app, r.revisionRequested());
    expect(await stageOf(r.id)).toBe('funded');
    const resubmitted = r.resubmitted(2);
    expect(await deliver(app, resubmitted)).toBe('applied');
    expect(await entryOf(resubmitted)).toEqual({ stage: 'funded', summary: 'Resubmitted (round 2) by AéroLab SAS to 1 pole(s) with 1 partner(s), total budget 2 000 000 €' });
  });

  it('keeps the funders directory publishes, without a timeline entry; a republication updates them', async () => {
    const stream = `funder:${OCCITANIE.funderId}`;
    const first = envelope('funder.published', { funderId: OCCITANIE.funderId, slug: 'region-occitanie', name: 'Région Occitanie', kind: 'region', region: 'Occitanie' }, { streamId: stream, sequence: 1 });
    expect(await deliver(app, first)).toBe('applied');
    const again = envelope('funder.published', { funderId: OCCITANIE.funderId, slug: 'region-occitanie', name: 'Région Occitanie / Pyrénées-Méditerranée', kind: 'region', region: 'Occitanie' }, { streamId: stream, sequence: 2 });
    expect(await deliver(app, again)).toBe('applied');
    expect(await sql('select id, name, kind, region from tracker.funders where id = ?', [OCCITANIE.funderId])).toEqual([
      { id: OCCITANIE.funderId, name: 'Région Occitanie / Pyrénées-Méditerranée', kind: 'region', region: 'Occitanie' },
    ]);
    expect(await sql('select id from tracker.timeline_entries where id in (?, ?)', [first.id, again.id])).toEqual([]);
  });

  it("the funder dashboard counts its applications, for its officers and admins only (404 for anyone else)", async () => {
    const funderId = randomUUID();
    await deliver(app, envelope('funder.published', { funderId, slug: 'region-test', name: 'Région Test', kind: 'region', region: 'Bretagne' }, { streamId: `funder:${funderId}` }));
    const innov: Call = { callId: randomUUID(), callTitle: 'Innovation 2026', funderId, funderName: 'Région Test' };
    const proto: Call = { callId: randomUUID(), callTitle: 'Prototype 2026', funderId, funderName: 'Région Test' };
    const [alpha, bravo, charlie] = [await labelledProject('ALPHA'), await labelledProject('BRAVO'), await labelledProject('CHARLIE')];
    const a1 = alpha.applyTo(innov);
    const a2 = alpha.applyTo(proto);
    const b1 = bravo.applyTo(innov);
    const c1 = charlie.applyTo(innov);
    const c2 = charlie.applyTo(AAPG); // another funder's call: not on this dashboard
    const events = [
      alpha.requested(a1), alpha.assessed(a1), alpha.granted(a1, 40_000_000, [...THREE_TRANCHES]), alpha.requested(a2), alpha.refused(a2, 'no'),
      bravo.requested(b1), bravo.assessed(b1, { failed: { min_partners: '1 partner, minimum 2' } }),
      charlie.requested(c1), charlie.assessed(c1), charlie.granted(c1, 25_000_000, [...THREE_TRANCHES]), charlie.requested(c2),
    ];
    for (const e of events) expect(await deliver(app, e)).toBe('applied');

    const url = `/api/v1/dashboards/funders/${funderId}`;
    const res = await as(app, officerOf(funderId)).get(url).expect(200);
    expect(res.body).toEqual({
      funderId, name: 'Région Test', kind: 'region', region: 'Bretagne',
      applications: { total: 4, requested: 0, eligible: 0, ineligible: 1, granted: 2, refused: 1 },
      grantedCents: 65_000_000,
      projects: 3,
      delivery: { committedCents: 65_000_000, releasedCents: 0, overdueMilestones: 0, escalatedMilestones: 0 },
      latest: [
        { applicationId: c1.applicationId, projectId: charlie.id, acronym: 'CHARLIE', callId: innov.callId, callTitle: 'Innovation 2026', status: 'granted', amountCents: 25_000_000, updatedAt: events[9].occurredAt },
        { applicationId: b1.applicationId, projectId: bravo.id, acronym: 'BRAVO', callId: innov.callId, callTitle: 'Innovation 2026', status: 'ineligible', amountCents: null, updatedAt: events[6].occurredAt },
        { applicationId: a2.applicationId, projectId: alpha.id, acronym: 'ALPHA', callId: proto.callId, callTitle: 'Prototype 2026', status: 'refused', amountCents: null, updatedAt: events[4].occurredAt },
        { applicationId: a1.applicationId, projectId: alpha.id, acronym: 'ALPHA', callId: innov.callId, callTitle: 'Innovation 2026', status: 'granted', amountCents: 40_000_000, updatedAt: events[2].occurredAt },
      ],
      // committed against released per month (both grants of December 2026), the funded projects and their stages
      months: [{ month: '2026-12', committedCents: 65_000_000, releasedCents: 0 }],
      portfolio: [
        { applicationId: a1.applicationId, projectId: alpha.id, acronym: 'ALPHA', title: 'Morphing wing', callTitle: 'Innovation 2026', grantedAt: events[2].occurredAt, grantedCents: 40_000_000, releasedCents: 0, stage: 'funded', stageAt: expect.any(String) },
        { applicationId: c1.applicationId, projectId: charlie.id, acronym: 'CHARLIE', title: 'Morphing wing', callTitle: 'Innovation 2026', grantedAt: events[9].occurredAt, grantedCents: 25_000_000, releasedCents: 0, stage: 'funded', stageAt: expect.any(String) },
      ],
      projectsByStage: {
        total: 3,
        byStage: {
          conception: 0, submitted: 0, in_labelling: 0, labelled: 0, not_labelled: 0, revision_requested: 0, withdrawn: 0,
          funding_requested: 1, funded: 2, not_funded: 0, prototype: 0, industrialisation: 0, market: 0,
        },
      },
    });
    await as(app, person(['admin'])).get(url).expect(200);

    for (const denied of [officerOf(ANR.funderId), alpha.member, person(['pole_manager'], { poles: [{ poleId: AV.poleId, role: 'pole_manager' }] })]) {
      const r = await as(app, denied).get(url).expect(404);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.body.code).toBe('FUNDER_NOT_FOUND');
    }
    await as(app, null).get(url).expect(401);
    await as(app, person(['admin'])).get(`/api/v1/dashboards/funders/${randomUUID()}`).expect(404);
    await as(app, person(['admin'])).get('/api/v1/dashboards/funders/not-a-uuid').expect(400);
  });

  it('the dashboard lists the latest 20 applications and counts them all; a funder not yet published is named from its applications', async () => {
    const funderId = randomUUID();
    const call: Call = { callId: randomUUID(), callTitle: 'Big call', funderId, funderName: 'Fondation X' };
    const p = await labelledProject('DELTA');
    const apps = Array.from({ length: 21 }, () => p.applyTo(call));
    for (const a of apps) expect(await deliver(app, p.requested(a))).toBe('applied');
    const res = await as(app, officerOf(funderId)).get(`/api/v1/dashboards/funders/${funderId}`).expect(200);
    expect(res.body).toMatchObject({ name: 'Fondation X', kind: null, region: null, applications: { total: 21, requested: 21 }, grantedCents: 0, projects: 1 });
    expect(res.body.latest).toHaveLength(20);
    expect(res.body.latest[0].applicationId).toBe(apps[20].applicationId);
    expect(res.body.latest.map((l: { applicationId: string }) => l.applicationId)).not.toContain(apps[0].applicationId);
  });
});
