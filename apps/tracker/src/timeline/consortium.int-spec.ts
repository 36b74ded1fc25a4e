import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Envelope, EventPayload, EventType } from '@poleflow/contracts';
import { InboxWorker } from '@poleflow/messaging';
import { startService, tokenFor, type ServiceHarness } from '@poleflow/testing';
import { loadTrackerConfig } from '../config.js';
import { TrackerModule } from '../tracker.module.js';

const at = (minute: number): string => new Date(Date.UTC(2026, 11, 6, 9, minute)).toISOString();
function envelope<T extends EventType>(type: T, streamId: string, sequence: number, payload: EventPayload<T>, source: Envelope['source'] = 'submission'): Envelope<EventPayload<T>> {
  return { id: randomUUID(), type, version: 1, occurredAt: at(sequence), source, streamId, sequence, actor: { userId: randomUUID(), role: 'applicant' }, correlationId: `c-${sequence}`, causationId: null, payload };
}
const job = (e: Envelope) => ({ id: e.id, name: e.type, data: e, attemptsMade: 0, opts: { attempts: 5 } });
const token = (p: { organisationIds?: string[]; funderIds?: string[] }) =>
  tokenFor({ userId: randomUUID(), email: 'x@x.test', roles: ['applicant'], organisationIds: p.organisationIds ?? [], poles: [], funderIds: p.funderIds ?? [] });

/* Consortium consent on the timeline (French, with who and when), notifications to the invited, funder officers' read access. */
describe('tracker: consortium consent (real PostgreSQL)', () => {
  let h: ServiceHarness;
  let app: INestApplication;
  let inbox: InboxWorker;
  const coordinator = randomUUID();
  const onera = randomUUID();
  const projectId = randomUUID();
  const funderId = randomUUID();

  beforeAll(async () => {
    h = await startService('trackerconsent', 'tracker', (env) => TrackerModule.forRoot(loadTrackerConfig({ ...env, ROLES: 'api', DB_POOL_MAX: '4' })));
    app = h.app;
    inbox = app.get(InboxWorker);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('records invitations and answers in French with the date, lets the new partner read the timeline, notifies the invited organisation', async () => {
    const invitationId = randomUUID();
    const ref = { invitationId, projectId, acronym: 'HYPERWING', organisationId: onera, organisationName: 'ONERA', byEmail: false, role: 'partner' as const };
    const events = [
      envelope('project.created', projectId, 1, { projectId, acronym: 'HYPERWING', title: 'Morphing wing', coordinatorOrganisationId: coordinator }),
      envelope('partner.invited', projectId, 2, { ...ref, invitedBy: randomUUID(), invitedAt: at(2), coordinatorName: 'AéroLab SAS' }),
      envelope('partner.accepted', projectId, 3, { ...ref, acceptedBy: randomUUID(), acceptedAt: at(3) }),
      envelope('partner.invited', projectId, 4, { ...ref, invitationId: randomUUID(), organisationId: null, organisationName: null, byEmail: true, invitedBy: randomUUID(), invitedAt: at(4), coordinatorName: 'AéroLab SAS' }),
      envelope('partner.declined', projectId, 5, { ...ref, organisationId: null, organisationName: null, byEmail: true, declinedBy: randomUUID(), declinedAt: at(5), reason: 'pas de capacité' }),
      envelope('partner.budget_confirmed', projectId, 6, {
        projectId, organisationId: onera, organisationName: 'ONERA', totalCents: 30_000_000, declarations: { nonEconomicActivity: true, mayPublish: true, confirmed: true }, confirmedBy: randomUUID(), confirmedAt: at(6),
      }),
    ];
    for (const e of events) expect(await inbox.process(job(e))).toBe('applied');
    const res = await request(app.getHttpServer()).get(`/api/v1/projects/${projectId}/timeline`).set('authorization', `Bearer ${token({ organisationIds: [onera] })}`).expect(200);
    expect(res.body.items.slice(1).map((i: { summary: string }) => i.summary)).toEqual([
      'AéroLab SAS invite ONERA à rejoindre le consortium — 6 décembre 2026',
      'ONERA a accepté de rejoindre le consortium — 6 décembre 2026',
      'AéroLab SAS invite une personne invitée par e-mail à rejoindre le consortium — 6 décembre 2026',
      "une personne invitée par e-mail a décliné l'invitation (« pas de capacité ») — 6 décembre 2026",
      'ONERA a confirmé son budget (300 000 €) et ses déclarations — 6 décembre 2026',
    ]);
    expect(res.body.items[2].actorRole).toBe('applicant');
    const notes = await h.em().execute<{ event_type: string; audience_kind: string; audience_id: string }[]>(
      'select event_type, audience_kind, audience_id from tracker.notifications where project_id = ? order by created_at, audience_id', [projectId]);
    expect(notes.filter((n) => n.event_type === 'partner.invited')).toEqual([{ event_type: 'partner.invited', audience_kind: 'organisation', audience_id: onera }]);
    expect(notes.filter((n) => n.event_type === 'partner.accepted').map((n) => n.audience_id).sort()).toEqual([coordinator, onera].sort());
  });

  it('a funder officer reads the timeline once the project applied to one of the funder\'s calls; another funder\'s officer gets 404', async () => {
    const officer = token({ funderIds: [funderId] });
    await request(app.getHttpServer()).get(`/api/v1/projects/${projectId}/timeline`).set('authorization', `Bearer ${officer}`).expect(404);
    const requested = envelope('funding.requested', projectId, 1, {
      applicationId: randomUUID(), projectId, callId: randomUUID(), callTitle: 'i-Démo', funderId, funderName: 'Bpifrance', round: 1, appliedAt: at(7),
    }, 'funding');
    expect(await inbox.process(job(requested))).toBe('applied');
    const seen = await request(app.getHttpServer()).get(`/api/v1/projects/${projectId}/timeline`).set('authorization', `Bearer ${officer}`).expect(200);
    expect(seen.body.items.map((i: { type: string }) => i.type)).toContain('funding.requested');
    await request(app.getHttpServer()).get(`/api/v1/projects/${projectId}/timeline`).set('authorization', `Bearer ${token({ funderIds: [randomUUID()] })}`).expect(404);
  });

  it('a partner the coordinator removes leaves the timeline\'s readers; the entry says so', async () => {
    const removed = envelope('partner.removed', projectId, 7, { projectId, acronym: 'HYPERWING', organisationId: onera, organisationName: 'ONERA', removedBy: randomUUID(), removedAt: at(7) });
    expect(await inbox.process(job(removed))).toBe('applied');
    await request(app.getHttpServer()).get(`/api/v1/projects/${projectId}/timeline`).set('authorization', `Bearer ${token({ organisationIds: [onera] })}`).expect(404);
    const seen = await request(app.getHttpServer()).get(`/api/v1/projects/${projectId}/timeline`).set('authorization', `Bearer ${token({ organisationIds: [coordinator] })}`).expect(200);
    expect(seen.body.items.at(-1).summary).toBe('ONERA a été retiré du consortium par le coordinateur — 6 décembre 2026');
  });
});
