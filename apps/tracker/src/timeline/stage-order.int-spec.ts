import { MikroORM } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { Envelope, EventPayload, EventType, ServiceName } from '@poleflow/contracts';
import type { Job } from 'bullmq';
import { InboxWorker, SequenceGapError } from '@poleflow/messaging';
import { startService, type ServiceHarness } from '@poleflow/testing';
import { loadTrackerConfig } from '../config.js';
import { TrackerModule } from '../tracker.module.js';

/*
 * The tracker's stage combines two sources (submission's project events, labelling's case events) that nothing
 * orders between them. Whatever the order in which one project's events arrive, and however their transactions
 * overlap, the stage must end where the facts put it (ARCHITECTURE.md §7, "one project at a time").
 */

const AV = { poleId: randomUUID(), poleCode: 'AV', poleName: 'Aerospace Valley', lead: true };
const SYS = { poleId: randomUUID(), poleCode: 'SYS', poleName: 'Systematic Paris-Region', lead: false };

/**
 * One project's events: submission's stream (created, submitted), labelling's (both cases opened, then `labels`
 * grants) and, when `funded`, funding's (an application, then its grant).
 */
function projectEvents(labels: number, funded = false): { id: string; events: Envelope[]; expected: string } {
  const id = randomUUID();
  const seq: Partial<Record<ServiceName, number>> = {};
  let clock = 0;
  const emit = <T extends EventType>(source: ServiceName, type: T, payload: EventPayload<T>): Envelope => {
    seq[source] = (seq[source] ?? 0) + 1;
    return {
      id: randomUUID(), type, version: 1, occurredAt: new Date(Date.UTC(2026, 11, 6, 9, 0, ++clock)).toISOString(), source, streamId: id,
      sequence: seq[source], actor: { userId: randomUUID(), role: source === 'labelling' ? 'pole_manager' : 'applicant' }, correlationId: 'prop', causationId: null,
      payload,
    } as Envelope;
  };
  const coordinator = randomUUID();
  const cases = [AV, SYS].map((pole) => ({ caseId: randomUUID(), projectId: id, ...pole, round: 1 }));
  const events = [
    emit('submission', 'project.created', { projectId: id, acronym: 'RACE', title: 'Race', coordinatorOrganisationId: coordinator }),
    emit('submission', 'project.submitted', {
      projectId: id, round: 1, acronym: 'RACE', title: 'Race', summary: 's', themes: ['aeronautics-space'], keywords: [], trlStart: 3, trlTarget: 6,
      startDate: '2027-01-01', durationMonths: 24, poles: [{ poleId: AV.poleId, lead: true }, { poleId: SYS.poleId, lead: false }],
      partners: [{ organisationId: coordinator, name: 'AéroLab SAS', kind: 'company', siren: '732829320', region: 'Occitanie', sizeEu: 'small', categoryFr: 'PME', role: 'coordinator', budget: {}, totalCents: 60_000_000 }],
      totalCents: 60_000_000,
    }),
    ...cases.map((c) => emit('labelling', 'labelling.case_opened', { ...c, acronym: 'RACE' })),
    ...cases.slice(0, labels).map((c, i) => emit('labelling', 'label.granted', {
      ...c, labelNumber: `L-${i}`, grantedAt: '2026-12-06T10:00:00.000Z', validUntil: '2028-12-06', callRef: null, conditions: [], motivation: 'm',
    })),
  ];
  if (funded) {
    const application = { applicationId: randomUUID(), projectId: id, callId: randomUUID(), callTitle: 'i-Démo 2026', funderId: randomUUID(), funderName: 'Bpifrance' };
    events.push(
      emit('funding', 'funding.requested', { ...application, round: 1, appliedAt: '2026-12-06T11:00:00.000Z' }),
      emit('funding', 'funding.granted', {
        ...application, totalCents: 50_000_000, partners: [{ organisationId: coordinator, name: 'AéroLab SAS', amountCents: 50_000_000, aidForm: 'grant' }],
        tranches: [{ milestone: 'prototype', percent: 30 }, { milestone: 'industrialisation', percent: 40 }, { milestone: 'market_launch', percent: 30 }], motivation: 'm',
      }),
    );
  }
  // Both cases open (or one labelled, one open): in labelling; both labelled: labelled; a grant: funded.
  return { id, events, expected: funded ? 'funded' : labels === 2 ? 'labelled' : 'in_labelling' };
}

/**
 * A scenario, an order of its events and the sizes of the waves they are delivered in. Scenario 0–2: that many
 * labels; 3: both labels and a funding grant (three sources).
 */
const scenarios = fc.integer({ min: 0, max: 3 }).chain((scenario) => {
  const n = 4 + Math.min(scenario, 2) + (scenario === 3 ? 2 : 0);
  return fc.tuple(fc.constant(scenario), fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }), fc.array(fc.integer({ min: 1, max: n }), { minLength: 1, maxLength: 4 }));
});

/** A fresh project (new ids: shrinking replays a scenario) of the scenario, its events in that order. */
function shuffled(scenario: number, order: number[]) {
  const labels = Math.min(scenario, 2);
  const p = projectEvents(labels, scenario === 3);
  return { p, labels, events: order.map((i) => p.events[i]) };
}

