import { randomUUID } from 'node:crypto';
import { deliver, envelope, startNetwork, type Harness } from '../../test/harness.js';
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
