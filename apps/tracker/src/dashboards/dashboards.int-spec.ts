import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { Principal } from '@poleflow/auth';
import type { Envelope, EventPayload, EventType, Role, ServiceName } from '@poleflow/contracts';
import { PROJECT_STAGES } from '@poleflow/domain';
import { as, deliver, envelope, startService, type ServiceHarness } from '@poleflow/testing';
import { loadTrackerConfig } from '../config.js';
import { TrackerModule } from '../tracker.module.js';
import { csvField, toCsv } from './csv.js';
import { POLE_NOTES } from './dashboards.service.js';

type Pole = { poleId: string; poleCode: string; poleName: string };
type Funder = { funderId: string; funderName: string };
type Org = { organisationId: string; name: string; region: string };

const AV: Pole = { poleId: randomUUID(), poleCode: 'AV', poleName: 'Aerospace Valley' };
const SYS: Pole = { poleId: randomUUID(), poleCode: 'SYS', poleName: 'Systematic' };
/** A supertest parser keeping the body as bytes (an XLSX). */
const binary = (r: import('superagent').Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  r.on('data', (c: Buffer) => chunks.push(c));
  r.on('end', () => cb(null, Buffer.concat(chunks)));
};
const BPI: Funder = { funderId: randomUUID(), funderName: 'Bpifrance' };
const OCC: Funder = { funderId: randomUUID(), funderName: 'Région Occitanie' };
const TOULOUSE: Org = { organisationId: randomUUID(), name: 'AéroLab SAS', region: 'Occitanie' };
const PARIS: Org = { organisationId: randomUUID(), name: 'Lumière, "Optique" SA', region: 'Île-de-France' };

const person = (roles: Role[], o: Partial<Principal> = {}): Principal =>
  ({ userId: randomUUID(), email: `${roles[0]}@x.test`, roles, organisationIds: [], poles: [], funderIds: [], ...o });
const staffOf = (pole: Pole, role: 'pole_manager' | 'reviewer' = 'pole_manager') => person([role], { poles: [{ poleId: pole.poleId, role }] });
const stages = (counts: Record<string, number>) => Object.fromEntries(PROJECT_STAGES.map((s) => [s, counts[s] ?? 0]));