describe('tracker: the stage whatever the order and overlap of one project\'s events (property, real PostgreSQL)', () => {
  let h: ServiceHarness;

  beforeAll(async () => {
    h = await startService('trkorder', 'tracker', (env) => TrackerModule.forRoot(loadTrackerConfig({ ...env, ROLES: 'api', DB_POOL_MAX: '8' })));
  });

  afterAll(async () => h?.close());

  const sql = <T extends object>(q: string, params: unknown[]) => h.app.get(MikroORM).em.fork().execute<T[]>(q, params);

  /**
   * Delivers `events` in the given order, `waves` at a time in overlapping transactions. An event that arrives
   * before its stream predecessor fails with a gap and comes back with the next wave, as BullMQ's retry would.
   */
  async function deliver(events: Envelope[], waves: number[]): Promise<void> {
    const inbox = h.app.get(InboxWorker);
    let pending = [...events];
    for (let round = 0, w = 0; pending.length && round < 50; round++, w++) {
      const size = waves[w % waves.length];
      const wave = pending.slice(0, size);
      const failed: Envelope[] = [];
      await Promise.all(wave.map(async (e) => {
        try {
          await inbox.process({ id: e.id, name: e.type, data: e, attemptsMade: 0, opts: { attempts: 100 } });
        } catch (err) {
          if (!(err instanceof SequenceGapError)) throw err;
          failed.push(e);
        }
      }));
      pending = [...pending.slice(size), ...failed];
    }
    expect(pending).toEqual([]);
  }

  it('ends at the stage the facts give, and with every case, for any order and any overlap', async () => {
    await fc.assert(
      fc.asyncProperty(
        scenarios,
        async ([scenario, order, waves]) => {
          const { p, labels, events } = shuffled(scenario, order);
          await deliver(events, waves);
          const [view] = await sql<{ stage: string }>('select stage from tracker.projects where id = ?', [p.id]);
          const cases = await sql<{ status: string }>('select status from tracker.labelling_cases where project_id = ? order by pole_code', [p.id]);
          const entries = await sql<{ n: number }>('select count(*)::int as n from tracker.timeline_entries where project_id = ?', [p.id]);
          expect(view.stage).toBe(p.expected);
          expect(cases.map((c) => c.status)).toEqual([labels >= 1 ? 'labelled' : 'open', labels === 2 ? 'labelled' : 'open']);
          expect(entries[0].n).toBe(p.events.length);
        },
      ),
      { numRuns: 80 },
    );
  });

  /**
   * The same events through a partition's batch path (InboxWorker.processPartition): each wave is one job and the
   * jobs behind it, applied in one transaction when they can be; a batch that meets a gap is applied one by one,
   * where the jobs that fail come back with the next wave, as BullMQ's retry would.
   */
  async function deliverInBatches(events: Envelope[], waves: number[]): Promise<void> {
    const inbox = h.app.get(InboxWorker);
    let pending = [...events];
    for (let round = 0, w = 0; pending.length && round < 50; round++, w++) {
      const wave = pending.slice(0, waves[w % waves.length]);
      const failed: Envelope[] = [];
      const job = (e: Envelope) => ({
        id: e.id, name: e.type, data: e, attemptsMade: 0, opts: { attempts: 100 }, token: 't', queueName: 'tracker.inbox',
        moveToCompleted: async () => undefined, extendLock: async () => 0,
        moveToFailed: async (err: Error) => { if (!(err instanceof SequenceGapError)) throw err; failed.push(e); },
      }) as unknown as Job;
      const rest = wave.slice(1).map(job);
      try {
        await inbox.processPartition({ getNextJob: async () => rest.shift() }, job(wave[0]), 't');
      } catch (err) {
        if (!(err instanceof SequenceGapError)) throw err;
        failed.unshift(wave[0]);
      }
      pending = [...pending.slice(wave.length), ...failed];
    }
    expect(pending).toEqual([]);
  }

  it('ends at the same stage when a partition applies the events in batches of any size', async () => {
    await fc.assert(
      fc.asyncProperty(
        scenarios,
        async ([scenario, order, waves]) => {
          const { p, events } = shuffled(scenario, order);
          await deliverInBatches(events, waves);
          const [view] = await sql<{ stage: string }>('select stage from tracker.projects where id = ?', [p.id]);
          const entries = await sql<{ n: number }>('select count(*)::int as n from tracker.timeline_entries where project_id = ?', [p.id]);
          const inbox = await sql<{ n: number }>('select count(*)::int as n from tracker.inbox where event_id = any(?::uuid[])', [`{${p.events.map((e) => e.id).join(',')}}`]);
          expect(view.stage).toBe(p.expected);
          expect(entries[0].n).toBe(p.events.length);
          expect(inbox[0].n).toBe(p.events.length);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('the issue\'s race: project.submitted and both case openings in one wave, 30 times over', async () => {
    for (let k = 0; k < 30; k++) {
      const p = projectEvents(0);
      await deliver([p.events[0]], [1]);
      await deliver(p.events.slice(1), [3]);
      const [view] = await sql<{ stage: string }>('select stage from tracker.projects where id = ?', [p.id]);
      expect(view.stage).toBe('in_labelling');
    }
  });
});
