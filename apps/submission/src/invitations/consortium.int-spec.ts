import type { Principal } from '@poleflow/auth';
import { as, budget, completeContent, outboxOf, principal, publishPole, registerOrganisation, startSubmission, type Harness } from '../../test/harness.js';

/* Consortium consent: invitations by organisation and by e-mail, answers, confirmations, declarations. */
describe('submission: consortium consent', () => {
  let h: Harness;
  let coordinatorOrg: string;
  let labOrg: string;
  let smeOrg: string;
  let poleId: string;
  let alice: Principal; // coordinator
  let chloe: Principal; // lab member
  let stranger: Principal;

  const create = async () => {
    const res = await as(h.app, alice).post('/api/v1/projects').send({ acronym: 'CONSENT', title: 'Consent', coordinatorOrganisationId: coordinatorOrg, ...completeContent([poleId]) }).expect(201);
    const put = await as(h.app, alice).put(`/api/v1/projects/${res.body.id}/partners/${coordinatorOrg}`).set('If-Match', res.headers.etag).send({ budget: budget(1000) }).expect(200);
    return { id: res.body.id as string, etag: put.headers.etag as string };
  };
  const etagOf = async (id: string, who: Principal = alice) => (await as(h.app, who).get(`/api/v1/projects/${id}`).expect(200)).headers.etag as string;
  const types = async (id: string) => (await outboxOf(h.em(), id)).map((r) => r.type);

  beforeAll(async () => {
    h = await startSubmission('subconsent');
    coordinatorOrg = (await registerOrganisation(h.app, { name: 'AeroLab' })).organisationId;
    labOrg = (await registerOrganisation(h.app, { name: 'ONERA', kind: 'research_organisation', siren: '775722879' })).organisationId;
    smeOrg = (await registerOrganisation(h.app, { name: 'Composites SAS' })).organisationId;
    poleId = (await publishPole(h.app)).poleId;
    alice = principal({ organisationIds: [coordinatorOrg] });
    chloe = principal({ email: 'chloe@onera.test', organisationIds: [labOrg] });
    stranger = principal({ organisationIds: [smeOrg] });
  });
  afterAll(async () => { await h?.close(); });

  it('an invited organisation sees the invitation with the project summary, accepts, and joins unconfirmed; the event names who and when', async () => {
    const p = await create();
    const inv = await as(h.app, alice).post(`/api/v1/projects/${p.id}/invitations`).send({ organisationId: labOrg, message: 'WP2: fatigue tests' }).expect(201);
    expect(inv.headers.location).toBe(`/api/v1/invitations/${inv.body.id}`);
    expect(inv.body).toMatchObject({ status: 'pending', organisationId: labOrg, organisationName: 'ONERA', role: 'partner', message: 'WP2: fatigue tests' });
    expect((await as(h.app, alice).post(`/api/v1/projects/${p.id}/invitations`).send({ organisationId: labOrg }).expect(409)).body.code).toBe('ALREADY_INVITED');

    const mine = await as(h.app, chloe).get('/api/v1/invitations').expect(200);
    expect(mine.body.items.map((i: { id: string }) => i.id)).toContain(inv.body.id);
    expect(mine.body.items.find((i: { id: string }) => i.id === inv.body.id).project).toMatchObject({ acronym: 'CONSENT', summary: 'A lighter composite wing rib', coordinatorName: 'AeroLab' });
    // The lab cannot see the draft before accepting; a stranger cannot see the invitation at all.
    await as(h.app, chloe).get(`/api/v1/projects/${p.id}`).expect(404);
    expect((await as(h.app, stranger).get(`/api/v1/invitations/${inv.body.id}`).expect(404)).body.code).toBe('INVITATION_NOT_FOUND');
    expect((await as(h.app, stranger).post(`/api/v1/invitations/${inv.body.id}/accept`).send({}).expect(404)).body.code).toBe('INVITATION_NOT_FOUND');
    expect((await as(h.app, alice).post(`/api/v1/invitations/${inv.body.id}/accept`).send({}).expect(403)).body.code).toBe('NOT_INVITEE');

    // Pending: the project cannot be submitted, and the 422 lists the invitation.
    const blocked = await as(h.app, alice).post(`/api/v1/projects/${p.id}/submit`).set('If-Match', await etagOf(p.id)).expect(422);
    expect(blocked.body).toMatchObject({ code: 'CONSORTIUM_INCOMPLETE', details: { pendingInvitations: [{ invitationId: inv.body.id, organisationName: 'ONERA' }], unconfirmedPartners: [] } });

    const accepted = await as(h.app, chloe).post(`/api/v1/invitations/${inv.body.id}/accept`).send({}).expect(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', answeredBy: chloe.userId, answeredAt: expect.any(String) });
    expect((await as(h.app, chloe).post(`/api/v1/invitations/${inv.body.id}/decline`).send({}).expect(409)).body.code).toBe('INVITATION_NOT_PENDING');
    const project = await as(h.app, chloe).get(`/api/v1/projects/${p.id}`).expect(200);
    expect(project.body.partners.map((x: { name: string; confirmed: boolean }) => [x.name, x.confirmed])).toEqual([['AeroLab', true], ['ONERA', false]]);
    const event = (await outboxOf(h.em(), p.id)).find((r) => r.type === 'partner.accepted');
    expect(event?.envelope.payload).toMatchObject({ invitationId: inv.body.id, organisationId: labOrg, organisationName: 'ONERA', acceptedBy: chloe.userId, acceptedAt: accepted.body.answeredAt });

    // The coordinator enters the lab's budget and declarations; the lab confirms; then the project goes.
    let etag = (await as(h.app, alice).put(`/api/v1/projects/${p.id}/partners/${labOrg}`).set('If-Match', project.headers.etag).send({ budget: budget(800) }).expect(200)).headers.etag;
    etag = (await as(h.app, alice).put(`/api/v1/projects/${p.id}/partners/${labOrg}/declarations`).set('If-Match', etag).send({ nonEconomicActivity: true, mayPublish: true }).expect(200)).headers.etag;
    const incomplete = await as(h.app, alice).post(`/api/v1/projects/${p.id}/submit`).set('If-Match', etag).expect(422);
    expect(incomplete.body.details.unconfirmedPartners).toEqual([{ organisationId: labOrg, name: 'ONERA' }]);
    expect((await as(h.app, alice).post(`/api/v1/projects/${p.id}/partners/${labOrg}/confirmation`).set('If-Match', etag).expect(403)).body.code).toBe('NOT_THIS_PARTNER');
    const confirmed = await as(h.app, chloe).post(`/api/v1/projects/${p.id}/partners/${labOrg}/confirmation`).set('If-Match', etag).expect(200);
    expect(confirmed.body.partners[1]).toMatchObject({ confirmed: true, confirmedBy: chloe.userId, nonEconomicActivity: true, mayPublish: true });
    const submitted = await as(h.app, alice).post(`/api/v1/projects/${p.id}/submit`).set('If-Match', confirmed.headers.etag).expect(200);
    const snapshot = (await outboxOf(h.em(), p.id)).find((r) => r.type === 'project.submitted')!.envelope.payload as { partners: { declarations?: object }[]; wideDissemination: object };
    expect(snapshot.partners.map((x) => x.declarations)).toEqual([undefined, { nonEconomicActivity: true, mayPublish: true, confirmed: true }]);
    expect(snapshot.wideDissemination).toEqual({ declared: false, kinds: [] });

    // After submission, a declaration change goes to funding as project.declarations_changed.
    const wide = await as(h.app, alice).put(`/api/v1/projects/${p.id}/dissemination`).set('If-Match', submitted.headers.etag)
      .send({ declared: true, kinds: ['open_access_publications', 'conferences'] }).expect(200);
    expect(wide.body.wideDissemination).toEqual({ declared: true, kinds: ['open_access_publications', 'conferences'] });
    const changed = (await outboxOf(h.em(), p.id)).filter((r) => r.type === 'project.declarations_changed');
    expect(changed.map((r) => r.envelope.payload)).toEqual([{
      projectId: p.id, round: 1, wideDissemination: { declared: true, kinds: ['open_access_publications', 'conferences'] },
      partners: expect.arrayContaining([{ organisationId: labOrg, declarations: { nonEconomicActivity: true, mayPublish: true, confirmed: true } }]),
    }]);
  });

  it('an invitation by e-mail is accepted with the organisation the person brings; a declined one says why; the coordinator withdraws another', async () => {
    const p = await create();
    const byMail = await as(h.app, alice).post(`/api/v1/projects/${p.id}/invitations`).send({ email: 'Chloe@ONERA.test' }).expect(201);
    expect(byMail.body).toMatchObject({ organisationId: null, email: 'chloe@onera.test' });
    // The address stays in submission: the event (feed, webhooks) only says it went by e-mail.
    const invited = (await outboxOf(h.em(), p.id)).find((r) => r.type === 'partner.invited')!.envelope.payload;
    expect(invited).toMatchObject({ invitationId: byMail.body.id, organisationId: null, byEmail: true });
    expect(JSON.stringify(invited)).not.toContain('chloe');
    const newcomer = principal({ email: 'chloe@onera.test', organisationIds: [] });
    expect((await as(h.app, newcomer).get('/api/v1/invitations').expect(200)).body.items.map((i: { id: string }) => i.id)).toEqual([byMail.body.id]);
    expect((await as(h.app, newcomer).post(`/api/v1/invitations/${byMail.body.id}/accept`).send({}).expect(422)).body.code).toBe('ORGANISATION_REQUIRED');
    expect((await as(h.app, newcomer).post(`/api/v1/invitations/${byMail.body.id}/accept`).send({ organisationId: labOrg }).expect(403)).body.code).toBe('NOT_A_MEMBER');
    const accepted = await as(h.app, chloe).post(`/api/v1/invitations/${byMail.body.id}/accept`).send({ organisationId: labOrg }).expect(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', organisationId: labOrg, organisationName: 'ONERA' });

    const declined = await as(h.app, alice).post(`/api/v1/projects/${p.id}/invitations`).send({ organisationId: smeOrg }).expect(201);
    const no = await as(h.app, stranger).post(`/api/v1/invitations/${declined.body.id}/decline`).send({ reason: 'pas de capacité en 2027' }).expect(200);
    expect(no.body).toMatchObject({ status: 'declined', declineReason: 'pas de capacité en 2027', answeredBy: stranger.userId });

    const again = await as(h.app, alice).post(`/api/v1/projects/${p.id}/invitations`).send({ organisationId: smeOrg }).expect(201);
    expect((await as(h.app, stranger).post(`/api/v1/invitations/${again.body.id}/withdraw`).send({}).expect(403)).body.code).toBe('NOT_COORDINATOR');
    const withdrawn = await as(h.app, alice).post(`/api/v1/invitations/${again.body.id}/withdraw`).send({}).expect(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    expect((await as(h.app, alice).post(`/api/v1/projects/${p.id}/invitations`).send({ organisationId: labOrg }).expect(409)).body.code).toBe('ALREADY_A_PARTNER');
    const list = await as(h.app, alice).get(`/api/v1/projects/${p.id}/invitations`).expect(200);
    expect(list.body.items.map((i: { status: string }) => i.status)).toEqual(['withdrawn', 'declined', 'accepted']);
    expect(await types(p.id)).toEqual([
      'project.created', 'partner.budget_confirmed', 'partner.invited', 'partner.accepted', 'partner.invited', 'partner.declined', 'partner.invited', 'partner.invitation_withdrawn',
    ]);
  });

  it('declarations concern research organisations only; the coordinator\'s change resets a confirmation, the partner\'s own entry confirms', async () => {
    const p = await create();
    const inv = await as(h.app, alice).post(`/api/v1/projects/${p.id}/invitations`).send({ organisationId: labOrg }).expect(201);
    await as(h.app, chloe).post(`/api/v1/invitations/${inv.body.id}/accept`).send({}).expect(200);
    let etag = await etagOf(p.id);
    const company = await as(h.app, alice).put(`/api/v1/projects/${p.id}/partners/${coordinatorOrg}/declarations`).set('If-Match', etag).send({ mayPublish: true }).expect(422);
    expect(company.body.code).toBe('DECLARATION_NOT_APPLICABLE');
    const own = await as(h.app, chloe).put(`/api/v1/projects/${p.id}/partners/${labOrg}/declarations`).set('If-Match', etag).send({ mayPublish: false }).expect(200);
    expect(own.body.partners[1]).toMatchObject({ mayPublish: false, nonEconomicActivity: null, confirmed: true, confirmationResetAt: null });
    // the view says which partners make the declarations (the web editor shows their fields for those only)
    expect(own.body.partners.map((x: { organisationId: string; declaresGber: boolean }) => [x.organisationId, x.declaresGber])).toEqual([[coordinatorOrg, false], [labOrg, true]]);
    etag = own.headers.etag;
    const reset = await as(h.app, alice).put(`/api/v1/projects/${p.id}/partners/${labOrg}/declarations`).set('If-Match', etag).send({ mayPublish: true }).expect(200);
    expect(reset.body.partners[1]).toMatchObject({ mayPublish: true, confirmed: false, confirmationResetAt: expect.any(String) });
    expect((await as(h.app, chloe).put(`/api/v1/projects/${p.id}/partners/${coordinatorOrg}`).set('If-Match', reset.headers.etag).send({ budget: {} }).expect(403)).body.code).toBe('NOT_THIS_PARTNER');
    const bad = await as(h.app, alice).put(`/api/v1/projects/${p.id}/dissemination`).set('If-Match', reset.headers.etag).send({ declared: true, kinds: [] }).expect(400);
    expect(bad.body.errors).toEqual([{ path: 'kinds', message: expect.any(String) }]);
    // Before submission nothing goes to funding.
    expect(await types(p.id)).not.toContain('project.declarations_changed');
  });
});
