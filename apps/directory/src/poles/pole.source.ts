import { readFileSync } from 'node:fs';
import { canonicalRegion } from '../reference/regions.js';
import { poleIdOf, slugify } from '../reference/ids.js';
import { POLE_CODES } from './pole-codes.js';

/** One line of poles.data.json (a copy of shared/domain/poles.json, DOMAIN.md §1.4). */
export interface PoleRecord {
  name: string;
  aka: string | null;
  regions: string[];
  themes: string[];
  theme_detail: string | null;
  theme_detail_fr?: string | null;
  hq: string | null;
  website: string | null;
  members: number | null;
  members_year: number | null;
  phase_v_label: string | null;
  sources: string[];
}

/** What the seed writes for a pole: every column but `updatedAt`. */
export interface PoleSeed {
  id: string;
  slug: string;
  code: string;
  name: string;
  aka: string | null;
  regions: string[];
  themes: string[];
  themeDetail: string | null;
  themeDetailFr: string | null;
  themesFr: string | null;
  hq: string | null;
  website: string | null;
  members: number | null;
  membersYear: number | null;
  phaseVLabel: string | null;
  sources: string[];
}

/** Maps a source record to its seed; throws on an unknown region or a pole without a code (fail at start-up). */
export function poleSeedOf(r: PoleRecord): PoleSeed {
  const slug = slugify(r.name);
  const code = POLE_CODES[slug];
  if (!code) throw new Error(`pole "${r.name}" (${slug}) has no code in pole-codes.ts`);
  const regions = r.regions.map((label) => {
    const region = canonicalRegion(label);
    if (!region) throw new Error(`pole "${r.name}": unknown region "${label}"`);
    return region;
  });
  const labels = r.themes.map((t) => {
    const label = THEME_LABELS_FR[t];
    if (!label) throw new Error(`pole "${r.name}": theme "${t}" has no French label in themes.fr.json`);
    return label;
  });
  return {
    id: poleIdOf(slug), slug, code, name: r.name, aka: r.aka, regions, themes: r.themes, themeDetail: r.theme_detail,
    themeDetailFr: r.theme_detail_fr ?? null, themesFr: labels.join(' ; '), hq: r.hq,
    website: r.website, members: r.members, membersYear: r.members_year, phaseVLabel: r.phase_v_label, sources: r.sources,
  };
}

// Read from disk next to this module rather than imported: the JSON reaches dist through the app's tsconfig
// (`include` of every .json under src), and this works the same under Jest, whose transform would drop an
// import attribute.
export const POLE_RECORDS: readonly PoleRecord[] = JSON.parse(readFileSync(new URL('./poles.data.json', import.meta.url), 'utf8')) as PoleRecord[];

/** French label of every theme slug (a copy of shared/domain/themes.fr.json). */
export const THEME_LABELS_FR: Readonly<Record<string, string>> = JSON.parse(readFileSync(new URL('./themes.fr.json', import.meta.url), 'utf8')) as Record<string, string>;
