import type { INestApplication } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import type { Principal } from '@poleflow/auth';
import { funderIdOf, poleIdOf, type Envelope, type EventPayload, type EventType, type Role, type ServiceName } from '@poleflow/contracts';
import { as, deliver, envelope, startService, waitFor, type ServiceHarness } from '@poleflow/testing';
import { loadTrackerConfig } from '../config.js';
import { TrackerModule } from '../tracker.module.js';
import { recordFeedEntry } from './feed.recorder.js';

const BPI = { funderId: funderIdOf('bpifrance'), funderName: 'Bpifrance' };
const ANR = { funderId: funderIdOf('anr'), funderName: 'ANR' };
const AV = { poleId: poleIdOf('aerospace-valley'), poleCode: 'AV', poleName: 'Aerospace Valley' };
const SYS = { poleId: poleIdOf('systematic-paris-region'), poleCode: 'SYS', poleName: 'Systematic Paris-Region' };

const person = (roles: Role[], o: Partial<Principal> = {}): Principal =>
  ({ userId: randomUUID(), email: `${roles[0]}@x.test`, roles, organisationIds: [], poles: [], funderIds: [], ...o });

/** Five events of one project: created, submitted to `pole`, case opened, (quorum by a reviewer | label), and an application to `funder` if any. */
function project(pole: typeof AV, funder: typeof BPI | null) {
  const id = randomUUID();
  const coordinator = randomUUID();
  const seq: Partial<Record<ServiceName, number>> = {};
  const emit = <T extends EventType>(source: ServiceName, type: T, payload: EventPayload<T>, role: Role): Envelope<EventPayload<T>> => {
    seq[source] = (seq[source] ?? 0) + 1;
    return { ...envelope(type, payload, { streamId: id, sequence: seq[source], source }), actor: { userId: randomUUID(), role } };
  };
  const caseRef = { caseId: randomUUID(), projectId: id, ...pole, lead: true, round: 1 };
  const events = (): Envelope[] => [
    emit('submission', 'project.created', { projectId: id, acronym: 'P', title: 'T', coordinatorOrganisationId: coordinator }, 'applicant'),
    emit('submission', 'project.submitted', {
      projectId: id, round: 1, acronym: 'P', title: 'T', summary: 's', themes: ['aeronautics-space'], keywords: [], trlStart: 4, trlTarget: 7,
      startDate: '2027-01-01', durationMonths: 24, poles: [{ poleId: pole.poleId, lead: true }],
      partners: [{ organisationId: coordinator, name: 'Lab SAS', kind: 'company', siren: '732829320', region: 'Occitanie', sizeEu: 'small', categoryFr: 'PME', role: 'coordinator', budget: {}, totalCents: 100_000 }],
      totalCents: 100_000,
    }, 'applicant'),
    emit('labelling', 'labelling.case_opened', { ...caseRef, acronym: 'P' }, 'pole_manager'),
    emit('labelling', 'labelling.quorum_reached', { ...caseRef, reviewCount: 2 }, 'reviewer'),
    funder
      ? emit('funding', 'funding.requested', { applicationId: randomUUID(), projectId: id, callId: randomUUID(), callTitle: 'Call', ...funder, round: 1, appliedAt: '2026-12-01T09:00:00.000Z' }, 'applicant')
      : emit('labelling', 'label.granted', { ...caseRef, labelNumber: 'X-1', grantedAt: '2026-11-30T10:00:00.000Z', validUntil: '2028-11-30', callRef: null, conditions: [], motivation: 'm' }, 'pole_manager'),
  ];
  return { id, coordinator, events, emit };
}

interface Item { id: string; type: string; occurredAt: string; projectId: string; payload: Record<string, unknown> }
interface Page { items: Item[]; nextCursor: string | null; resumeCursor: string | null }

