import { isTrl, TRL_LEVELS, trlDefinition } from './trl.js';

describe('TRL', () => {
  it('lists levels 1..9 in order', () => {
    expect(TRL_LEVELS.map((t) => t.level)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it.each([
    [1, 'basic principles observed'],
    [4, 'technology validated in lab'],
    [6, 'technology demonstrated in relevant environment'],
    [9, 'actual system proven in operational environment'],
  ] as const)('TRL %i is "%s"', (level, definition) => {
    expect(trlDefinition(level)).toBe(definition);
  });

  it.each([
    [1, true], [5, true], [9, true],
    [0, false], [10, false], [4.5, false], [-1, false], [Number.NaN, false], ['3', false], [null, false],
  ])('isTrl(%p) → %p', (v, expected) => expect(isTrl(v)).toBe(expected));
});
