import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { as, funded, officer, principal, startMilestones, type Harness } from '../../test/harness.js';
import { ImpactReport } from './impact.entity.js';

const Y = new Date().getUTCFullYear();

/** A funded project taken through its milestones; the market launch is reported (launched on launchDate) and, unless told, validated. */
async function launched(app: INestApplication, launchDate: string, validate = true) {
  const f = await funded(app);
  const plan = (await as(app, f.coordinator).get(`/api/v1/milestones?projectId=${f.projectId}`).expect(200)).body as { id: string; key: string }[];
  for (const m of plan.slice(0, -1)) {
    const r = await as(app, f.coordinator).post(`/api/v1/milestones/${m.id}/report`).send({ trlReached: 8, spentCents: 1, summary: 'done' }).expect(200);
    await as(app, officer()).post(`/api/v1/milestones/${m.id}/review`).set('If-Match', r.headers.etag).send({ decision: 'validated', comment: 'ok' }).expect(200);
  }
  const market = plan.at(-1)!;
  expect(market.key).toBe('market_launch');
  const r = await as(app, f.coordinator).post(`/api/v1/milestones/${market.id}/report`).send({
    trlReached: 9, spentCents: 1, summary: 'On sale', marketLaunch: { product: 'H2Tank 300', launchDate, firstCustomers: ['Airbus'] },
  }).expect(200);
  if (validate) await as(app, officer()).post(`/api/v1/milestones/${market.id}/review`).set('If-Match', r.headers.etag).send({ decision: 'validated', comment: 'Confirmed' }).expect(200);
  return { ...f, market, etag: r.headers.etag as string };
}

const body = (o: Record<string, unknown> = {}) => ({ revenueCents: 250_000_000, jobsCreated: 12, patentsFiled: 2, ...o });

