import { EVENT_SCHEMAS, parseEnvelope, type Envelope } from '@poleflow/contracts';
import { funderIdOf } from '../reference/ids.js';
import { seedReference } from '../seed/reference.seed.js';
import { startDirectory, type DirectoryTestApp } from '../testing/directory-test-app.js';
import { FUNDER_SEEDS } from './funders.data.js';
import { FundersSeeder } from './funders.seeder.js';

type Row = { stream_id: string; sequence: string; envelope: unknown };

describe('directory seeds the funders and publishes them (real PostgreSQL + Redis)', () => {
  let t: DirectoryTestApp;
  /** The funder.published rows of the outbox in the relay's order, each envelope checked against the contracts' zod schemas. */
  const published = async () => {
    const rows = await t.sql<Row>(`select stream_id, sequence, envelope from directory.outbox where type = 'funder.published' order by created_at, id`);
    return rows.map((r) => {
      const parsed = parseEnvelope(r.envelope);
      if (!parsed.ok) throw new Error(`${r.stream_id}: ${parsed.code} ${parsed.message}`);
      expect(EVENT_SCHEMAS['funder.published'].payload.safeParse(parsed.envelope.payload).success).toBe(true);
      return { streamId: r.stream_id, sequence: Number(r.sequence), envelope: parsed.envelope as Envelope<Record<string, unknown>> };
    });
  };

  beforeAll(async () => {
    t = await startDirectory('dirfunders', {}, { seed: false }); // the tests below seed
  });

  afterAll(async () => {
    await t?.close();
  });

  it('first seeding: one funder.published per funder, with the deterministic id, even with two instances starting at once', async () => {
    const outcomes = await Promise.all([seedReference(t.app), seedReference(t.app)]);
    // The advisory lock serialises them: one creates everything, the other finds nothing to do.
    expect(outcomes.map((o) => o.funders).sort((a, b) => b.created - a.created)).toEqual([
      { created: 16, updated: 0, unchanged: 0 },
      { created: 0, updated: 0, unchanged: 16 },
    ]);

    const rows = await t.sql<{ id: string; slug: string }>(`select id, slug from directory.funders order by slug`);
    expect(rows).toHaveLength(16);
    for (const r of rows) expect(r.id).toBe(funderIdOf(r.slug));

    const events = await published();
    expect(events).toHaveLength(16);
    expect(events.map((e) => e.streamId).sort()).toEqual(FUNDER_SEEDS.map((s) => funderIdOf(s.slug)).sort());
    for (const e of events) {
      expect(e.sequence).toBe(1);
      expect(e.envelope).toMatchObject({ type: 'funder.published', version: 1, source: 'directory', actor: null, correlationId: 'seed:funders' });
    }
    expect(events.map((e) => e.envelope.payload)).toEqual(expect.arrayContaining(
      FUNDER_SEEDS.map((s) => ({ funderId: funderIdOf(s.slug), slug: s.slug, name: s.name, kind: s.kind, region: s.region })),
    ));
    expect(events.find((e) => e.envelope.payload.slug === 'region-occitanie')?.envelope.payload).toEqual({
      funderId: funderIdOf('region-occitanie'), slug: 'region-occitanie', name: 'Région Occitanie', kind: 'region', region: 'Occitanie',
    });
  });

  it('a restart seeds and emits nothing', async () => {
    const before = await published();
    expect(await seedReference(t.app)).toEqual({
      poles: { created: 0, updated: 0, unchanged: 57 },
      funders: { created: 0, updated: 0, unchanged: 16 },
    });
    expect(await published()).toEqual(before);
  });

  it('republishes only a funder that is new or whose data changed, and keeps a funder missing from the seeds', async () => {
    const seeder = t.app.get(FundersSeeder);
    const renamed = FUNDER_SEEDS.map((s) => (s.slug === 'anr' ? { ...s, name: 'ANR' } : s));
    expect(await seeder.seed(renamed)).toEqual({ created: 0, updated: 1, unchanged: 15 });
    const [renaming] = (await published()).slice(-1);
    expect(renaming).toMatchObject({ streamId: funderIdOf('anr'), sequence: 2, envelope: { payload: { funderId: funderIdOf('anr'), slug: 'anr', name: 'ANR' } } });
    expect((await t.sql<{ name: string }>(`select name from directory.funders where slug = 'anr'`))[0].name).toBe('ANR');

    const added = { slug: 'ademe', name: 'ADEME', kind: 'national_agency' as const, region: null, website: null };
    expect(await seeder.seed([...FUNDER_SEEDS, added])).toEqual({ created: 1, updated: 1, unchanged: 15 }); // ANR back to its name
    const events = await published();
    expect(events).toHaveLength(19);
    expect(events.slice(-2).map((e) => [e.streamId, e.sequence, e.envelope.payload])).toEqual([
      [funderIdOf('anr'), 3, expect.objectContaining({ name: 'Agence nationale de la recherche (ANR)' })],
      [funderIdOf('ademe'), 1, { funderId: funderIdOf('ademe'), slug: 'ademe', name: 'ADEME', kind: 'national_agency', region: null }],
    ]);

    expect(await seeder.seed()).toEqual({ created: 0, updated: 0, unchanged: 16 });
    expect(await t.sql(`select 1 from directory.funders where slug = 'ademe'`)).toHaveLength(1);
    expect(await published()).toHaveLength(19);
  });

  it('refuses two seeds with the same slug', async () => {
    await expect(t.app.get(FundersSeeder).seed([...FUNDER_SEEDS, FUNDER_SEEDS[0]])).rejects.toThrow(/same id/);
  });
});