/* The dashboards over a small fixture: two poles, two funders, projects coordinated from two regions. */
describe('tracker: pole, funder and region dashboards (real PostgreSQL)', () => {
  let h: ServiceHarness;
  let app: INestApplication;
  let clock = 0;
  const ids: Record<string, string> = {};

  /** Later events one second apart, after the labelling dates the fixture sets. */
  const tick = () => new Date(Date.UTC(2026, 11, 1, 9, 0, ++clock)).toISOString();

  function project(acronym: string, coordinator: Org, poles: Pole[]) {
    const id = randomUUID();
    ids[acronym] = id;
    const seq: Partial<Record<ServiceName, number>> = {};
    const emit = <T extends EventType>(source: ServiceName, type: T, payload: EventPayload<T>, at = tick()): Envelope<EventPayload<T>> => {
      seq[source] = (seq[source] ?? 0) + 1;
      return { ...envelope(type, payload, { streamId: id, sequence: seq[source], source }), occurredAt: at, actor: { userId: randomUUID(), role: 'pole_manager' } };
    };
    const snapshot = (round: number): EventPayload<'project.submitted'> => ({
      projectId: id, round, acronym, title: 't', summary: 's', themes: ['aeronautics-space'], keywords: [], trlStart: 4, trlTarget: 7,
      startDate: '2027-01-01', durationMonths: 24, poles: poles.map((p, i) => ({ poleId: p.poleId, lead: i === 0 })),
      partners: [{ organisationId: coordinator.organisationId, name: coordinator.name, kind: 'company', siren: '732829320', region: coordinator.region, sizeEu: 'small', categoryFr: 'PME', role: 'coordinator', budget: {}, totalCents: 100_000_000 }],
      totalCents: 100_000_000,
    });
    const caseRef = (pole: Pole, round: number) => ({ caseId: randomUUID(), projectId: id, ...pole, lead: pole === poles[0], round });
    const plans = new Map<string, { planId: string; applicationId: string } & Funder>();
    const milestone = (f: Funder, key: 'prototype' | 'market_launch') => ({ ...plans.get(f.funderId)!, projectId: id, milestoneId: ids[`${acronym}:${f.funderId}:${key}`], key });
    return {
      id,
      created: () => emit('submission', 'project.created', { projectId: id, acronym, title: 't', coordinatorOrganisationId: coordinator.organisationId }),
      submitted: () => emit('submission', 'project.submitted', snapshot(1)),
      resubmitted: (round: number) => emit('submission', 'project.resubmitted', snapshot(round)),
      opened: (pole: Pole, round: number, at: string) => emit('labelling', 'labelling.case_opened', { ...caseRef(pole, round), acronym }, at),
      labelled: (pole: Pole, round: number, at: string) => emit('labelling', 'label.granted', {
        ...caseRef(pole, round), labelNumber: `${pole.poleCode}-2026-1`, grantedAt: at, validUntil: '2028-01-01', callRef: null, conditions: [], motivation: 'm',
      }, at),
      refused: (pole: Pole, round: number, at: string) => emit('labelling', 'label.refused', { ...caseRef(pole, round), outcome: 'not_labelled', motivation: 'm' }, at),
      revision: (pole: Pole, round: number, at: string) => emit('labelling', 'label.revision_requested', { ...caseRef(pole, round), requestedChanges: ['WP2'], motivation: 'm' }, at),
      funded: (f: Funder, totalCents: number): Envelope[] => {
        const a = { applicationId: randomUUID(), projectId: id, callId: randomUUID(), callTitle: `${f.funderName} 2026`, ...f };
        plans.set(f.funderId, { planId: randomUUID(), applicationId: a.applicationId, ...f });
        return [
          emit('funding', 'funding.requested', { ...a, round: 1, appliedAt: '2026-12-01T09:00:00.000Z' }),
          emit('funding', 'funding.granted', {
            ...a, totalCents, partners: [{ organisationId: coordinator.organisationId, name: coordinator.name, amountCents: totalCents, aidForm: 'grant' }],
            tranches: [{ milestone: 'prototype', percent: 30 }, { milestone: 'market_launch', percent: 70 }], motivation: 'm',
          }),
        ];
      },
      plan: (f: Funder, totalCents: number) => {
        for (const key of ['prototype', 'market_launch']) ids[`${acronym}:${f.funderId}:${key}`] = randomUUID();
        return emit('milestones', 'milestones.plan_created', {
          ...plans.get(f.funderId)!, projectId: id, milestones: [
            { milestoneId: ids[`${acronym}:${f.funderId}:prototype`], key: 'prototype', dueAt: '2027-06-01T00:00:00.000Z', trlExpected: 6, percent: 30, amountCents: totalCents * 0.3 },
            { milestoneId: ids[`${acronym}:${f.funderId}:market_launch`], key: 'market_launch', dueAt: '2028-06-01T00:00:00.000Z', trlExpected: 8, percent: 70, amountCents: totalCents * 0.7 },
          ],
        });
      },
      overdue: (f: Funder, key: 'prototype' | 'market_launch', escalated: boolean) =>
        emit('milestones', 'milestone.overdue', { ...milestone(f, key), dueAt: '2027-06-01T00:00:00.000Z', escalated }),
      reported: (f: Funder, key: 'prototype' | 'market_launch') =>
        emit('milestones', 'milestone.reported', { ...milestone(f, key), attempt: 1, trlReached: 6, spentCents: 1, summary: 's' }),
      validated: (f: Funder, key: 'prototype' | 'market_launch') =>
        emit('milestones', 'milestone.validated', { ...milestone(f, key), trlReached: 6, milestoneStage: key === 'prototype' ? 'prototype' : null, comment: 'ok' }),
      released: (f: Funder, key: 'prototype' | 'market_launch', totalCents: number) => emit('milestones', 'tranche.released', {
        ...milestone(f, key), totalCents, partners: [{ organisationId: coordinator.organisationId, name: coordinator.name, amountCents: totalCents, aidForm: 'grant' }], repayments: [],
      }),
      launched: () => emit('milestones', 'project.market_launched', {
        projectId: id, planId: randomUUID(), product: 'Lens', launchDate: '2028-07-01', firstCustomers: [], revenueCents: null,
      }),
    };
  }

  beforeAll(async () => {
    h = await startService('trkdashboards', 'tracker', (env) => TrackerModule.forRoot(loadTrackerConfig({ ...env, ROLES: 'api', DB_POOL_MAX: '4' })));
    app = h.app;
    const events: Envelope[] = [];
    for (const o of [TOULOUSE, PARIS]) {
      events.push(envelope('organisation.registered', {
        ...o, kind: 'company', siren: '732829320', siret: null, nafCode: null, sizeEu: null, categoryFr: null,
      }, { streamId: o.organisationId }));
    }
    for (const f of [BPI, OCC]) {
      events.push(envelope('funder.published', { funderId: f.funderId, slug: f.funderName, name: f.funderName, kind: 'public', region: null }, { streamId: `funder:${f.funderId}` }));
    }
    // ALPHA (Occitanie): labelled by AV in 10 days; Bpifrance grants 800 000 €, releases the prototype tranche; the market launch milestone is overdue, escalated.
    const alpha = project('ALPHA', TOULOUSE, [AV]);
    events.push(alpha.created(), alpha.submitted(), alpha.opened(AV, 1, '2026-01-01T00:00:00.000Z'), alpha.labelled(AV, 1, '2026-01-11T00:00:00.000Z'),
      ...alpha.funded(BPI, 80_000_000), alpha.plan(BPI, 80_000_000),
      alpha.overdue(BPI, 'prototype', false), alpha.reported(BPI, 'prototype'), alpha.validated(BPI, 'prototype'), alpha.released(BPI, 'prototype', 24_000_000),
      alpha.overdue(BPI, 'market_launch', false), alpha.overdue(BPI, 'market_launch', true));
    // BRAVO (Île-de-France): AV asks for a revision, labels round 2 (51 days after the round-1 opening); SYS refuses; Région Occitanie funds it all; on the market.
    const bravo = project('BRAVO', PARIS, [AV, SYS]);
    events.push(bravo.created(), bravo.submitted(), bravo.opened(AV, 1, '2026-01-01T00:00:00.000Z'), bravo.opened(SYS, 1, '2026-01-01T00:00:00.000Z'),
      bravo.revision(AV, 1, '2026-01-15T00:00:00.000Z'), bravo.refused(SYS, 1, '2026-01-16T00:00:00.000Z'), bravo.resubmitted(2),
      bravo.opened(AV, 2, '2026-02-01T00:00:00.000Z'), bravo.labelled(AV, 2, '2026-02-21T00:00:00.000Z'),
      ...bravo.funded(OCC, 20_000_000), bravo.plan(OCC, 20_000_000), bravo.released(OCC, 'market_launch', 20_000_000), bravo.launched());
    // CHARLIE (Occitanie): SYS's case still open. DELTA (Île-de-France): not labelled by AV.
    const charlie = project('CHARLIE', TOULOUSE, [SYS]);
    events.push(charlie.created(), charlie.submitted(), charlie.opened(SYS, 1, '2026-03-01T00:00:00.000Z'));
    const delta = project('DELTA', PARIS, [AV]);
    events.push(delta.created(), delta.submitted(), delta.opened(AV, 1, '2026-03-01T00:00:00.000Z'), delta.refused(AV, 1, '2026-03-05T00:00:00.000Z'));
    for (const e of events) expect([e.type, await deliver(app, e)]).toEqual([e.type, 'applied']);
  });

  afterAll(async () => h?.close());

  it("a pole's dashboard: its projects by stage, label rate, median time to label, aid leveraged, and what it cannot say", async () => {
    const res = await as(app, staffOf(AV)).get(`/api/v1/dashboards/poles/${AV.poleId}`).expect(200);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.body).toEqual({
      poleId: AV.poleId, name: 'Aerospace Valley', code: 'AV',
      projects: { total: 3, byStage: stages({ prototype: 1, market: 1, not_labelled: 1 }) },
      labelling: { decided: 3, labelled: 2, labelRate: 0.6667, medianDaysToLabel: 30.5 },
      aid: { labelledProjects: 2, leveragedCents: 100_000_000, perLabelledProjectCents: 50_000_000 },
      notes: POLE_NOTES,
    });
    expect(res.body.notes[0]).toContain('no budget figure');

    const sys = await as(app, staffOf(SYS, 'reviewer')).get(`/api/v1/dashboards/poles/${SYS.poleId}`).expect(200);
    expect(sys.body).toMatchObject({
      name: 'Systematic', projects: { total: 2, byStage: stages({ market: 1, in_labelling: 1 }) },
      labelling: { decided: 1, labelled: 0, labelRate: 0, medianDaysToLabel: null },
      aid: { labelledProjects: 0, leveragedCents: 0, perLabelledProjectCents: null },
    });
  });

  it("the pole dashboard is 404 to anyone but the pole's staff and admins", async () => {
    const url = `/api/v1/dashboards/poles/${AV.poleId}`;
    await as(app, staffOf(AV, 'reviewer')).get(url).expect(200);
    await as(app, person(['admin'])).get(url).expect(200);
    const denied = [staffOf(SYS), person(['applicant'], { organisationIds: [TOULOUSE.organisationId] }), person(['funder_officer'], { funderIds: [BPI.funderId] })];
    for (const p of denied) {
      for (const u of [url, `${url}?format=csv`]) {
        const r = await as(app, p).get(u).expect(404);
        expect(r.headers['content-type']).toContain('application/problem+json');
        expect(r.body.code).toBe('POLE_NOT_FOUND');
      }
    }
    await as(app, null).get(url).expect(401);
    const unknown = randomUUID();
    await as(app, person(['admin'])).get(`/api/v1/dashboards/poles/${unknown}`).expect(404);
    await as(app, person(['pole_manager'], { poles: [{ poleId: unknown, role: 'pole_manager' }] })).get(`/api/v1/dashboards/poles/${unknown}`).expect(404);
    await as(app, person(['admin'])).get('/api/v1/dashboards/poles/not-a-uuid').expect(400);
    await as(app, person(['admin'])).get(`${url}?format=xml`).expect(400);
  });

  it("a funder's dashboard keeps its figures and adds committed vs released aid and overdue milestones", async () => {
    const bpi = await as(app, person(['funder_officer'], { funderIds: [BPI.funderId] })).get(`/api/v1/dashboards/funders/${BPI.funderId}`).expect(200);
    expect(bpi.body).toMatchObject({
      funderId: BPI.funderId, name: 'Bpifrance', kind: 'public', region: null,
      applications: { total: 1, requested: 0, eligible: 0, ineligible: 0, granted: 1, refused: 0 }, grantedCents: 80_000_000, projects: 1,
      latest: [{ projectId: ids.ALPHA, acronym: 'ALPHA', status: 'granted', amountCents: 80_000_000 }],
      delivery: { committedCents: 80_000_000, releasedCents: 24_000_000, overdueMilestones: 1, escalatedMilestones: 1 },
    });
    // Over time (cumulative per month up to this one), by stage, and the funded projects with what was released.
    const months = bpi.body.months as { month: string; committedCents: number; releasedCents: number }[];
    expect(months.at(-1)).toMatchObject({ committedCents: 80_000_000, releasedCents: 24_000_000 });
    expect(months.map((m) => m.month)).toEqual([...months.map((m) => m.month)].sort());
    expect(bpi.body.projectsByStage.total).toBe(1);
    expect(bpi.body.portfolio).toEqual([expect.objectContaining({ projectId: ids.ALPHA, acronym: 'ALPHA', grantedCents: 80_000_000, releasedCents: 24_000_000, callTitle: expect.any(String) })]);
    const occ = await as(app, person(['admin'])).get(`/api/v1/dashboards/funders/${OCC.funderId}`).expect(200);
    expect(occ.body.portfolio.map((p: { acronym: string }) => p.acronym)).toEqual(['BRAVO']);
    expect(occ.body.delivery).toEqual({ committedCents: 20_000_000, releasedCents: 20_000_000, overdueMilestones: 0, escalatedMilestones: 0 });
    // Accept: text/csv: one row per application (RFC 4180, French headers, euros with a decimal point).
    const csv = await as(app, person(['admin'])).get(`/api/v1/dashboards/funders/${OCC.funderId}`).set('Accept', 'text/csv').expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="funder-${OCC.funderId}.csv"`);
    expect(csv.text).toBe('Acronyme,Titre,Appel à projets,Statut,Aide accordée (€)\r\nBRAVO,t,Région Occitanie 2026,Accordée,200000.00\r\n');
    // The former metric,value dump stays available on request.
    const metrics = await as(app, person(['admin'])).get(`/api/v1/dashboards/funders/${OCC.funderId}?format=csv&rows=metrics`).expect(200);
    expect(metrics.headers['content-disposition']).toBe(`attachment; filename="funder-${OCC.funderId}.csv"`);
    expect(metrics.text).toContain('\r\ndelivery.releasedCents,20000000\r\n');
    expect(metrics.text).toContain('\r\nlatest.0.acronym,BRAVO\r\n');
    // Another funder's officer: 404 as before.
    await as(app, person(['funder_officer'], { funderIds: [OCC.funderId] })).get(`/api/v1/dashboards/funders/${BPI.funderId}`).expect(404);
  });

  it("a region's dashboard: any signed-in user, the region named case- and accent-insensitively", async () => {
    const res = await as(app, person(['applicant'])).get('/api/v1/dashboards/regions/ile-de-france').expect(200);
    expect(res.body).toEqual({ region: 'Île-de-France', projects: { total: 2, byStage: stages({ market: 1, not_labelled: 1 }) }, aidGrantedCents: 20_000_000, onMarket: 1 });
    const occ = await as(app, person(['applicant'])).get('/api/v1/dashboards/regions/OCCITANIE').expect(200);
    expect(occ.body).toEqual({ region: 'Occitanie', projects: { total: 2, byStage: stages({ prototype: 1, in_labelling: 1 }) }, aidGrantedCents: 80_000_000, onMarket: 0 });
    // A region without any project answers zeros; a name that is no French region is 404.
    const none = await as(app, person(['applicant'])).get('/api/v1/dashboards/regions/bretagne').expect(200);
    expect(none.body).toEqual({ region: 'Bretagne', projects: { total: 0, byStage: stages({}) }, aidGrantedCents: 0, onMarket: 0 });
    const r = await as(app, person(['applicant'])).get('/api/v1/dashboards/regions/Atlantis').expect(404);
    expect(r.body.code).toBe('REGION_NOT_FOUND');
    await as(app, null).get('/api/v1/dashboards/regions/Occitanie').expect(401);
  });

  it('the region dashboard as CSV, exactly: one row per project, or the metric,value dump with rows=metrics', async () => {
    const rows = await as(app, person(['applicant'])).get(`/api/v1/dashboards/regions/${encodeURIComponent('Île-de-France')}?format=csv`).expect(200);
    expect(rows.headers['content-disposition']).toBe('attachment; filename="region-ile-de-france.csv"');
    expect(rows.text).toBe('Acronyme,Titre,Étape,Aide accordée (€)\r\nBRAVO,t,Sur le marché,200000.00\r\nDELTA,t,Non labellisé,0.00\r\n');
    const res = await as(app, person(['applicant'])).get(`/api/v1/dashboards/regions/${encodeURIComponent('Île-de-France')}?format=csv&rows=metrics`).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="region-ile-de-france.csv"');
    expect(res.text).toBe([
      'metric,value',
      'region,Île-de-France',
      'projects.total,2',
      ...PROJECT_STAGES.map((s) => `projects.byStage.${s},${{ market: 1, not_labelled: 1 }[s as string] ?? 0}`),
      'aidGrantedCents,20000000',
      'onMarket,1',
      '',
    ].join('\r\n'));
    // format=json wins over the Accept header.
    const json = await as(app, person(['applicant'])).get('/api/v1/dashboards/regions/occitanie?format=json').set('Accept', 'text/csv').expect(200);
    expect(json.body.region).toBe('Occitanie');
  });

  it('exports one row per project as XLSX (read back with exceljs) and as CSV for French spreadsheets, French headers, euros', async () => {
    const applicant = person(['applicant']);
    const xlsxOf = async (url: string) => {
      const res = await as(app, applicant).get(url).buffer(true).parse(binary).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet/);
      const wb = new ExcelJS.Workbook();
      // exceljs types its input with an older Node Buffer type.
      await wb.xlsx.load(res.body as Parameters<typeof wb.xlsx.load>[0]);
      const ws = wb.worksheets[0];
      const rows: unknown[][] = [];
      ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      return { name: ws.name, rows, disposition: res.headers['content-disposition'], euroFormat: ws.getColumn(ws.columnCount).numFmt };
    };
    const region = await xlsxOf(`/api/v1/dashboards/regions/${encodeURIComponent('Île-de-France')}?format=xlsx`);
    expect(region).toEqual({
      name: 'Projets', disposition: 'attachment; filename="region-ile-de-france.xlsx"', euroFormat: '#,##0.00 "€"',
      rows: [['Acronyme', 'Titre', 'Étape', 'Aide accordée (€)'], ['BRAVO', 't', 'Sur le marché', 200_000], ['DELTA', 't', 'Non labellisé', 0]],
    });
    // A region without projects: the header row only, not a 404.
    expect((await xlsxOf('/api/v1/dashboards/regions/bretagne?format=xlsx')).rows).toEqual([['Acronyme', 'Titre', 'Étape', 'Aide accordée (€)']]);
    const pole = await as(app, staffOf(AV)).get(`/api/v1/dashboards/poles/${AV.poleId}?format=csv-fr`).expect(200);
    expect(pole.headers['content-disposition']).toBe('attachment; filename="pole-AV.csv"');
    expect(pole.text.charCodeAt(0)).toBe(0xfeff);
    expect(pole.text.slice(1).split('\r\n')).toEqual([
      'Acronyme;Titre;Étape;Aide accordée (€)', 'ALPHA;t;Prototype;800000,00', 'BRAVO;t;Sur le marché;200000,00', 'DELTA;t;Non labellisé;0,00', '',
    ]);
    const funder = await as(app, person(['funder_officer'], { funderIds: [BPI.funderId] })).get(`/api/v1/dashboards/funders/${BPI.funderId}?format=csv-fr`).expect(200);
    expect(funder.text.slice(1).split('\r\n')).toEqual(['Acronyme;Titre;Appel à projets;Statut;Aide accordée (€)', 'ALPHA;t;Bpifrance 2026;Accordée;800000,00', '']);
  });

  it('the XLSX also holds one row per milestone and per released tranche (read back with exceljs); a CSV gives them with ?rows=', async () => {
    const officer = person(['funder_officer'], { funderIds: [BPI.funderId] });
    const res = await as(app, officer).get(`/api/v1/dashboards/funders/${BPI.funderId}?format=xlsx`).buffer(true).parse(binary).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as Parameters<typeof wb.xlsx.load>[0]);
    const sheets = Object.fromEntries(wb.worksheets.map((ws) => {
      const rows: unknown[][] = [];
      ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      return [ws.name, rows];
    }));
    expect(sheets).toEqual({
      Candidatures: [['Acronyme', 'Titre', 'Appel à projets', 'Statut', 'Aide accordée (€)'], ['ALPHA', 't', 'Bpifrance 2026', 'Accordée', 800_000]],
      Jalons: [['Acronyme', 'Financeur', 'Jalon', 'Échéance', 'TRL attendu', 'Tranche (%)', 'Montant de la tranche (€)', 'Statut'],
        ['ALPHA', 'Bpifrance', 'Prototype', new Date('2027-06-01T00:00:00Z'), 6, 30, 240_000, 'Validé'],
        ['ALPHA', 'Bpifrance', 'Mise sur le marché', new Date('2028-06-01T00:00:00Z'), 8, 70, 560_000, 'En retard']],
      Tranches: [['Acronyme', 'Financeur', 'Jalon', 'Versée le', 'Bénéficiaires', 'Montant versé (€)'], ['ALPHA', 'Bpifrance', 'Prototype', new Date('2026-12-01T00:00:00Z'), 1, 240_000]],
    });
    expect(wb.getWorksheet('Tranches')!.getColumn(6).numFmt).toBe('#,##0.00 "€"');
    expect(wb.getWorksheet('Tranches')!.getColumn(4).numFmt).toBe('dd/mm/yyyy');
    // The pole's milestones (its projects, every funder) for a French spreadsheet.
    const pole = await as(app, staffOf(AV)).get(`/api/v1/dashboards/poles/${AV.poleId}?format=csv-fr&rows=milestones`).expect(200);
    expect(pole.headers['content-disposition']).toBe('attachment; filename="pole-AV-milestones.csv"');
    expect(pole.text.slice(1).split('\r\n')).toEqual([
      'Acronyme;Financeur;Jalon;Échéance;TRL attendu;Tranche (%);Montant de la tranche (€);Statut',
      'ALPHA;Bpifrance;Prototype;01/06/2027;6;30;240000,00;Validé', 'ALPHA;Bpifrance;Mise sur le marché;01/06/2028;8;70;560000,00;En retard',
      'BRAVO;Région Occitanie;Prototype;01/06/2027;6;30;60000,00;Prévu', 'BRAVO;Région Occitanie;Mise sur le marché;01/06/2028;8;70;140000,00;Validé', '',
    ]);
    const region = await as(app, person(['applicant'])).get('/api/v1/dashboards/regions/ile-de-france?format=csv&rows=tranches').expect(200);
    expect(region.text).toBe('Acronyme,Financeur,Jalon,Versée le,Bénéficiaires,Montant versé (€)\r\nBRAVO,Région Occitanie,Mise sur le marché,2026-12-01,1,200000.00\r\n');
    await as(app, officer).get(`/api/v1/dashboards/funders/${BPI.funderId}?format=csv&rows=everything`).expect(400);
  });

  it('CSV fields are quoted as RFC 4180 says; the pole notes hold commas', async () => {
    expect(toCsv(['a', 'b'], [['Lumière, "Optique" SA', null], ['x\ny', 3]])).toBe('a,b\r\n"Lumière, ""Optique"" SA",\r\n"x\ny",3\r\n');
    expect(csvField(true)).toBe('true');
    const res = await as(app, staffOf(AV)).get(`/api/v1/dashboards/poles/${AV.poleId}?format=csv&rows=metrics`).expect(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="pole-AV.csv"');
    const lines = res.text.split('\r\n');
    expect(lines.slice(0, 4)).toEqual(['metric,value', `poleId,${AV.poleId}`, 'name,Aerospace Valley', 'code,AV']);
    expect(lines).toContain('labelling.medianDaysToLabel,30.5');
    expect(lines).toContain('aid.perLabelledProjectCents,50000000');
    expect(lines).toContain(`notes.1,${csvField(POLE_NOTES[1])}`);
    expect(POLE_NOTES[1]).toContain(',');
  });

  it('documents the three dashboards, JSON and CSV', () => {
    const doc = SwaggerModule.createDocument(app, new DocumentBuilder().build());
    for (const path of ['/api/v1/dashboards/poles/{poleId}', '/api/v1/dashboards/funders/{funderId}', '/api/v1/dashboards/regions/{region}']) {
      const op = doc.paths[path].get!;
      expect(Object.keys((op.responses['200'] as { content: object }).content)).toEqual(['application/json', 'text/csv']);
      expect(op.parameters?.map((p) => ('name' in p ? p.name : ''))).toContain('format');
    }
    const schemas = doc.components!.schemas as Record<string, { properties: Record<string, unknown> }>;
    expect(Object.keys(schemas.StageCounts.properties)).toEqual([...PROJECT_STAGES]);
    expect(Object.keys(schemas.FunderDashboardWithDelivery.properties)).toEqual(expect.arrayContaining(['latest', 'grantedCents', 'delivery']));
  });
});