describe('post-launch impact reports (real PostgreSQL)', () => {
  let h: Harness;
  beforeAll(async () => { h = await startMilestones('impact'); });
  afterAll(async () => h.close());

  const rows = (projectId: string) => h.em().find(ImpactReport, { projectId }, { orderBy: { year: 'asc' } });

  it('refuses a report until the market launch is validated (409 NOT_ON_THE_MARKET), then accepts it', async () => {
    const { projectId, coordinator } = await funded(h.app);
    const before = await as(h.app, coordinator).put(`/api/v1/impact/${projectId}/${Y}`).send(body()).expect(409);
    expect(before.body.code).toBe('NOT_ON_THE_MARKET');
    expect((await as(h.app, coordinator).get(`/api/v1/impact/${projectId}`).expect(200)).body).toEqual({
      projectId, launchYear: null, years: [], totals: { revenueCents: 0, jobsCreated: 0, patentsFiled: 0 },
    });

    // Reported but not yet validated: still not on the market.
    const l = await launched(h.app, `${Y - 1}-06-15`, false);
    expect((await as(h.app, l.coordinator).put(`/api/v1/impact/${l.projectId}/${Y}`).send(body()).expect(409)).body.code).toBe('NOT_ON_THE_MARKET');
    expect(await rows(l.projectId)).toEqual([]);
    await as(h.app, officer()).post(`/api/v1/milestones/${l.market.id}/review`).set('If-Match', l.etag).send({ decision: 'validated', comment: 'Confirmed' }).expect(200);
    const ok = await as(h.app, l.coordinator).put(`/api/v1/impact/${l.projectId}/${Y}`).send(body()).expect(200);
    expect(ok.body).toMatchObject({ year: Y, revenueCents: 250_000_000, jobsCreated: 12, patentsFiled: 2, exportsShareBps: null, comment: null, updatedBy: l.coordinator.userId });
  });

  it('lets the coordinator report the current and the previous year, once per year (a second PUT corrects it), and shows the totals', async () => {
    const { projectId, coordinator, partner } = await launched(h.app, `${Y - 1}-03-01`);
    const prev = await as(h.app, coordinator).put(`/api/v1/impact/${projectId}/${Y - 1}`)
      .send(body({ revenueCents: 3_000_000_000, jobsCreated: 4, patentsFiled: 1, exportsShareBps: 2500, comment: 'first export contract' })).expect(200);
    expect(prev.body).toMatchObject({ year: Y - 1, revenueCents: 3_000_000_000, jobsCreated: 4, patentsFiled: 1, exportsShareBps: 2500, comment: 'first export contract', updatedBy: coordinator.userId });
    await as(h.app, coordinator).put(`/api/v1/impact/${projectId}/${Y}`).send(body({ revenueCents: 100, jobsCreated: 1, patentsFiled: 0 })).expect(200);
    // Another member of the coordinating organisation corrects the current year: same row, new values, new author.
    const colleague = principal({ organisationIds: coordinator.organisationIds });
    const fixed = await as(h.app, colleague).put(`/api/v1/impact/${projectId}/${Y}`).send(body({ revenueCents: 7_000_000_000, jobsCreated: 9, patentsFiled: 3, exportsShareBps: 10000 })).expect(200);
    expect(fixed.body).toMatchObject({ year: Y, revenueCents: 7_000_000_000, jobsCreated: 9, patentsFiled: 3, exportsShareBps: 10000, comment: null, updatedBy: colleague.userId });

    const stored = await rows(projectId);
    expect(stored.map((r) => [r.year, Number(r.revenueCents), r.jobsCreated, r.patentsFiled, r.exportsShareBps, r.updatedBy])).toEqual([
      [Y - 1, 3_000_000_000, 4, 1, 2500, coordinator.userId], [Y, 7_000_000_000, 9, 3, 10000, colleague.userId],
    ]);
    expect(stored[1].updatedAt.getTime()).toBeGreaterThanOrEqual(stored[1].createdAt.getTime());

    const expected = {
      projectId, launchYear: Y - 1,
      years: [
        { year: Y - 1, revenueCents: 3_000_000_000, jobsCreated: 4, patentsFiled: 1, exportsShareBps: 2500, comment: 'first export contract', updatedBy: coordinator.userId },
        { year: Y, revenueCents: 7_000_000_000, jobsCreated: 9, patentsFiled: 3, exportsShareBps: 10000, comment: null, updatedBy: colleague.userId },
      ],
      totals: { revenueCents: 10_000_000_000, jobsCreated: 13, patentsFiled: 4 },
    };
    // The whole consortium, the funder's officers and the admins read it.
    for (const reader of [coordinator, partner, officer(), principal({ roles: ['admin'] })]) {
      const got = (await as(h.app, reader).get(`/api/v1/impact/${projectId}`).expect(200)).body;
      expect(got).toMatchObject(expected);
      expect(got.years.map((y: { updatedAt: string }) => typeof y.updatedAt)).toEqual(['string', 'string']);
    }
  });

  it('writes only for the coordinator: 403 NOT_COORDINATOR to partners and officers, 404 to strangers (who do not read it either)', async () => {
    const { projectId, coordinator, partner } = await launched(h.app, `${Y - 1}-06-15`);
    expect((await as(h.app, partner).put(`/api/v1/impact/${projectId}/${Y}`).send(body()).expect(403)).body.code).toBe('NOT_COORDINATOR');
    expect((await as(h.app, officer()).put(`/api/v1/impact/${projectId}/${Y}`).send(body()).expect(403)).body.code).toBe('NOT_COORDINATOR');
    expect((await as(h.app, principal({ roles: ['admin'] })).put(`/api/v1/impact/${projectId}/${Y}`).send(body()).expect(403)).body.code).toBe('NOT_COORDINATOR');
    const stranger = principal({ organisationIds: [randomUUID()] });
    const otherFunder = principal({ roles: ['funder_officer'], funderIds: [randomUUID()] });
    for (const p of [stranger, otherFunder]) {
      expect((await as(h.app, p).put(`/api/v1/impact/${projectId}/${Y}`).send(body()).expect(404)).body.code).toBe('PROJECT_NOT_FOUND');
      expect((await as(h.app, p).get(`/api/v1/impact/${projectId}`).expect(404)).body.code).toBe('PROJECT_NOT_FOUND');
    }
    await as(h.app, coordinator).get(`/api/v1/impact/${randomUUID()}`).expect(404);
    await as(h.app, coordinator).put(`/api/v1/impact/${randomUUID()}/${Y}`).send(body()).expect(404);
    expect(await rows(projectId)).toEqual([]);
  });

  it('closes the years before the previous one (409), refuses the years before the launch (422) and the years to come (422)', async () => {
    const old = await launched(h.app, `${Y - 3}-09-01`);
    expect((await as(h.app, old.coordinator).put(`/api/v1/impact/${old.projectId}/${Y - 2}`).send(body()).expect(409)).body.code).toBe('IMPACT_YEAR_CLOSED');
    expect((await as(h.app, old.coordinator).put(`/api/v1/impact/${old.projectId}/${Y - 3}`).send(body()).expect(409)).body.code).toBe('IMPACT_YEAR_CLOSED');
    expect((await as(h.app, old.coordinator).put(`/api/v1/impact/${old.projectId}/${Y + 1}`).send(body()).expect(422)).body.code).toBe('IMPACT_YEAR_IN_FUTURE');
    expect((await as(h.app, old.coordinator).put(`/api/v1/impact/${old.projectId}/${Y - 1}`).send(body()).expect(200)).body.year).toBe(Y - 1);
    expect((await rows(old.projectId)).map((r) => r.year)).toEqual([Y - 1]);

    const fresh = await launched(h.app, `${Y}-01-10`);
    const early = await as(h.app, fresh.coordinator).put(`/api/v1/impact/${fresh.projectId}/${Y - 1}`).send(body()).expect(422);
    expect(early.body.code).toBe('BEFORE_MARKET_LAUNCH');
    expect((await as(h.app, fresh.coordinator).put(`/api/v1/impact/${fresh.projectId}/${Y}`).send(body()).expect(200)).body.year).toBe(Y);
    expect((await as(h.app, fresh.coordinator).get(`/api/v1/impact/${fresh.projectId}`).expect(200)).body).toMatchObject({ launchYear: Y, years: [{ year: Y }] });
  });

  it('answers 400 with the failing fields for a bad body or year, writing nothing', async () => {
    const { projectId, coordinator } = await launched(h.app, `${Y - 1}-06-15`);
    const bad = await as(h.app, coordinator).put(`/api/v1/impact/${projectId}/${Y}`)
      .send({ revenueCents: -1, jobsCreated: 1.5, exportsShareBps: 10001, comment: 42, extra: true }).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect([...new Set((bad.body.errors as { path: string }[]).map((e) => e.path))].sort()).toEqual(['comment', 'exportsShareBps', 'extra', 'jobsCreated', 'patentsFiled', 'revenueCents']);
    expect((await as(h.app, coordinator).put(`/api/v1/impact/${projectId}/${Y}`).send(body({ revenueCents: '100' })).expect(400)).body.errors.map((e: { path: string }) => e.path)).toContain('revenueCents');
    const year = await as(h.app, coordinator).put(`/api/v1/impact/${projectId}/twenty`).send(body()).expect(400);
    expect(year.body.errors.map((e: { path: string }) => e.path)).toContain('year');
    expect((await as(h.app, coordinator).put(`/api/v1/impact/not-a-uuid/${Y}`).send(body()).expect(400)).body.errors.map((e: { path: string }) => e.path)).toContain('projectId');
    expect(await rows(projectId)).toEqual([]);
  });
});