describe('tracker event feed: every event once, in order, cut to the caller (real PostgreSQL)', () => {
  let h: ServiceHarness;
  let app: INestApplication;
  const admin = person(['admin']);
  const projects = [project(SYS, BPI), project(AV, null), project(SYS, ANR), project(AV, null), project(SYS, BPI)];
  const delivered: Envelope[] = [];
  let resume: string | null = null;

  beforeAll(async () => {
    h = await startService('trkfeed', 'tracker', (env) => TrackerModule.forRoot(loadTrackerConfig({ ...env, ROLES: 'api', DB_POOL_MAX: '6' })));
    app = h.app;
    // 25 events, interleaved across the five projects.
    const streams = projects.map((p) => p.events());
    for (let i = 0; i < 5; i++) {
      for (const s of streams) {
        expect(await deliver(app, s[i])).toBe('applied');
        delivered.push(s[i]);
      }
    }
  });

  afterAll(async () => h?.close());

  const page = async (who: Principal, after: string | null, limit = 10): Promise<Page> =>
    (await as(app, who).get(`/api/v1/feed?limit=${limit}${after ? `&after=${encodeURIComponent(after)}` : ''}`).expect(200)).body;

  /** Follows nextCursor until null; returns every item and the page sizes. */
  /**
   * The feed hands out rows only below the oldest transaction still running on the server (other suites' ones
   * included): wait until every feed row written so far is below it, then a read is complete.
   */
  const settled = () => waitFor(async () => (await h.em().execute<{ ok: boolean }[]>(
    'select coalesce((select max(xid) from tracker.feed_entries) < pg_snapshot_xmin(pg_current_snapshot()), true) as ok',
  ))[0].ok, { what: 'the feed writers to commit' });

  async function readAll(who: Principal, after: string | null = null, limit = 10) {
    await settled();
    const items: Item[] = [];
    const sizes: number[] = [];
    let cursor = after;
    let last: Page;
    do {
      last = await page(who, cursor, limit);
      items.push(...last.items);
      sizes.push(last.items.length);
      cursor = last.nextCursor;
    } while (cursor);
    return { items, sizes, resumeCursor: last.resumeCursor };
  }

  it('returns every event once, in the order applied, across pages of 10', async () => {
    const all = await readAll(admin);
    expect(all.sizes).toEqual([10, 10, 5]);
    expect(all.items.map((i) => i.id)).toEqual(delivered.map((e) => e.id));
    expect(new Set(all.items.map((i) => i.id)).size).toBe(25);
    // Each item is the envelope's id, type, occurredAt, project and payload — nothing else (no actor).
    const first = delivered[0];
    expect(all.items[0]).toEqual({ id: first.id, type: first.type, occurredAt: first.occurredAt, projectId: projects[0].id, payload: first.payload });
    expect(JSON.stringify(all.items)).not.toContain('"actor"');
    resume = all.resumeCursor;
  });

  it('cuts the feed to the caller: a funder its applicants, pole staff their projects, members their consortia', async () => {
    const ids = (items: Item[]) => items.map((i) => i.id);
    const of = (...ps: typeof projects) => delivered.filter((e) => ps.some((p) => p.id === e.streamId)).map((e) => e.id);
    // A funder sees the whole history of the projects that applied to its calls, events before the application included.
    expect(ids((await readAll(person(['funder_officer'], { funderIds: [BPI.funderId] }))).items)).toEqual(of(projects[0], projects[4]));
    expect(ids((await readAll(person(['funder_officer'], { funderIds: [ANR.funderId] }))).items)).toEqual(of(projects[2]));
    expect(ids((await readAll(person(['funder_officer'], { funderIds: [funderIdOf('region-occitanie')] }))).items)).toEqual([]);
    expect(ids((await readAll(person(['pole_manager'], { poles: [{ poleId: AV.poleId, role: 'pole_manager' }] }))).items)).toEqual(of(projects[1], projects[3]));
    expect(ids((await readAll(person(['reviewer'], { poles: [{ poleId: AV.poleId, role: 'reviewer' }] }))).items)).toEqual(of(projects[1], projects[3]));
    expect(ids((await readAll(person(['applicant'], { organisationIds: [projects[2].coordinator] }))).items)).toEqual(of(projects[2]));
    expect(ids((await readAll(person(['applicant'], { organisationIds: [randomUUID()] }))).items)).toEqual([]);
    // Several affiliations add up.
    const both = person(['funder_officer', 'applicant'], { funderIds: [ANR.funderId], organisationIds: [projects[1].coordinator] });
    expect(ids((await readAll(both)).items)).toEqual(of(projects[1], projects[2]));
  });

  it('continues from resumeCursor once caught up, and ignores an event delivered twice', async () => {
    expect(resume).not.toBeNull();
    const p = projects[1];
    const later = [p.emit('labelling', 'label.revoked', { caseId: randomUUID(), projectId: p.id, ...AV, lead: true, round: 1, labelNumber: 'X-1', motivation: 'm' }, 'pole_manager')];
    expect(await deliver(app, later[0])).toBe('applied');
    expect(await deliver(app, later[0])).toBe('duplicate');
    const next = await readAll(admin, resume);
    expect(next.items.map((i) => i.id)).toEqual([later[0].id]);
    expect(await h.em().execute('select count(*)::int as n from tracker.feed_entries where event_id = ?', [later[0].id])).toEqual([{ n: 1 }]);
    delivered.push(later[0]);
    // Nothing new: an empty page that keeps the cursor.
    const idle = await page(admin, next.resumeCursor);
    expect(idle).toEqual({ items: [], nextCursor: null, resumeCursor: next.resumeCursor });
  });

  it('never lets a reader pass an event that commits later, and writers do not wait for each other', async () => {
    const orm = app.get(MikroORM);
    const { resumeCursor: start } = await readAll(admin);
    const slow = projects[3].emit('labelling', 'label.revoked', { caseId: randomUUID(), projectId: projects[3].id, ...AV, lead: true, round: 1, labelNumber: 'X-1', motivation: 'slow' }, 'pole_manager');
    const fast = projects[4].emit('labelling', 'label.revoked', { caseId: randomUUID(), projectId: projects[4].id, ...SYS, lead: true, round: 1, labelNumber: 'X-2', motivation: 'fast' }, 'pole_manager');
    // A transaction that has written its feed row but not committed yet…
    const em = orm.em.fork();
    await em.begin();
    try {
      recordFeedEntry(em, slow, projects[3].id);
      await em.flush();
      // …does not hold up a later event, which commits first…
      expect(await deliver(app, fast)).toBe('applied');
      // …but a reader does not get past the running transaction: the committed later event waits for it.
      expect((await page(admin, start)).items).toEqual([]);
    } catch (err) {
      await em.rollback();
      throw err;
    }
    await em.commit();
    expect((await readAll(admin, start)).items.map((i) => i.id)).toEqual([slow.id, fast.id]);
  });

  it('refuses a cursor it did not issue', async () => {
    const res = await as(app, admin).get('/api/v1/feed?after=nonsense').expect(400);
    expect(res.body.code).toBe('INVALID_CURSOR');
    await as(app, admin).get(`/api/v1/feed?after=${Buffer.from(JSON.stringify(['abc', 'x'])).toString('base64url')}`).expect(400);
    await as(app, admin).get('/api/v1/feed?limit=500').expect(400);
    await as(app, null).get('/api/v1/feed').expect(401);
  });
});
