import { poleIdOf } from '../reference/ids.js';
import { FRENCH_REGIONS } from '../reference/regions.js';
import { POLE_CODES } from './pole-codes.js';
import { POLE_RECORDS, poleSeedOf } from './pole.source.js';

describe('pole source data', () => {
  const seeds = POLE_RECORDS.map(poleSeedOf);

  it('has the 57 poles of phase V, each with a unique slug, id and code', () => {
    expect(seeds).toHaveLength(57);
    expect(new Set(seeds.map((s) => s.slug)).size).toBe(57);
    expect(new Set(seeds.map((s) => s.id)).size).toBe(57);
    expect(new Set(seeds.map((s) => s.code)).size).toBe(57);
    expect(Object.keys(POLE_CODES).sort()).toEqual(seeds.map((s) => s.slug).sort());
  });

  it('gives deterministic ids and hand-picked codes', () => {
    const av = seeds.find((s) => s.name === 'Aerospace Valley');
    expect(av).toMatchObject({ slug: 'aerospace-valley', code: 'AV', id: poleIdOf('aerospace-valley') });
    expect(seeds.find((s) => s.name === 'Végépolys Valley')?.slug).toBe('vegepolys-valley');
    expect(seeds.find((s) => s.name === 'Team²')?.slug).toBe('team2');
  });

  it('maps every region to one of the 18 French regions', () => {
    for (const s of seeds) for (const r of s.regions) expect(FRENCH_REGIONS).toContain(r);
    expect(seeds.find((s) => s.name === 'Qualitropic')?.regions).toEqual(['La Réunion']);
  });

  it('refuses a pole without a code', () => {
    expect(() => poleSeedOf({ ...POLE_RECORDS[0], name: 'Brand New Pole' })).toThrow(/no code/);
  });
});
