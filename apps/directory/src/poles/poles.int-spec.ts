import { parseEnvelope } from '@poleflow/contracts';
import { PolesSeeder } from './poles.seeder.js';
import { POLE_RECORDS } from './pole.source.js';
import { poleIdOf } from '../reference/ids.js';
import { seedReference } from '../seed/reference.seed.js';
import { startDirectory, type DirectoryTestApp } from '../testing/directory-test-app.js';

type PoleItem = { id: string; slug: string; name: string; code: string; regions: string[]; themes: string[] };
const names = (body: { items: PoleItem[] }) => body.items.map((p) => p.name);

describe('directory poles and funders (real PostgreSQL, public routes)', () => {
  let t: DirectoryTestApp;
  const published = async () => Number((await t.sql<{ n: string }>(`select count(*) as n from directory.outbox where type = 'pole.published'`))[0].n);

  beforeAll(async () => {
    t = await startDirectory('dirpoles'); // migrations, then seedReference, like main.ts
  });

  afterAll(async () => {
    await t?.close();
  });

  it('seeds the 57 poles once with one pole.published each; a restart seeds and emits nothing', async () => {
    expect(Number((await t.sql<{ n: string }>(`select count(*) as n from directory.poles`))[0].n)).toBe(57);
    expect(await published()).toBe(57);
    const [av] = await t.sql<{ envelope: unknown }>(`select envelope from directory.outbox where type = 'pole.published' and stream_id = ?`, [poleIdOf('aerospace-valley')]);
    const parsed = parseEnvelope(av.envelope);
    expect(parsed.ok && parsed.envelope.payload).toEqual({
      poleId: poleIdOf('aerospace-valley'), slug: 'aerospace-valley', code: 'AV', name: 'Aerospace Valley', regions: ['Occitanie', 'Nouvelle-Aquitaine'],
      themes: expect.arrayContaining(['aeronautics-space']), members: 810,
    });
    const again = await seedReference(t.app);
    expect(again).toEqual({ poles: { created: 0, updated: 0, unchanged: 57 }, funders: { created: 0, updated: 0, unchanged: 16 } });
    expect(await published()).toBe(57);
  });

  it('republishes only a pole whose data changed', async () => {
    const edited = POLE_RECORDS.map((r) => (r.name === 'Hippolia' ? { ...r, members: 250, members_year: 2025 } : r));
    expect(await t.app.get(PolesSeeder).seed(edited)).toEqual({ created: 0, updated: 1, unchanged: 56 });
    const [last] = await t.sql<{ stream_id: string; sequence: string }>(`select stream_id, sequence from directory.outbox where type = 'pole.published' order by created_at desc, sequence desc limit 1`);
    expect(last).toEqual({ stream_id: poleIdOf('hippolia'), sequence: '2' });
    expect(await t.app.get(PolesSeeder).seed()).toEqual({ created: 0, updated: 1, unchanged: 56 }); // back to the file
    expect(await published()).toBe(59);
  });

  it('answers without an account, 57 poles in pages linked by cursors', async () => {
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const res = await t.http().get(`/api/v1/poles?limit=25${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      const page = res.body as { items: PoleItem[]; nextCursor: string | null };
      seen.push(...page.items.map((p) => p.slug));
      cursor = page.nextCursor;
    }
    expect(seen).toHaveLength(57);
    expect(new Set(seen).size).toBe(57);
    const bad = await t.http().get('/api/v1/poles?cursor=garbage').expect(400);
    expect(bad.body.code).toBe('INVALID_CURSOR');
  });

  it('finds poles by French full-text search, accent-insensitively, and by the start of a name', async () => {
    const aerospace = await t.http().get('/api/v1/poles?q=aerospace').expect(200);
    expect(names(aerospace.body)[0]).toBe('Aerospace Valley');
    expect(names(aerospace.body)).toEqual(expect.arrayContaining(['Aerospace Valley', 'Safe Cluster']));
    for (const q of ['vegepolys', 'végépolys', 'VEGEPOLYS']) {
      const res = await t.http().get(`/api/v1/poles?q=${encodeURIComponent(q)}`).expect(200);
      expect(names(res.body)).toEqual(['Végépolys Valley']);
    }
    const cosmetic = await t.http().get('/api/v1/poles?q=cosmetic').expect(200);
    expect(names(cosmetic.body)[0]).toBe('Cosmetic Valley');
    expect(names(cosmetic.body)).toContain("Innov'Alliance"); // "cosmetics" in its themes: same French stem
    const prefix = await t.http().get('/api/v1/poles?q=aero').expect(200);
    expect(names(prefix.body)[0]).toBe('Aerospace Valley');
    const nothing = await t.http().get('/api/v1/poles?q=zzzzqqq').expect(200);
    expect(nothing.body).toEqual({ items: [], nextCursor: null });
  });

  it('filters by region and theme (array membership)', async () => {
    const bretagne = await t.http().get('/api/v1/poles?region=Bretagne&limit=100').expect(200);
    expect(names(bretagne.body).sort()).toEqual([
      'Atlanpole Biothérapies', 'EMC2', 'iD4CAR', 'Images & Réseaux', 'Pôle Mer Bretagne Atlantique', 'Valorial', 'Végépolys Valley',
    ].sort());
    const health = await t.http().get('/api/v1/poles?theme=health-biotech&limit=100').expect(200);
    expect(names(health.body).sort()).toEqual(['Atlanpole Biothérapies', 'BioValley France', 'Clubster NSL', 'Eurobiomed', 'Lyonbiopôle', 'Medicen', 'PMT'].sort());
    const idf = await t.http().get('/api/v1/poles?region=ile-de-france&theme=aeronautics-space').expect(200);
    expect(names(idf.body)).toEqual(['ASTech']);
    const both = await t.http().get('/api/v1/poles?region=Occitanie&q=aerospace').expect(200);
    expect(names(both.body)).toEqual(['Aerospace Valley']);
  });

  it('answers one pole by id or slug, 404 otherwise', async () => {
    const byId = await t.http().get(`/api/v1/poles/${poleIdOf('aerospace-valley')}`).expect(200);
    expect(byId.body).toMatchObject({ slug: 'aerospace-valley', code: 'AV', name: 'Aerospace Valley', regions: ['Occitanie', 'Nouvelle-Aquitaine'], hq: 'Toulouse', members: 810 });
    const bySlug = await t.http().get('/api/v1/poles/systematic-paris-region').expect(200);
    expect(bySlug.body.code).toBe('SYS');
    const missing = await t.http().get('/api/v1/poles/atlantis').expect(404);
    expect(missing.body.code).toBe('POLE_NOT_FOUND');
  });

  it('lists the 16 funders without an account, filterable by kind', async () => {
    const all = await t.http().get('/api/v1/funders?limit=100').expect(200);
    expect(all.body.items).toHaveLength(16);
    const agencies = await t.http().get('/api/v1/funders?kind=national_agency').expect(200);
    expect(agencies.body.items.map((f: { slug: string }) => f.slug)).toEqual(['anr', 'bpifrance']);
    const regions = await t.http().get('/api/v1/funders?kind=region&limit=100').expect(200);
    expect(regions.body.items).toHaveLength(14);
    expect(regions.body.items.map((f: { region: string }) => f.region)).toContain('La Réunion');
  });
});
