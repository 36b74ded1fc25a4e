import { randomUUID } from 'node:crypto';
import { poleIdOf } from '@poleflow/contracts';
import { Membership } from '../memberships/membership.entity.js';
import { SupportRequest } from '../support/support.entity.js';
import { as, deliver, envelope, startNetwork, type Harness } from '../../test/harness.js';
import { OrganisationRef, PoleRef } from './reference.entity.js';

describe('network: copies of directory data', () => {
  let h: Harness;
  beforeAll(async () => { h = await startNetwork('network-reference'); });
  afterAll(async () => { await h?.close(); });

  it('keeps the poles (with their published member figure) and the organisations directory publishes', async () => {
    const poleId = randomUUID();
    const orgId = randomUUID();
    await deliver(h.app, envelope('pole.published', { poleId, slug: 'av', code: 'AV', name: 'Aerospace Valley', regions: ['Occitanie'], themes: ['aeronautics-space'], members: 810 }, { streamId: poleId, source: 'directory' }));
    await deliver(h.app, envelope('organisation.registered', {
      organisationId: orgId, name: 'AéroLab', kind: 'company', siren: '732829320', siret: null, region: 'Occitanie', nafCode: '72.19Z', sizeEu: 'small', categoryFr: 'PME',
    }, { streamId: orgId, source: 'directory' }));
    const em = h.em();
    expect(await em.findOneOrFail(PoleRef, poleId)).toMatchObject({ name: 'Aerospace Valley', publishedMembers: 810 });
    expect(await em.findOneOrFail(OrganisationRef, orgId)).toMatchObject({ name: 'AéroLab', categoryFr: 'PME', regions: ['Occitanie'] });
  });
});

describe('network: demo seed (SEED_DEMO)', () => {
  let h: Harness;
  beforeAll(async () => { h = await startNetwork('network-demo', { env: { SEED_DEMO: 'true' } }); });
  afterAll(async () => { await h?.close(); });

  it('makes the demo organisations members of Aerospace Valley as they are registered, once', async () => {
    const poleId = poleIdOf('aerospace-valley');
    await deliver(h.app, envelope('pole.published', { poleId, slug: 'aerospace-valley', code: 'AV', name: 'Aerospace Valley', regions: ['Occitanie'], themes: [], members: 810 }, { streamId: poleId, source: 'directory' }));
    const orgId = randomUUID();
    const registered = envelope('organisation.registered', {
      organisationId: orgId, name: 'Composites du Sud', kind: 'company', siren: '405183278', siret: null, region: 'Nouvelle-Aquitaine', nafCode: '22.29A', sizeEu: 'medium', categoryFr: 'PME',
    }, { streamId: orgId, source: 'directory' });
    await deliver(h.app, registered);
    // The admin republish sends the registration again.
    await deliver(h.app, { ...registered, id: randomUUID(), sequence: 2 });
    const rows = await h.em().find(Membership, { organisationId: orgId });
    expect(rows.map((m) => [m.poleId, m.status, m.feeClass, m.years.length, m.years[0].paidAt !== null])).toEqual([[poleId, 'active', 'PME', 1, true]]);
    expect(await h.em().count(SupportRequest, { organisationId: orgId, status: 'open' })).toBe(1);
    const counts = (await as(h.app, null).get('/api/v1/network/member-counts').expect(200)).body;
    expect(counts).toEqual([{ poleId, members: 1, source: 'memberships' }]);
  });
});
