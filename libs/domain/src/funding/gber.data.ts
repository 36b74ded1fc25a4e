import type { ResearchCategory } from '../budget.js';

/*
 * GBER article 25 rule table, versioned, as data (DOMAIN.md §4.3–4.5). The engine (gber.ts) reads
 * nothing else: a new amendment is a new entry here, never an edit of an existing one (results
 * computed under one version must stay reproducible).
 *
 * Units: intensities and bonuses in basis points (10000 = 100 %), money in integer euro cents.
 */

export const GBER_RULE_VERSIONS = ['GBER-2014', 'GBER-2023'] as const;
export type GberRuleVersion = (typeof GBER_RULE_VERSIONS)[number];

/** The version applied when the caller names none. */
export const GBER_LATEST: GberRuleVersion = 'GBER-2023';

/** Where a figure comes from. `verified: false` = not checked against the official text (DOMAIN.md [U]). */
export interface GberSource {
  version: GberRuleVersion;
  source: string;
  /** adoption date of the regulation, ISO yyyy-mm-dd */
  date: string;
  verified: boolean;
  note?: string;
}

export interface NotificationThreshold extends GberSource {
  /** aid above this amount, per undertaking per project (per study for feasibility), must be notified */
  thresholdCents: number;
}

export interface GberRuleSet {
  version: GberRuleVersion;
  regulation: string;
  date: string;
  /** Art. 25(5): base intensity per category. */
  baseBps: Readonly<Record<ResearchCategory, number>>;
  /** Art. 25(6)(a) (industrial, experimental) and 25(7) (feasibility): size increase; micro counts as small. */
  sizeBonusBps: Readonly<Record<ResearchCategory, Readonly<{ small: number; medium: number }>>>;
  /** Art. 25(6)(b): increase when a collaboration / dissemination condition holds (0 = not available). */
  collaborationBonusBps: Readonly<Record<ResearchCategory, number>>;
  /** Art. 25(6): maximum intensity after increases (10000 = no cap below 100 %). */
  capBps: Readonly<Record<ResearchCategory, number>>;
  /** Art. 25(6)(b) thresholds, as shares of the project's total eligible costs. */
  collaboration: Readonly<{
    /** no single undertaking may bear more than this share (condition (i), undertakings) */
    maxSingleUndertakingShareBps: number;
    /** research organisations with the right to publish bear at least this share (condition (i), research organisations) */
    minResearchOrganisationShareBps: number;
  }>;
  /** Art. 4(1)(i), by predominant category. */
  notificationThresholds: Readonly<Record<ResearchCategory, NotificationThreshold>>;
  /** Article references used in explanations. */
  articles: Readonly<{ sizeBonus: string; feasibilitySizeBonus: string; collaborationBonus: string; cap: string }>;
  /** Parts of the text the engine does not model. */
  notModelled: readonly string[];
}

const M_EUR = 100_000_000; // 1 M€ in cents

const baseBps = { fundamental: 10_000, industrial: 5_000, experimental: 2_500, feasibility: 5_000 } as const;
const sizeBonusBps = {
  fundamental: { small: 0, medium: 0 },
  industrial: { small: 2_000, medium: 1_000 },
  experimental: { small: 2_000, medium: 1_000 },
  feasibility: { small: 2_000, medium: 1_000 },
} as const;
const collaborationBonusBps = { fundamental: 0, industrial: 1_500, experimental: 1_500, feasibility: 0 } as const;
const capBps = { fundamental: 10_000, industrial: 8_000, experimental: 8_000, feasibility: 10_000 } as const;
const collaboration = { maxSingleUndertakingShareBps: 7_000, minResearchOrganisationShareBps: 1_000 } as const;

const SOURCE_2014 = 'Reg. (EU) 651/2014 art. 4(1)(i)';
const DATE_2014 = '2014-06-17';
const SOURCE_2023 = 'Reg. (EU) 2023/1315 amending Reg. (EU) 651/2014 art. 4(1)(i)';
const DATE_2023 = '2023-06-23';
const UNVERIFIED_2023 = 'figure given in the brief, not found in the stored material; verify against the consolidated EUR-Lex text (DOMAIN.md §4.5)';

const threshold2014 = (thresholdCents: number, what: string): NotificationThreshold => ({
  version: 'GBER-2014', source: `${SOURCE_2014}${what}`, date: DATE_2014, verified: true, thresholdCents,
});
const threshold2023 = (thresholdCents: number, what: string): NotificationThreshold => ({
  version: 'GBER-2023', source: `${SOURCE_2023}${what}`, date: DATE_2023, verified: false, note: UNVERIFIED_2023, thresholdCents,
});

function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

export const GBER_RULES: Readonly<Record<GberRuleVersion, GberRuleSet>> = deepFreeze({
  'GBER-2014': {
    version: 'GBER-2014',
    regulation: 'Commission Regulation (EU) No 651/2014',
    date: DATE_2014,
    baseBps, sizeBonusBps, collaborationBonusBps, capBps, collaboration,
    notificationThresholds: {
      fundamental: threshold2014(40 * M_EUR, ' (predominantly fundamental research)'),
      industrial: threshold2014(20 * M_EUR, ' (predominantly industrial research)'),
      experimental: threshold2014(15 * M_EUR, ' (other projects: experimental development)'),
      feasibility: threshold2014(750 * M_EUR / 100, ' (feasibility study, per study)'),
    },
    articles: { sizeBonus: 'art. 25(6)(a)', feasibilitySizeBonus: 'art. 25(7)', collaborationBonus: 'art. 25(6)(b)', cap: 'art. 25(6)' },
    notModelled: ['collaboration carried out in at least two Member States (or a Member State and an EEA party), art. 25(6)(b)(i)'],
  },
  'GBER-2023': {
    version: 'GBER-2023',
    regulation: 'Commission Regulation (EU) 2023/1315 amending Regulation (EU) No 651/2014',
    date: DATE_2023,
    baseBps, sizeBonusBps, collaborationBonusBps, capBps, collaboration,
    notificationThresholds: {
      fundamental: threshold2023(55 * M_EUR, ' (predominantly fundamental research)'),
      industrial: threshold2023(35 * M_EUR, ' (predominantly industrial research)'),
      experimental: threshold2023(25 * M_EUR, ' (other projects: experimental development)'),
      feasibility: threshold2023(825 * M_EUR / 100, ' (feasibility study, per study)'),
    },
    articles: { sizeBonus: 'art. 25(6)(a)', feasibilitySizeBonus: 'art. 25(7)', collaborationBonus: 'art. 25(6)(b)', cap: 'art. 25(6)' },
    notModelled: [
      'collaboration carried out in at least two Member States (or a Member State and an EEA party), art. 25(6)(b)',
      'non-exclusive licences at market price and projects in art. 107(3)(a) areas as (b) conditions [U]',
      '+5 points in art. 107(3)(c) areas, art. 25(6)(c) [U]',
      '+25 points for projects designated by at least 3 Member States, art. 25(6)(d) [U]',
    ],
  },
});
