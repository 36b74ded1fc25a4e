/*
 * French administrative regions since the 2016 reform (DOMAIN.md §1.4): 13 metropolitan regions and
 * 5 overseas regions (régions d'outre-mer). Spelled as INSEE spells them; these are the only values an
 * organisation's `region` may take and the vocabulary of the pole directory's `region` filter.
 */

export const METROPOLITAN_REGIONS = [
  'Auvergne-Rhône-Alpes',
  'Bourgogne-Franche-Comté',
  'Bretagne',
  'Centre-Val de Loire',
  'Corse',
  'Grand Est',
  'Hauts-de-France',
  'Île-de-France',
  'Normandie',
  'Nouvelle-Aquitaine',
  'Occitanie',
  'Pays de la Loire',
  "Provence-Alpes-Côte d'Azur",
] as const;

export const OVERSEAS_REGIONS = ['Guadeloupe', 'Martinique', 'Guyane', 'La Réunion', 'Mayotte'] as const;

export const FRENCH_REGIONS = [...METROPOLITAN_REGIONS, ...OVERSEAS_REGIONS] as const;
export type FrenchRegion = (typeof FRENCH_REGIONS)[number];

/** Case- and accent-insensitive key, so that "ile-de-france" and "Île-de-France" compare equal. */
export const regionKey = (s: string): string => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().trim();

const BY_KEY = new Map<string, FrenchRegion>(FRENCH_REGIONS.map((r) => [regionKey(r), r]));

/**
 * The canonical region a free-text label names, or undefined. Source data sometimes qualifies a region
 * ("La Réunion (outre-mer)" in poles.json): a trailing parenthesis is ignored.
 */
export function canonicalRegion(label: string): FrenchRegion | undefined {
  return BY_KEY.get(regionKey(label.replace(/\s*\([^)]*\)\s*$/, '')));
}
