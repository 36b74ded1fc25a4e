import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { CATEGORY_FR, ORGANISATION_KINDS } from '@poleflow/contracts';
import { as, deliver, envelope, poleManager, principal, startNetwork, type Harness } from '../../test/harness.js';
import { application, pole } from '../../test/fixtures.js';

/** An organisation as directory registers it, in a region. */
async function organisation(app: INestApplication, name: string, kind: (typeof ORGANISATION_KINDS)[number], categoryFr: (typeof CATEGORY_FR)[number] | null, region: string): Promise<string> {
  const organisationId = randomUUID();
  await deliver(app, envelope('organisation.registered', {
    organisationId, name, kind, siren: String(100_000_000 + Math.floor(Math.random() * 800_000_000)), siret: null, region, nafCode: null,
    sizeEu: categoryFr ? 'small' : null, categoryFr,
  }, { streamId: organisationId, source: 'directory' }));
  return organisationId;
}

async function outbox(h: Harness, streamId: string): Promise<{ type: string; payload: Record<string, unknown> }[]> {
  const rows = await h.em().getConnection().execute<{ type: string; envelope: { payload: Record<string, unknown> } }[]>(
    'select type, envelope from network.outbox where stream_id = ? order by sequence', [streamId],
  );
  return rows.map((r) => ({ type: r.type, payload: r.envelope.payload }));
}

const profile = (description: string, keywords: string[], themes: string[], equipment: string[] = []) => ({ description, keywords, themes, equipment, seeks: ['PME'], nafCode: null });

