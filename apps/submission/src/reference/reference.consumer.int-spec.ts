import { OrganisationRef, PoleRef } from './reference.entity.js';
import { deliver, envelope, organisationPayload, startSubmission, type Harness } from '../../test/harness.js';

/* The read models submission keeps of directory's organisations and poles, fed through the real inbox. */
describe('submission: reference read models', () => {
  let h: Harness;
  beforeAll(async () => { h = await startSubmission('subref'); });
  afterAll(async () => { await h?.close(); });

  it('organisation.registered is idempotent: the same envelope twice gives one row', async () => {
    const payload = organisationPayload({ name: 'Acme', siren: '732829320', sizeEu: 'medium', categoryFr: 'PME' });
    const e = envelope('organisation.registered', payload, { streamId: payload.organisationId });
    expect(await deliver(h.app, e)).toBe('applied');
    expect(await deliver(h.app, e)).toBe('duplicate');
    const rows = await h.em().find(OrganisationRef, { id: payload.organisationId });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: 'Acme', kind: 'company', siren: '732829320', region: 'Occitanie', sizeEu: 'medium', categoryFr: 'PME' });
  });

  it('organisation.updated replaces the facts; an already-applied sequence is skipped as stale', async () => {
    const payload = organisationPayload({ name: 'Old name' });
    const stream = { streamId: payload.organisationId };
    await deliver(h.app, envelope('organisation.registered', payload, { ...stream, sequence: 1 }));
    await deliver(h.app, envelope('organisation.updated', { ...payload, name: 'New name', sizeEu: 'large', categoryFr: 'ETI' }, { ...stream, sequence: 2 }));
    expect(await deliver(h.app, envelope('organisation.registered', { ...payload, name: 'Replayed' }, { ...stream, sequence: 2 }))).toBe('stale');
    const rows = await h.em().find(OrganisationRef, { id: payload.organisationId });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: 'New name', sizeEu: 'large', categoryFr: 'ETI' });
  });

  it("keeps every establishment's region (head office first); an event older than establishments means the head office only", async () => {
    const old = organisationPayload({ name: 'Before establishments' });
    await deliver(h.app, envelope('organisation.registered', old, { streamId: old.organisationId }));
    expect(await h.em().findOneOrFail(OrganisationRef, old.organisationId)).toMatchObject({ region: 'Occitanie', regions: ['Occitanie'] });

    const payload = organisationPayload({ name: 'Two sites' });
    await deliver(h.app, envelope('organisation.registered', {
      ...payload, regions: ['Occitanie', 'Bretagne'],
      establishments: [{ siret: '73282932000074', region: 'Occitanie', headOffice: true }, { siret: '73282932000082', region: 'Bretagne', headOffice: false }],
    }, { streamId: payload.organisationId }));
    expect(await h.em().findOneOrFail(OrganisationRef, payload.organisationId)).toMatchObject({ region: 'Occitanie', regions: ['Occitanie', 'Bretagne'] });
  });

  it('pole.published upserts the pole', async () => {
    const poleId = '0190a0a0-0000-7000-8000-0000000000a1';
    const p = { poleId, slug: 'minalogic', code: 'MIN', name: 'Minalogic', regions: ['Auvergne-Rhône-Alpes'], themes: ['microelectronics'] };
    await deliver(h.app, envelope('pole.published', p, { streamId: poleId, sequence: 1 }));
    await deliver(h.app, envelope('pole.published', { ...p, themes: ['microelectronics', 'software'] }, { streamId: poleId, sequence: 2 }));
    const rows = await h.em().find(PoleRef, { id: poleId });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ slug: 'minalogic', name: 'Minalogic', regions: ['Auvergne-Rhône-Alpes'], themes: ['microelectronics', 'software'] });
  });
});
