import { slugify } from '../reference/ids.js';
import { METROPOLITAN_REGIONS } from '../reference/regions.js';
import type { FunderKind } from './funder.entity.js';

export interface FunderSeed {
  slug: string;
  name: string;
  kind: FunderKind;
  region: string | null;
  website: string | null;
}

/*
 * Funders of pole projects (DOMAIN.md §3): the national agencies (Bpifrance operates PSPC-Régions and
 * i-Démo, ANR the collaborative research calls) and the regional councils that co-fund — the 13
 * metropolitan Regions and La Réunion (home of Qualitropic, the one overseas pole).
 */
export const FUNDER_SEEDS: readonly FunderSeed[] = [
  { slug: 'bpifrance', name: 'Bpifrance', kind: 'national_agency', region: null, website: 'https://www.bpifrance.fr' },
  { slug: 'anr', name: 'Agence nationale de la recherche (ANR)', kind: 'national_agency', region: null, website: 'https://anr.fr' },
  ...[...METROPOLITAN_REGIONS, 'La Réunion'].map((region): FunderSeed => ({
    slug: `region-${slugify(region)}`,
    name: `Région ${region}`,
    kind: 'region',
    region,
    website: null,
  })),
];