describe('matchmaking: profiles, partner wanted requests, suggestions, contacts', () => {
  let h: Harness;
  let av: string;
  let other: string;
  let drone: string;
  let lab: string;
  let labFar: string;
  let company: string;
  let outsider: string;
  const member = () => principal({ organisationIds: [drone] });

  async function join(poleId: string, organisationId: string): Promise<void> {
    const m = (await as(h.app, principal({ organisationIds: [organisationId] })).post('/api/v1/memberships').send(application(poleId, organisationId)).expect(201)).body;
    await as(h.app, poleManager(poleId)).post(`/api/v1/memberships/${m.id}/decision`).send({ decision: 'accepted' }).expect(200);
  }

  beforeAll(async () => {
    h = await startNetwork('network-matchmaking', { env: { LOG_LEVEL: process.env.NB_LOG ?? 'silent' } });
    av = await pole(h.app, { name: 'Aerospace Valley' });
    other = await pole(h.app, { name: 'Images & Réseaux' });
    drone = await organisation(h.app, 'Drones du Midi', 'company', 'TPE', 'Occitanie');
    lab = await organisation(h.app, 'Laboratoire Vision Toulouse', 'research_organisation', null, 'Occitanie');
    labFar = await organisation(h.app, 'Institut Image Rennes', 'research_organisation', null, 'Bretagne');
    company = await organisation(h.app, 'Pixel Analytique SAS', 'company', 'PME', 'Occitanie');
    outsider = await organisation(h.app, 'Hors Réseau SARL', 'company', 'PME', 'Bretagne');
    await join(av, drone);
    await join(other, labFar);
  });
  afterAll(async () => { await h?.close(); });

  it('lets only an organisation\'s members write its profile, which every signed-in user reads and finds in French', async () => {
    await as(h.app, principal()).put(`/api/v1/profiles/${lab}`).send(profile('Recherche en vision par ordinateur', ['vision'], ['digital-electronics'])).expect(403);
    const written = (await as(h.app, principal({ organisationIds: [lab] })).put(`/api/v1/profiles/${lab}`).send(profile(
      'Laboratoire de vision par ordinateur : détection de défauts et de fissures sur images, apprentissage profond.',
      ['vision par ordinateur', 'traitement d\'images', 'apprentissage profond'], ['digital-electronics'], ['cluster GPU'],
    )).expect(200)).body;
    expect(written).toMatchObject({ organisationId: lab, name: 'Laboratoire Vision Toulouse', partnerKind: 'lab', region: 'Occitanie', exists: true, mine: true });
    await as(h.app, principal({ organisationIds: [labFar] })).put(`/api/v1/profiles/${labFar}`).send(profile(
      'Institut de traitement d\'images et de vision par ordinateur.', ['vision par ordinateur', 'imagerie'], ['digital-electronics'],
    )).expect(200);
    await as(h.app, principal({ organisationIds: [company] })).put(`/api/v1/profiles/${company}`).send(profile(
      'Éditeur de logiciels d\'analyse d\'images industrielles.', ['analyse d\'images', 'logiciel'], ['digital-electronics'],
    )).expect(200);
    await as(h.app, principal({ organisationIds: [drone] })).put(`/api/v1/profiles/${drone}`).send(profile(
      'Inspection d\'ouvrages d\'art par drone.', ['drones', 'inspection'], ['aeronautics-space'],
    )).expect(200);

    const read = (await as(h.app, principal()).get(`/api/v1/profiles/${lab}`).expect(200)).body;
    expect(read).toMatchObject({ keywords: ['vision par ordinateur', 'traitement d\'images', 'apprentissage profond'], equipment: ['cluster GPU'], mine: false });
    expect((await as(h.app, principal()).get(`/api/v1/profiles/${outsider}`).expect(200)).body).toMatchObject({ exists: false, description: '' });
    // Accents, case and inflections do not matter: "Detection fissure" finds "détection … fissures".
    const found = (await as(h.app, principal()).get('/api/v1/profiles?q=Detection%20fissure').expect(200)).body.items.map((p: { name: string }) => p.name);
    expect(found).toEqual(['Laboratoire Vision Toulouse']);
    expect((await as(h.app, principal()).get('/api/v1/profiles?kind=lab&region=bretagne').expect(200)).body.items.map((p: { name: string }) => p.name)).toEqual(['Institut Image Rennes']);
  });

  it('posts a request as a member of the pole, visible to its members only or to every pole\'s, and suggests partners with reasons', async () => {
    const body = {
      organisationId: drone, poleId: av, title: 'Détection de fissures sur images de drone', idea: 'Automatiser la détection des fissures sur les ponts inspectés par drone.',
      competence: 'Un laboratoire en vision par ordinateur pour détecter les fissures', kindsSought: ['lab'], regionsSought: ['occitanie'], themes: ['digital-electronics'],
      deadline: '2099-06-30', visibility: 'pole',
    };
    expect((await as(h.app, principal({ organisationIds: [outsider] })).post('/api/v1/partner-requests').send({ ...body, organisationId: outsider }).expect(403)).body.code).toBe('NOT_A_POLE_MEMBER');
    expect((await as(h.app, member()).post('/api/v1/partner-requests').send({ ...body, regionsSought: ['Atlantis'] }).expect(422)).body.code).toBe('INVALID_REGION');
    expect((await as(h.app, member()).post('/api/v1/partner-requests').send({ ...body, deadline: '2020-01-01' }).expect(422)).body.code).toBe('DEADLINE_PASSED');
    const r = (await as(h.app, member()).post('/api/v1/partner-requests').send(body).expect(201)).body;
    expect(r).toMatchObject({ authorOrganisationName: 'Drones du Midi', poleName: 'Aerospace Valley', regionsSought: ['Occitanie'], status: 'open', mine: true });

    // 'pole': a member of another pole and a non-member do not see it; the pole's staff do.
    const otherMember = principal({ organisationIds: [labFar] });
    await as(h.app, otherMember).get(`/api/v1/partner-requests/${r.id}`).expect(404);
    expect((await as(h.app, otherMember).get('/api/v1/partner-requests').expect(200)).body.items).toEqual([]);
    await as(h.app, principal({ organisationIds: [outsider] })).get(`/api/v1/partner-requests/${r.id}`).expect(404);
    await as(h.app, poleManager(av)).get(`/api/v1/partner-requests/${r.id}`).expect(200);
    const wide = (await as(h.app, member()).post('/api/v1/partner-requests').send({ ...body, title: 'Partout', visibility: 'all_poles' }).expect(201)).body;
    expect((await as(h.app, otherMember).get('/api/v1/partner-requests').expect(200)).body.items.map((x: { id: string }) => x.id)).toEqual([wide.id]);
    await as(h.app, principal({ organisationIds: [outsider] })).get(`/api/v1/partner-requests/${wide.id}`).expect(404);

    // An earlier collaboration: the drone company and the distant lab were partners of a project.
    const projectId = randomUUID();
    await deliver(h.app, envelope('project.created', { projectId, acronym: 'PONTS', title: 'Ponts connectés', coordinatorOrganisationId: drone }, { streamId: projectId, source: 'submission' }));
    await deliver(h.app, envelope('partner.accepted', {
      invitationId: randomUUID(), projectId, acronym: 'PONTS', role: 'partner', byEmail: false, organisationId: labFar, organisationName: 'Institut Image Rennes', acceptedBy: randomUUID(), acceptedAt: new Date().toISOString(),
    }, { streamId: projectId, sequence: 2, source: 'submission' }));

    // Matches: the author's members and the pole's staff; not another pole's member who may read the request.
    await as(h.app, otherMember).get(`/api/v1/partner-requests/${wide.id}/matches`).expect(403);
    const m = (await as(h.app, member()).get(`/api/v1/partner-requests/${r.id}/matches`).expect(200)).body;
    expect(m.items.map((s: { name: string }) => s.name)).toEqual(['Laboratoire Vision Toulouse', 'Institut Image Rennes', 'Pixel Analytique SAS']);
    expect(m.items[0].reasons.map((x: { code: string }) => x.code)).toEqual(['KEYWORDS', 'KIND_SOUGHT', 'REGION_SOUGHT', 'THEMES']);
    expect(m.items[0].reasons[1]).toMatchObject({ fr: "C'est le type de partenaire recherché (laboratoire de recherche)", en: 'It is the kind of partner sought (research organisation)' });
    expect(m.items[1].reasons).toContainEqual(expect.objectContaining({ code: 'EARLIER_COLLABORATION', fr: 'Vous avez déjà travaillé ensemble sur la plateforme (PONTS)' }));
    expect(m.items[0].score).toBeGreaterThan(m.items[1].score);
    await as(h.app, poleManager(av)).get(`/api/v1/partner-requests/${r.id}/matches`).expect(200);

    // Closed with the partner found (the pole's dashboard counts those).
    const closed = (await as(h.app, member()).post(`/api/v1/partner-requests/${r.id}/close`).send({ outcome: 'found', organisationId: lab }).expect(200)).body;
    expect(closed).toMatchObject({ status: 'found', foundOrganisationName: 'Laboratoire Vision Toulouse' });
    expect((await as(h.app, member()).post(`/api/v1/partner-requests/${r.id}/close`).send({ outcome: 'closed' }).expect(409)).body.code).toBe('PARTNER_REQUEST_CLOSED');
  });

  it('suggests what a draft project\'s consortium lacks, to its members only', async () => {
    const projectId = randomUUID();
    await deliver(h.app, envelope('project.created', { projectId, acronym: 'FISSURE', title: 'Détection de fissures par vision par ordinateur', coordinatorOrganisationId: company }, { streamId: projectId, source: 'submission' }));
    await as(h.app, member()).get(`/api/v1/matches?projectId=${projectId}`).expect(404);
    const m = (await as(h.app, principal({ organisationIds: [company] })).get(`/api/v1/matches?projectId=${projectId}`).expect(200)).body;
    expect(m.kindsSought).toEqual(['lab', 'TPE', 'PME', 'ETI', 'GE']);
    expect(m.items.map((s: { name: string }) => s.name).slice(0, 2)).toEqual(['Laboratoire Vision Toulouse', 'Institut Image Rennes']);
    expect(m.items.some((s: { organisationId: string }) => s.organisationId === company)).toBe(false);
  });

  it('sends a contact request to an organisation\'s members, who accept it; then both sides exchange messages', async () => {
    const asDrone = member();
    const asLab = principal({ organisationIds: [lab] });
    const c = (await as(h.app, asDrone).post('/api/v1/contacts').send({ fromOrganisationId: drone, toOrganisationId: lab, message: 'Bonjour, pouvons-nous échanger sur la détection de fissures ?' }).expect(201)).body;
    expect(c).toMatchObject({ status: 'pending', side: 'sent', fromOrganisationName: 'Drones du Midi', toOrganisationName: 'Laboratoire Vision Toulouse' });
    expect((await as(h.app, asLab).post('/api/v1/contacts').send({ fromOrganisationId: lab, toOrganisationId: drone, message: 'Et dans l\'autre sens ?' }).expect(409)).body.code).toBe('CONTACT_EXISTS');
    expect((await as(h.app, asDrone).post('/api/v1/contacts').send({ fromOrganisationId: drone, toOrganisationId: drone, message: 'Moi' }).expect(422)).body.code).toBe('CONTACT_SELF');
    await as(h.app, principal({ organisationIds: [outsider] })).post('/api/v1/contacts').send({ fromOrganisationId: drone, toOrganisationId: lab, message: 'x' }).expect(403);

    expect((await as(h.app, asDrone).post(`/api/v1/contacts/${c.id}/messages`).send({ body: 'Trop tôt' }).expect(409)).body.code).toBe('CONTACT_NOT_ACCEPTED');
    expect((await as(h.app, asDrone).post(`/api/v1/contacts/${c.id}/accept`).expect(403)).body.code).toBe('NOT_CONTACT_RECIPIENT');
    await as(h.app, principal({ organisationIds: [outsider] })).get(`/api/v1/contacts/${c.id}`).expect(404);
    expect((await as(h.app, asLab).get('/api/v1/contacts').expect(200)).body.items.map((x: { id: string; side: string }) => [x.id, x.side])).toEqual([[c.id, 'received']]);
    await as(h.app, asLab).post(`/api/v1/contacts/${c.id}/accept`).expect(200);
    expect((await as(h.app, asLab).post(`/api/v1/contacts/${c.id}/decline`).expect(409)).body.code).toBe('CONTACT_NOT_PENDING');

    await as(h.app, asDrone).post(`/api/v1/contacts/${c.id}/messages`).send({ body: 'Merci ! Quand êtes-vous disponibles ?' }).expect(201);
    await as(h.app, asLab).post(`/api/v1/contacts/${c.id}/messages`).send({ body: 'Mardi prochain.' }).expect(201);
    const read = (await as(h.app, asDrone).get(`/api/v1/contacts/${c.id}`).expect(200)).body;
    expect(read.messages.map((m: { authorOrganisationName: string; body: string }) => [m.authorOrganisationName, m.body])).toEqual([
      ['Drones du Midi', 'Merci ! Quand êtes-vous disponibles ?'], ['Laboratoire Vision Toulouse', 'Mardi prochain.'],
    ]);

    // Each step's event is written with it, for the tracker's notification and e-mail to the other side.
    const events = await outbox(h, c.id);
    expect(events.map((e) => e.type)).toEqual(['network.contact_requested', 'network.contact_answered', 'network.contact_message_posted', 'network.contact_message_posted']);
    expect(events[0].payload).toMatchObject({ fromOrganisationName: 'Drones du Midi', toOrganisationId: lab, partnerRequestTitle: null });
    expect(events[1].payload).toMatchObject({ accepted: true });
    expect(events.slice(2).map((e) => e.payload.toOrganisationId)).toEqual([lab, drone]);

    // The suggestion list shows the contact already open.
    const reqs = (await as(h.app, asDrone).get('/api/v1/partner-requests?mine=true').expect(200)).body.items;
    const m = (await as(h.app, asDrone).get(`/api/v1/partner-requests/${reqs[0].id}/matches`).expect(200)).body;
    expect(m.items.find((s: { organisationId: string }) => s.organisationId === lab)).toMatchObject({ contactStatus: 'accepted', contactId: c.id });
  });
});
