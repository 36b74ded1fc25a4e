import { randomUUID } from 'node:crypto';
import { EVENT_TYPES, subscribersOf, type EventPayload, type EventType } from '@poleflow/contracts';
import { InboxWorker } from '@poleflow/messaging';
import request from 'supertest';
import {
  as, budget, completeContent, deliver, envelope, outboxOf, principal, publishPole, registerOrganisation, startSubmission, type Harness,
} from '../../test/harness.js';
import { LabellingOutcome } from './labelling-outcome.entity.js';

type Pole = EventPayload<'pole.published'>;
type CaseRef = Pick<EventPayload<'label.granted'>, 'caseId' | 'projectId' | 'poleId' | 'poleCode' | 'poleName' | 'lead' | 'round'>;

/* Labelling's decisions reaching submission through the real inbox (dedup, stream order, one transaction). */
describe('submission: labelling decisions', () => {
  let h: Harness;
  beforeAll(async () => { h = await startSubmission('sublabel'); });
  afterAll(async () => { await h?.close(); });

  /** A submitted project targeting a lead and a co-labelling pole, and a source of labelling events on its stream. */
  async function submittedProject() {
    const coordinator = await registerOrganisation(h.app, { name: 'Acme Aero' });
    const lead = await publishPole(h.app, 'Aerospace Valley');
    const co = await publishPole(h.app, 'Systematic Paris Region');
    const api = as(h.app, principal({ organisationIds: [coordinator.organisationId] }));
    const created = await api.post('/api/v1/projects')
      .send({ acronym: 'WINGRIB', title: 'Composite wing ribs', coordinatorOrganisationId: coordinator.organisationId, ...completeContent([lead.poleId, co.poleId]) })
      .expect(201);
    const id: string = created.body.id;
    const put = await api.put(`/api/v1/projects/${id}/partners/${coordinator.organisationId}`).set('If-Match', created.headers.etag).send({ budget: budget(500_000_00) }).expect(200);
    const submitted = await api.post(`/api/v1/projects/${id}/submit`).set('If-Match', put.headers.etag).expect(200);
    let sequence = 0;
    const caseOf = (pole: Pole, round: number): CaseRef => ({
      caseId: randomUUID(), projectId: id, poleId: pole.poleId, poleCode: pole.code, poleName: pole.name, lead: pole === lead, round,
    });
    const labelling = <T extends EventType>(type: T, payload: EventPayload<T>) => envelope(type, payload, { streamId: id, sequence: ++sequence, source: 'labelling' });
    return { id, api, lead, co, version: submitted.body.version as number, caseOf, labelling };
  }

  it('a revision request reopens the project once, a second pole adds its own, the consortium resubmits, then labels are granted and revoked', async () => {
    const { id, api, lead, co, version, caseOf, labelling } = await submittedProject();

    const leadRequest = labelling('label.revision_requested', {
      ...caseOf(lead, 1), requestedChanges: ['Detail the budget of WP2', 'Add a letter of intent from the end user'], motivation: 'Budget unclear',
    });
    expect(await deliver(h.app, leadRequest)).toBe('applied');
    expect(await deliver(h.app, leadRequest)).toBe('duplicate');
    const reopened = await api.get(`/api/v1/projects/${id}`).expect(200);
    expect(reopened.body).toMatchObject({ status: 'revision_requested', round: 1, version: version + 1 });
    expect(reopened.headers.etag).toBe(`W/"${version + 1}"`);
    expect(reopened.body.labelling).toEqual([{
      poleId: lead.poleId, lead: true, status: 'revision_requested', labelNumber: null, validUntil: null, motivation: 'Budget unclear',
      requestedChanges: ['Detail the budget of WP2', 'Add a letter of intent from the end user'], conditions: [], round: 1, decidedAt: leadRequest.occurredAt,
    }]);
    expect(reopened.body.openRevisionRequests).toEqual([
      { poleId: lead.poleId, lead: true, requestedChanges: ['Detail the budget of WP2', 'Add a letter of intent from the end user'], motivation: 'Budget unclear' },
    ]);
    expect(await h.em().count(LabellingOutcome, { projectId: id })).toBe(1);
    const inbox = await h.em().execute('select consumer, type from submission.inbox where event_id = ?', [leadRequest.id]);
    expect(inbox).toEqual([{ consumer: 'submission', type: 'label.revision_requested' }]);

    // The co-labelling pole asks too: the status stays, its request is recorded next to the lead's.
    expect(await deliver(h.app, labelling('label.revision_requested', { ...caseOf(co, 1), requestedChanges: ['Name the Île-de-France site'], motivation: 'Territorial impact' }))).toBe('applied');
    const both = await api.get(`/api/v1/projects/${id}`).expect(200);
    expect(both.body.status).toBe('revision_requested');
    expect(both.body.version).toBe(version + 2); // the representation changed: so does the ETag
    expect(both.body.labelling.map((o: { poleId: string; status: string }) => [o.poleId, o.status])).toEqual([
      [lead.poleId, 'revision_requested'], [co.poleId, 'revision_requested'],
    ]);
    expect(both.body.openRevisionRequests.map((r: { poleId: string; requestedChanges: string[] }) => [r.poleId, r.requestedChanges])).toEqual([
      [lead.poleId, ['Detail the budget of WP2', 'Add a letter of intent from the end user']], [co.poleId, ['Name the Île-de-France site']],
    ]);
    expect(await h.em().count(LabellingOutcome, { projectId: id })).toBe(2);

    // The consortium amends and resubmits through the API.
    const patched = await api.patch(`/api/v1/projects/${id}`).set('If-Match', both.headers.etag).send({ summary: 'WP2 budget detailed' }).expect(200);
    const resubmitted = await api.post(`/api/v1/projects/${id}/resubmit`).set('If-Match', patched.headers.etag).expect(200);
    expect(resubmitted.body).toMatchObject({ status: 'resubmitted', round: 2, summary: 'WP2 budget detailed', openRevisionRequests: [] });
    expect(resubmitted.body.labelling).toHaveLength(2);
    expect((await outboxOf(h.em(), id)).map((r) => r.type).filter((t) => t.startsWith('project.'))).toEqual(['project.created', 'project.submitted', 'project.resubmitted']);

    // Round 2: the lead labels, then revokes its label.
    const granted = labelling('label.granted', {
      ...caseOf(lead, 2), labelNumber: 'AV-2026-0001', grantedAt: '2026-11-30T10:00:00.000Z', validUntil: '2028-11-30', callRef: 'i-Nov 2026',
      conditions: ['Keep the end user in the consortium'], motivation: 'Strong consortium',
    });
    expect(await deliver(h.app, granted)).toBe('applied');
    const labelled = await api.get(`/api/v1/projects/${id}`).expect(200);
    expect(labelled.body.status).toBe('resubmitted');
    expect(labelled.body.labelling[0]).toEqual({
      poleId: lead.poleId, lead: true, status: 'labelled', labelNumber: 'AV-2026-0001', validUntil: '2028-11-30', motivation: 'Strong consortium',
      requestedChanges: [], conditions: ['Keep the end user in the consortium'], round: 2, decidedAt: '2026-11-30T10:00:00.000Z',
    });
    expect(labelled.body.labelling[1]).toMatchObject({ poleId: co.poleId, status: 'revision_requested', round: 1 });

    expect(await deliver(h.app, labelling('label.revoked', { ...caseOf(lead, 2), labelNumber: 'AV-2026-0001', motivation: 'Conditions not met' }))).toBe('applied');
    const revoked = await api.get(`/api/v1/projects/${id}`).expect(200);
    expect(revoked.body.labelling[0]).toMatchObject({ poleId: lead.poleId, status: 'revoked', labelNumber: 'AV-2026-0001', validUntil: null, motivation: 'Conditions not met' });
    expect(revoked.body.status).toBe('resubmitted');
  });

  it('refusals and support letters are recorded per pole without touching the status', async () => {
    const { id, api, lead, co, version, caseOf, labelling } = await submittedProject();
    await deliver(h.app, labelling('label.refused', { ...caseOf(lead, 1), outcome: 'not_labelled', motivation: 'Off the roadmap' }));
    await deliver(h.app, labelling('label.support_letter_issued', { ...caseOf(co, 1), motivation: 'Consortium too thin for a label' }));
    const res = await api.get(`/api/v1/projects/${id}`).expect(200);
    expect(res.body).toMatchObject({ status: 'submitted', version: version + 2, openRevisionRequests: [] });
    expect(res.body.labelling.map((o: { status: string; motivation: string }) => [o.status, o.motivation])).toEqual([
      ['not_labelled', 'Off the roadmap'], ['support_letter', 'Consortium too thin for a label'],
    ]);
    await deliver(h.app, labelling('label.refused', { ...caseOf(co, 1), outcome: 'inadmissible', motivation: 'No research organisation' }));
    const after = await api.get(`/api/v1/projects/${id}`).expect(200);
    expect(after.body.labelling[1]).toMatchObject({ poleId: co.poleId, status: 'inadmissible', motivation: 'No research organisation' });
  });

  it('a revision request on a withdrawn project, or on a round already resubmitted, keeps the status', async () => {
    const withdrawn = await submittedProject();
    const before = await withdrawn.api.get(`/api/v1/projects/${withdrawn.id}`).expect(200);
    await withdrawn.api.post(`/api/v1/projects/${withdrawn.id}/withdraw`).set('If-Match', before.headers.etag).send({ reason: 'consortium dissolved' }).expect(200);
    const late = withdrawn.labelling('label.revision_requested', { ...withdrawn.caseOf(withdrawn.lead, 1), requestedChanges: ['x'], motivation: 'm' });
    expect(await deliver(h.app, late)).toBe('applied'); // acknowledged, not dead-lettered
    const res = await withdrawn.api.get(`/api/v1/projects/${withdrawn.id}`).expect(200);
    expect(res.body).toMatchObject({ status: 'withdrawn', openRevisionRequests: [] });
    expect(res.body.labelling).toEqual([expect.objectContaining({ status: 'revision_requested' })]);

    const p = await submittedProject();
    await deliver(h.app, p.labelling('label.revision_requested', { ...p.caseOf(p.lead, 1), requestedChanges: ['a'], motivation: 'm' }));
    const reopened = await p.api.get(`/api/v1/projects/${p.id}`).expect(200);
    await p.api.post(`/api/v1/projects/${p.id}/resubmit`).set('If-Match', reopened.headers.etag).expect(200);
    // The co-labelling pole's request on round 1 arrives after the round-2 resubmission: answered already.
    await deliver(h.app, p.labelling('label.revision_requested', { ...p.caseOf(p.co, 1), requestedChanges: ['b'], motivation: 'm' }));
    const kept = await p.api.get(`/api/v1/projects/${p.id}`).expect(200);
    expect(kept.body).toMatchObject({ status: 'resubmitted', round: 2, openRevisionRequests: [] });
    expect(kept.body.labelling.map((o: { round: number }) => o.round)).toEqual([1, 1]);
  });

  it('a decision on a project submission does not know is dead-lettered at once', async () => {
    const projectId = randomUUID();
    const e = envelope('label.revision_requested', {
      caseId: randomUUID(), projectId, poleId: randomUUID(), poleCode: 'AV', poleName: 'Aerospace Valley', lead: true, round: 1,
      requestedChanges: ['x'], motivation: 'm',
    }, { streamId: projectId, source: 'labelling' });
    await expect(deliver(h.app, e)).rejects.toThrow(/UNKNOWN_PROJECT/);
    const letters = await h.em().execute('select error_code from submission.dead_letters where event_id = ?', [e.id]);
    expect(letters).toEqual([{ error_code: 'UNKNOWN_PROJECT' }]);
  });

  it('handles exactly the events ROUTES sends submission (no case lifecycle event)', () => {
    const routed = EVENT_TYPES.filter((t) => subscribersOf(t).includes('submission')).sort();
    expect(h.app.get(InboxWorker).handledTypes().sort()).toEqual(routed);
    expect(routed).not.toContain('labelling.case_opened');
  });

  it('documents the labelling outcomes on the project view', async () => {
    const { body: doc } = await request(h.app.getHttpServer()).get('/docs-json').expect(200);
    const view = doc.components.schemas.ProjectView;
    expect(view.properties.labelling).toEqual(expect.objectContaining({ type: 'array', items: { $ref: '#/components/schemas/LabellingOutcomeView' } }));
    expect(view.properties.openRevisionRequests.items).toEqual({ $ref: '#/components/schemas/RevisionRequestView' });
    expect(doc.components.schemas.LabellingOutcomeView.properties.status.enum).toEqual(
      ['labelled', 'not_labelled', 'inadmissible', 'support_letter', 'revision_requested', 'revoked'],
    );
  });
});
