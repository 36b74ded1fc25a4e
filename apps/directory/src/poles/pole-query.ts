import { FRENCH_REGIONS, type FrenchRegion } from '../reference/regions.js';

/*
 * How a typed pole query is read (pure, unit-tested): the region names it contains ("bois Nouvelle Aquitaine")
 * become a region filter, and what is left is split into words for the French full-text search. Words keep
 * letters and digits only, so nothing the user types reaches PostgreSQL as tsquery syntax.
 */

/** Lower case, no accents, apostrophes, hyphens and underscores as spaces, single spaces. */
const fold = (s: string): string =>
  ` ${s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;

// Longest first, so "Provence-Alpes-Côte d'Azur" is taken whole, before a shorter name could match inside it.
const REGIONS = [...FRENCH_REGIONS].map((r) => ({ region: r, key: fold(r) })).sort((a, b) => b.key.length - a.key.length);

export interface PoleQueryParts {
  regions: FrenchRegion[];
  words: string[];
}

export function readPoleQuery(q: string): PoleQueryParts {
  let rest = fold(q);
  const regions: FrenchRegion[] = [];
  for (const { region, key } of REGIONS) {
    if (rest.includes(key)) {
      regions.push(region);
      rest = rest.replace(key, ' ');
    }
  }
  const words = rest.split(' ').filter((w) => w.length > 0).slice(0, 8);
  return { regions, words };
}

/** `to_tsquery` input: every word must match, whole (`exact`) or as the start of a word (`prefix`). */
export const tsQueryOf = (words: readonly string[], mode: 'exact' | 'prefix'): string =>
  words.map((w) => (mode === 'prefix' ? `${w}:*` : w)).join(' & ');

/** A POSIX regex matching any of the words at the start of a word (for names and aliases). */
export const wordStartsOf = (words: readonly string[]): string => `\\m(${words.join('|')})`;
