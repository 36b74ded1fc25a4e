import { waitFor } from '@poleflow/testing';
import { as, BPIFRANCE, consortium, coordinatorOf, deliver, envelope, officer, publishFunders, snapshot, startFunding, submitted, type Harness } from '../../test/harness.js';

const DAY = 24 * 3600 * 1000;
const iso = (offsetDays: number): string => new Date(Date.now() + offsetDays * DAY).toISOString();

/* A change of declaration after submission re-assesses the open applications; the view shows what it changed. */
describe('funding: GBER declarations (real PostgreSQL + Redis)', () => {
  let h: Harness;
  let callId: string;

  beforeAll(async () => {
    h = await startFunding('fundingdecl');
    await publishFunders(h.app);
    // No scheme rate: the GBER ceilings show through.
    const call = await as(h.app, officer(BPIFRANCE)).post('/api/v1/calls').send({
      funderId: BPIFRANCE, title: 'Open call', opensAt: iso(-1), closesAt: iso(60), aidForms: ['grant'], rules: [{ type: 'start_after_application' }],
    }).expect(201);
    callId = call.body.id;
  });
  afterAll(async () => h.close());

  it('re-assesses on project.declarations_changed: the lab\'s confirmed non-economic activity lifts its ceiling to its costs', async () => {
    const s = snapshot(consortium());
    const lab = s.partners[2];
    await submitted(h.app, s);
    const app = await as(h.app, coordinatorOf(s)).post(`/api/v1/calls/${callId}/applications`).send({ projectId: s.projectId }).expect(201);
    const first = await waitFor(async () => {
      const r = await as(h.app, coordinatorOf(s)).get(`/api/v1/applications/${app.body.id}`);
      return r.body.status !== 'assessing' ? r : null;
    }, { what: 'the first assessment' });
    const before = first.body.assessment.ceilings.partners.find((p: { partnerId: string }) => p.partnerId === lab.organisationId);
    expect(before.outsideStateAid).toBe(false);
    expect(first.body.assessment.declarations.partners).toEqual([expect.objectContaining({ organisationId: lab.organisationId, confirmed: false, nonEconomicActivity: null })]);

    await deliver(h.app, envelope('project.declarations_changed', {
      projectId: s.projectId, round: 1, wideDissemination: { declared: true, kinds: ['conferences'] },
      partners: s.partners.map((p) => ({ organisationId: p.organisationId, declarations: { nonEconomicActivity: p === lab, mayPublish: p === lab ? true : null, confirmed: true } })),
    }, { streamId: s.projectId, sequence: 2, source: 'submission' }));
    const again = await waitFor(async () => {
      const r = await as(h.app, officer(BPIFRANCE)).get(`/api/v1/applications/${app.body.id}`);
      return r.body.assessment.trigger === 'declarations_changed' ? r : null;
    }, { what: 'the re-assessment' });
    const after = again.body.assessment.ceilings.partners.find((p: { partnerId: string }) => p.partnerId === lab.organisationId);
    expect(after).toMatchObject({ outsideStateAid: true, maxAidCents: 30_000_000 });
    expect(again.body.assessment.declarations).toMatchObject({
      wideDissemination: { declared: true, kinds: ['conferences'] },
      partners: [{ organisationId: lab.organisationId, nonEconomicActivity: true, mayPublish: true, confirmed: true, used: { nonEconomic: true, mayPublish: true } }],
    });
    const effect = again.body.assessment.declarationEffects.partners.find((p: { organisationId: string }) => p.organisationId === lab.organisationId);
    expect(effect).toEqual({ organisationId: lab.organisationId, name: lab.name, maxAidCentsWithout: before.maxAidCents, maxAidCentsWith: 30_000_000, outsideStateAid: true });
  });
});
