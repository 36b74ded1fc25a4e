import type { INestApplication } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { EVENT_TYPES, subscribersOf, type Envelope, type EventPayload, type EventType, type Role, type ServiceName } from '@poleflow/contracts';
import { InboxWorker, type InboxOutcome } from '@poleflow/messaging';
import { envelope, startService, tokenFor, type ServiceHarness } from '@poleflow/testing';
import { loadTrackerConfig } from '../config.js';
import { TrackerModule } from '../tracker.module.js';

type CaseRef = Pick<EventPayload<'labelling.case_admitted'>, 'caseId' | 'projectId' | 'poleId' | 'poleCode' | 'poleName' | 'lead' | 'round'>;

const AV = { poleId: randomUUID(), poleCode: 'AV', poleName: 'Aerospace Valley' };
const SYS = { poleId: randomUUID(), poleCode: 'SYS', poleName: 'Systematic Paris-Region' };

/* Co-labelling as the tracker follows it: per-pole cases, the stage as their aggregate, the timeline in words. */
describe('tracker: labelling cases (real PostgreSQL)', () => {
  let h: ServiceHarness;
  let app: INestApplication;
  let clock = 0;

  beforeAll(async () => {
    h = await startService('trklabel', 'tracker', (env) => TrackerModule.forRoot(loadTrackerConfig({ ...env, ROLES: 'api', DB_POOL_MAX: '4' })));
    app = h.app;
  });

  afterAll(async () => h?.close());

  const deliver = (e: Envelope): Promise<InboxOutcome> => app.get(InboxWorker).process({ id: e.id, name: e.type, data: e, attemptsMade: 0, opts: { attempts: 5 } });
  const sql = <T extends object>(q: string, params: unknown[]) => app.get(MikroORM).em.fork().execute<T[]>(q, params);

  /** One project's streams: submission's and labelling's events are numbered apart (ARCHITECTURE.md §7.1). */
  function project() {
    const id = randomUUID();
    const coordinator = randomUUID();
    const seq: Partial<Record<ServiceName, number>> = {};
    const emit = <T extends EventType>(source: ServiceName, type: T, payload: EventPayload<T>, role: Role = source === 'labelling' ? 'pole_manager' : 'applicant'): Envelope<EventPayload<T>> => {
      seq[source] = (seq[source] ?? 0) + 1;
      return {
        id: randomUUID(), type, version: 1, occurredAt: new Date(Date.UTC(2026, 10, 27, 9, 0, ++clock)).toISOString(), source, streamId: id,
        sequence: seq[source], actor: { userId: randomUUID(), role }, correlationId: `c-${clock}`, causationId: null, payload,
      };
    };
    const snapshot = (round: number): EventPayload<'project.submitted'> => ({
      projectId: id, round, acronym: 'HYPERWING', title: 'Morphing wing', summary: 's', themes: ['aeronautics-space'], keywords: [], trlStart: 3, trlTarget: 6,
      startDate: '2027-01-01', durationMonths: 24, poles: [{ poleId: AV.poleId, lead: true }, { poleId: SYS.poleId, lead: false }],
      partners: [{ organisationId: coordinator, name: 'AéroLab SAS', kind: 'company', siren: '732829320', region: 'Occitanie', sizeEu: 'small', categoryFr: 'PME', role: 'coordinator', budget: {}, totalCents: 60_000_000 }],
      totalCents: 60_000_000,
    });
    const caseOf = (pole: typeof AV, round: number): CaseRef => ({ caseId: randomUUID(), projectId: id, ...pole, lead: pole === AV, round });
    return {
      id, coordinator, caseOf,
      created: () => emit('submission', 'project.created', { projectId: id, acronym: 'HYPERWING', title: 'Morphing wing', coordinatorOrganisationId: coordinator }),
      submitted: () => emit('submission', 'project.submitted', snapshot(1)),
      resubmitted: (round: number) => emit('submission', 'project.resubmitted', snapshot(round)),
      withdrawn: () => emit('submission', 'project.withdrawn', { projectId: id, reason: null }),
      labelling: <T extends EventType>(type: T, payload: EventPayload<T>, role?: Role) => emit('labelling', type, payload, role),
    };
  }

  const stageOf = async (id: string): Promise<string> => (await sql<{ stage: string }>('select stage from tracker.projects where id = ?', [id]))[0].stage;
  const granted = (ref: CaseRef, labelNumber: string, conditions: string[] = []): EventPayload<'label.granted'> => ({
    ...ref, labelNumber, grantedAt: '2026-11-30T10:00:00.000Z', validUntil: '2028-11-30', callRef: null, conditions, motivation: 'Strong consortium',
  });

  it('two poles: the stage is the aggregate of both cases, through a revision round, and the timeline says who did what', async () => {
    const p = project();
    const step = async (e: Envelope, stage: string) => {
      expect(await deliver(e)).toBe('applied');
      expect(await stageOf(p.id)).toBe(stage);
    };
    await step(p.created(), 'conception');
    await step(p.submitted(), 'submitted');
    await step(p.labelling('labelling.case_opened', { ...p.caseOf(AV, 1), acronym: 'HYPERWING' }), 'in_labelling');
    await step(p.labelling('labelling.case_opened', { ...p.caseOf(SYS, 1), acronym: 'HYPERWING' }), 'in_labelling');
    await step(p.labelling('labelling.case_admitted', p.caseOf(SYS, 1)), 'in_labelling');
    // The lead asks for a revision while the co-labelling case is still open: the whole project waits for it.
    await step(p.labelling('label.revision_requested', { ...p.caseOf(AV, 1), requestedChanges: ['Detail WP2', 'Add a user letter'], motivation: 'm' }), 'revision_requested');
    await step(p.resubmitted(2), 'submitted');
    await step(p.labelling('labelling.case_opened', { ...p.caseOf(AV, 2), acronym: 'HYPERWING' }), 'in_labelling');
    await step(p.labelling('labelling.quorum_reached', { ...p.caseOf(AV, 2), reviewCount: 2 }, 'reviewer'), 'in_labelling');
    await step(p.labelling('label.granted', granted(p.caseOf(SYS, 1), 'SYS-2026-0007')), 'in_labelling'); // the lead has not decided yet
    const leadLabel = p.labelling('label.granted', granted(p.caseOf(AV, 2), 'AV-2026-0001', ['Keep the end user', 'Report yearly']));
    await step(leadLabel, 'labelled');
    expect(await deliver(leadLabel)).toBe('duplicate');
    expect(await sql('select count(*)::int as n from tracker.timeline_entries where project_id = ? and type = ?', [p.id, 'label.granted'])).toEqual([{ n: 2 }]);

    const member = tokenFor({ userId: randomUUID(), email: 'a@x.test', roles: ['applicant'], organisationIds: [p.coordinator], poles: [], funderIds: [] });
    const res = await request(app.getHttpServer()).get(`/api/v1/projects/${p.id}/timeline`).set('authorization', `Bearer ${member}`).expect(200);
    expect(res.body.stage).toBe('labelled');
    expect(res.body.labelling).toEqual([
      { poleId: AV.poleId, poleName: 'Aerospace Valley', poleCode: 'AV', lead: true, round: 2, status: 'labelled', labelNumber: 'AV-2026-0001', validUntil: '2028-11-30', updatedAt: leadLabel.occurredAt },
      expect.objectContaining({ poleId: SYS.poleId, lead: false, round: 1, status: 'labelled', labelNumber: 'SYS-2026-0007' }),
    ]);
    expect(res.body.items.map((i: { stage: string; summary: string }) => [i.stage, i.summary])).toEqual([
      ['conception', 'Project HYPERWING created by its coordinator'],
      ['submitted', 'Submitted by AéroLab SAS to 2 pole(s) with 1 partner(s), total budget 600 000 €'],
      ['in_labelling', 'Labelling case opened by Aerospace Valley (lead pole), round 1'],
      ['in_labelling', 'Labelling case opened by Systematic Paris-Region (co-labelling), round 1'],
      ['in_labelling', 'Admissible for Systematic Paris-Region (co-labelling)'],
      ['revision_requested', 'Revision requested by Aerospace Valley (lead pole): 2 change(s) — Detail WP2; Add a user letter'],
      ['submitted', 'Resubmitted (round 2) by AéroLab SAS to 2 pole(s) with 1 partner(s), total budget 600 000 €'],
      ['in_labelling', 'Labelling case opened by Aerospace Valley (lead pole), round 2'],
      ['in_labelling', 'Reviews complete for Aerospace Valley (lead pole): quorum of 2 reached'],
      ['in_labelling', 'Labelled by Systematic Paris-Region (co-labelling): SYS-2026-0007, valid until 2028-11-30'],
      ['labelled', 'Labelled by Aerospace Valley (lead pole): AV-2026-0001, valid until 2028-11-30 — conditions: Keep the end user; Report yearly'],
    ]);
    // A reviewer acted (the last review reached the quorum): the tracker keeps the role, never the person.
    const quorum = await sql<{ actor_user_id: string | null; actor_role: string }>(
      'select actor_user_id, actor_role from tracker.timeline_entries where project_id = ? and type = ?', [p.id, 'labelling.quorum_reached'],
    );
    expect(quorum).toEqual([{ actor_user_id: null, actor_role: 'reviewer' }]);

    // Pole staff of either pole see the cases too.
    const poleStaff = tokenFor({ userId: randomUUID(), email: 'p@x.test', roles: ['pole_manager'], organisationIds: [], poles: [{ poleId: SYS.poleId, role: 'pole_manager' }], funderIds: [] });
    const forPole = await request(app.getHttpServer()).get(`/api/v1/projects/${p.id}/timeline?limit=1`).set('authorization', `Bearer ${poleStaff}`).expect(200);
    expect(forPole.body.labelling).toHaveLength(2);
  });

  it('refusals, support letters, revocations and closures read as such; one label is enough', async () => {
    const p = project();
    await deliver(p.created());
    await deliver(p.submitted());
    await deliver(p.labelling('labelling.case_opened', { ...p.caseOf(AV, 1), acronym: 'HYPERWING' }));
    await deliver(p.labelling('labelling.case_opened', { ...p.caseOf(SYS, 1), acronym: 'HYPERWING' }));
    const steps: [Envelope, string, string][] = [
      [p.labelling('label.refused', { ...p.caseOf(SYS, 1), outcome: 'inadmissible', motivation: 'No research organisation' }), 'in_labelling',
        'Declared inadmissible by Systematic Paris-Region (co-labelling): No research organisation'],
      [p.labelling('label.support_letter_issued', { ...p.caseOf(AV, 1), motivation: 'Too early for a label' }), 'not_labelled',
        'Support letter from Aerospace Valley (lead pole) instead of a label: Too early for a label'],
      [p.labelling('labelling.case_opened', { ...p.caseOf(SYS, 1), acronym: 'HYPERWING' }), 'in_labelling', 'Labelling case opened by Systematic Paris-Region (co-labelling), round 1'],
      [p.labelling('label.granted', granted(p.caseOf(SYS, 1), 'SYS-2026-0009')), 'labelled', 'Labelled by Systematic Paris-Region (co-labelling): SYS-2026-0009, valid until 2028-11-30'],
      [p.labelling('label.revoked', { ...p.caseOf(SYS, 1), labelNumber: 'SYS-2026-0009', motivation: 'Conditions not met' }), 'not_labelled',
        'Label SYS-2026-0009 revoked by Systematic Paris-Region (co-labelling): Conditions not met'],
      [p.labelling('label.refused', { ...p.caseOf(AV, 1), outcome: 'not_labelled', motivation: 'Off the roadmap' }), 'not_labelled',
        'Not labelled by Aerospace Valley (lead pole): Off the roadmap'],
      [p.withdrawn(), 'withdrawn', 'Withdrawn'],
      [p.labelling('labelling.case_closed', { ...p.caseOf(AV, 1), reason: 'project_withdrawn' }), 'withdrawn',
        'Labelling case closed for Aerospace Valley (lead pole): the project was withdrawn'],
    ];
    for (const [e, stage, summary] of steps) {
      expect(await deliver(e)).toBe('applied');
      const [entry] = await sql<{ stage: string; summary: string }>('select stage, summary from tracker.timeline_entries where id = ?', [e.id]);
      expect(entry).toEqual({ stage, summary });
    }
    const cases = await sql<{ pole_id: string; status: string; label_number: string | null }>(
      'select pole_id, status, label_number from tracker.labelling_cases where project_id = ? order by lead desc', [p.id],
    );
    expect(cases).toEqual([
      { pole_id: AV.poleId, status: 'closed', label_number: null },
      { pole_id: SYS.poleId, status: 'revoked', label_number: 'SYS-2026-0009' },
    ]);
  });

  it('never moves a project back from a later stage on a late labelling event', async () => {
    const p = project();
    await deliver(p.created());
    await deliver(p.submitted());
    await deliver(p.labelling('labelling.case_opened', { ...p.caseOf(AV, 1), acronym: 'HYPERWING' }));
    await deliver(p.labelling('labelling.case_opened', { ...p.caseOf(SYS, 1), acronym: 'HYPERWING' }));
    await deliver(p.labelling('label.granted', granted(p.caseOf(AV, 1), 'AV-2026-0002')));
    // Funding events are not on the wire yet: the project reached `funded` by a later service's event.
    await sql('update tracker.projects set stage = ? where id = ?', ['funded', p.id]);
    const late = p.labelling('label.granted', granted(p.caseOf(SYS, 1), 'SYS-2026-0010'));
    expect(await deliver(late)).toBe('applied');
    expect(await stageOf(p.id)).toBe('funded');
    await deliver(p.labelling('label.revision_requested', { ...p.caseOf(AV, 1), requestedChanges: ['x'], motivation: 'm' }));
    expect(await stageOf(p.id)).toBe('funded');
    const [entry] = await sql<{ stage: string }>('select stage from tracker.timeline_entries where id = ?', [late.id]);
    expect(entry.stage).toBe('funded');
  });

  it('labelling events that overtake submission\'s (another source) still give the right stage', async () => {
    const p = project();
    const created = p.created();
    const submitted = p.submitted();
    expect(await deliver(p.labelling('labelling.case_opened', { ...p.caseOf(AV, 1), acronym: 'HYPERWING' }))).toBe('applied');
    expect(await stageOf(p.id)).toBe('in_labelling');
    expect(await deliver(created)).toBe('applied');
    expect(await deliver(submitted)).toBe('applied');
    expect(await stageOf(p.id)).toBe('in_labelling');
    const [view] = await sql<{ acronym: string; organisation_ids: string[]; round: number }>('select acronym, organisation_ids, round from tracker.projects where id = ?', [p.id]);
    expect(view).toEqual({ acronym: 'HYPERWING', organisation_ids: [p.coordinator], round: 1 });
  });

  it('handles exactly the events ROUTES sends the tracker', () => {
    const routed = EVENT_TYPES.filter((t) => subscribersOf(t).includes('tracker')).sort();
    expect(app.get(InboxWorker).handledTypes().sort()).toEqual(routed);
  });

  it('turns a reviewer\'s assignment into that reviewer\'s notification only: no timeline entry, no feed row', async () => {
    const projectId = randomUUID();
    const reviewerUserId = randomUUID();
    const e = envelope('labelling.reviewer_assigned', {
      caseId: randomUUID(), projectId, ...AV, lead: true, round: 1, assignmentId: randomUUID(), reviewerUserId, dueAt: '2027-02-01T12:00:00.000Z',
    }, { streamId: projectId, source: 'labelling' });
    expect(await deliver(e)).toBe('applied');
    expect(await sql('select id from tracker.timeline_entries where id = ?', [e.id])).toEqual([]);
    expect(await sql('select event_id from tracker.feed_entries where event_id = ?', [e.id])).toEqual([]);
    expect(await sql<{ audience_kind: string; audience_id: string; message: string }>('select audience_kind, audience_id, message from tracker.notifications where event_id = ?', [e.id]))
      .toEqual([{ audience_kind: 'user', audience_id: reviewerUserId, message: "Review Aerospace Valley's case by 2027-02-01 (round 1)" }]);
  });
});
