import { startDirectory, type DirectoryTestApp } from '../testing/directory-test-app.js';

/*
 * French pole search: a table of queries people type, the poles each must return and the poles it must not.
 * Real PostgreSQL (`french` text search, `unaccent`), the 57 seeded poles, through HTTP.
 */

// Always four cells: jest hands a shorter row's missing argument a `done` callback.
type Row = [q: string, must: string[], mustNot: string[], atLeast: number];

const HEALTH = ['Atlanpole Biothérapies', 'BioValley France', 'Clubster NSL', 'Eurobiomed', 'Lyonbiopôle', 'Medicen', 'PMT'];
const BRETAGNE = ['Atlanpole Biothérapies', 'EMC2', 'iD4CAR', 'Images & Réseaux', 'Pôle Mer Bretagne Atlantique', 'Valorial', 'Végépolys Valley'];

const TABLE: Row[] = [
  ['aéronautique', ['Aerospace Valley', 'ASTech', 'Safe Cluster'], ['Cosmetic Valley', 'Medicen'], 0],
  ['aeronautique', ['Aerospace Valley', 'ASTech', 'Safe Cluster'], ['Cosmetic Valley'], 0],
  ['AÉRONAUTIQUES', ['Aerospace Valley', 'ASTech'], [], 0],
  ['aéro', ['Aerospace Valley', 'ASTech', 'Safe Cluster'], ['Medicen'], 0],
  ['bois', ['Xylofutur'], ['Valorial', 'Vitagora'], 0],
  ['forêt', ['Xylofutur'], ['Valorial'], 0],
  ['santé', [...HEALTH, 'Vitagora', 'TES', "Innov'Alliance"], ['Aerospace Valley', 'Xylofutur'], 10],
  ['sante', HEALTH, ['Aerospace Valley'], 10],
  ['health', HEALTH, ['Aerospace Valley'], 0],
  ['mer', ['Pôle Mer Bretagne Atlantique', 'Pôle Mer Méditerranée', 'Aquimer'], ['Polymeris', 'Medicen'], 0],
  ['polymères', ['Polymeris'], ['Pôle Mer Bretagne Atlantique'], 0],
  ['eau', ['Aqua-Valley', 'aquanova'], ['Aquimer', 'Medicen'], 0],
  ['cheval', ['Hippolia'], [], 0],
  ['énergies renouvelables', ['Tenerrdis', 'Derbi'], ['Nuclear Valley', 'Medicen'], 0],
  ['chimie', ['Axelera', 'EuraMaterials'], ['Cosmetic Valley', 'Medicen'], 0],
  ['numérique', ['Cap Digital', 'Minalogic', 'Images & Réseaux'], ['Xylofutur'], 0],
  ['cosmétique', ['Cosmetic Valley', "Innov'Alliance"], ['Medicen'], 0],
  ['cosmetic', ['Cosmetic Valley'], ['Medicen'], 0],
  ['végépolys', ['Végépolys Valley'], ['Valorial'], 0],
  // Region names typed in q: that region's poles, alone or with words.
  ['Bretagne', BRETAGNE, ['Aerospace Valley', 'Medicen'], 0],
  ['bretagne', BRETAGNE, ['Aerospace Valley'], 0],
  ['ile de france', ['Medicen', 'Cap Digital', 'ASTech', 'Systematic Paris-Region', 'Finance Innovation'], ['Aerospace Valley'], 0],
  ['mer Bretagne', ['Pôle Mer Bretagne Atlantique'], ['Pôle Mer Méditerranée', 'Aquimer', 'Valorial'], 0],
  ['santé Auvergne-Rhône-Alpes', ['Lyonbiopôle'], ['Medicen', 'Eurobiomed'], 0],
  ["aéronautique Provence-Alpes-Côte d'Azur", ['Safe Cluster'], ['Aerospace Valley', 'ASTech'], 0],
  ['numérique occitanie', ['Aerospace Valley'], ['Cap Digital', 'Minalogic'], 0],
];

describe('directory pole search in French (real PostgreSQL: french text search + unaccent)', () => {
  let t: DirectoryTestApp;

  beforeAll(async () => {
    t = await startDirectory('dirpolefr');
  });

  afterAll(async () => {
    await t?.close();
  });

  it.each(TABLE)('%j', async (q, must, mustNot, atLeast) => {
    const res = await t.http().get(`/api/v1/poles?limit=100&q=${encodeURIComponent(q)}`).expect(200);
    const names = (res.body.items as { name: string }[]).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(must));
    for (const name of mustNot) expect(names).not.toContain(name);
    expect(names.length).toBeGreaterThanOrEqual(Math.max(atLeast, must.length));
  });

  it('ranks a name before keywords, and every region query returns only poles of that region', async () => {
    const mer = await t.http().get('/api/v1/poles?limit=100&q=mer').expect(200);
    expect(mer.body.items.slice(0, 2).map((p: { name: string }) => p.name).sort()).toEqual(['Pôle Mer Bretagne Atlantique', 'Pôle Mer Méditerranée']);
    const bretagne = await t.http().get('/api/v1/poles?limit=100&q=Bretagne').expect(200);
    expect(bretagne.body.items.map((p: { name: string }) => p.name).sort()).toEqual([...BRETAGNE].sort());
  });

  it('answers the French labels of the themes with each pole', async () => {
    const res = await t.http().get('/api/v1/poles/aerospace-valley').expect(200);
    expect(res.body.themeLabels).toEqual([{ slug: 'aeronautics-space', fr: 'Aéronautique et spatial' }, { slug: 'digital-electronics', fr: 'Numérique et électronique' }]);
    expect(res.body.themeDetailFr).toBe('aéronautique, espace, systèmes embarqués');
  });
});
