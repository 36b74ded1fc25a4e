import { foldAccents } from '../text.js';
/*
 * Admissibility checks shown to the pole manager before a case goes to review (DOMAIN.md §2.2:
 * the pole's operational cell checks admissibility; §2.3 criteria; §2.5 territorial rule: at
 * least 25 % of the R&D in the lead pole's territory; §10: ≤ 70 % of the costs per partner).
 * The checks inform, they do not decide: the manager may admit despite a failed check, with a
 * motivation (case.machine.ts, `admit`). Money is integer euro cents.
 */

export const ADMISSIBILITY_CHECKS = ['theme_fit', 'collaborative_consortium', 'partner_share', 'regional_presence'] as const;
/** Only for a pole whose settings require the lead partner to be a member (network): after the four others. */
export const LEAD_MEMBERSHIP_CHECK = 'lead_membership';
export type AdmissibilityCheckKey = (typeof ADMISSIBILITY_CHECKS)[number] | typeof LEAD_MEMBERSHIP_CHECK;

/** `reason` is English and concrete (partners, percentages with one decimal, themes). */
export interface AdmissibilityCheck {
  key: AdmissibilityCheckKey;
  passed: boolean;
  reason: string;
}

export interface AdmissibilitySettings {
  collaborativeRequired: boolean;
  maxPartnerSharePct: number;
  minLeadRegionalSharePct: number;
}

export const DEFAULT_ADMISSIBILITY_SETTINGS: AdmissibilitySettings = Object.freeze({
  collaborativeRequired: true,
  maxPartnerSharePct: 70,
  minLeadRegionalSharePct: 25,
});

export interface AdmissibilityInput {
  /** `lead`: this pole is the project's lead labelling pole (else a co-labelling pole). */
  pole: { name: string; regions: string[]; themes: string[]; lead: boolean };
  settings: AdmissibilitySettings;
  project: {
    themes: string[];
    partners: {
      organisationId: string;
      name: string;
      kind: 'company' | 'research_organisation' | 'training_body';
      /** The head office's region. */
      region: string;
      /** Every region where the partner has an establishment (absent: only `region`). */
      regions?: string[];
      totalCents: number;
    }[];
  };
  /**
   * The pole's membership rule (network's `membership.requirement_changed`) and whether the lead partner (the
   * coordinator) is an active member of the pole. Absent, or not required: no `lead_membership` check.
   */
  membership?: { required: boolean; leadName: string; leadIsMember: boolean };
}

type Partner = AdmissibilityInput['project']['partners'][number];

/** Trim, lower-case, strip accents (NFD), spaces and underscores → '-' ("Île_de France" → "ile-de-france"). */
function normalise(s: string): string {
  return foldAccents(s).replace(/[\s_]+/g, '-');
}

/**
 * Percentage with one decimal, e.g. "70.0 %". `up` / `down` round towards the side that keeps the
 * figure consistent with the verdict shown next to it (70.01 % above a 70 % maximum reads
 * "70.1 %", not "70.0 %"; 24.99 % below a 25 % minimum reads "24.9 %").
 */
function pct(part: number, total: number, rounding: 'nearest' | 'up' | 'down' = 'nearest'): string {
  const tenths = (part * 1000) / total;
  const r = rounding === 'up' ? Math.ceil(tenths) : rounding === 'down' ? Math.floor(tenths) : Math.round(tenths);
  return `${(r / 10).toFixed(1)} %`;
}

const list = (xs: readonly string[]): string => (xs.length === 0 ? '(none)' : xs.join(', '));

function themeFit({ pole, project }: AdmissibilityInput): AdmissibilityCheck {
  const poleThemes = new Map<string, string>();
  for (const t of pole.themes) if (!poleThemes.has(normalise(t))) poleThemes.set(normalise(t), t);
  const matches: string[] = [];
  for (const t of new Set(project.themes.map(normalise))) {
    const poleTheme = poleThemes.get(t);
    if (t !== '' && poleTheme !== undefined) matches.push(poleTheme);
  }
  if (matches.length > 0) {
    return { key: 'theme_fit', passed: true, reason: `project themes matching ${pole.name}: ${list(matches)}` };
  }
  return {
    key: 'theme_fit',
    passed: false,
    reason: `none of the project themes (${list(project.themes)}) is a theme of ${pole.name} (${list(pole.themes)})`,
  };
}

function collaborativeConsortium({ pole, settings, project }: AdmissibilityInput): AdmissibilityCheck {
  const companies = project.partners.filter((p) => p.kind === 'company').length;
  const academics = project.partners.length - companies;
  const counts = `${companies} compan${companies === 1 ? 'y' : 'ies'} and ${academics} research organisation(s) or training body(ies)`;
  if (!settings.collaborativeRequired) {
    return { key: 'collaborative_consortium', passed: true, reason: `${pole.name} does not require a collaborative consortium (${counts})` };
  }
  const passed = companies >= 2 && academics >= 1;
  return {
    key: 'collaborative_consortium',
    passed,
    reason: `${counts}; required: at least 2 companies and 1 research organisation or training body`,
  };
}

const totalOf = (partners: readonly Partner[]): number => partners.reduce((sum, p) => sum + p.totalCents, 0);

function partnerShare({ settings, project }: AdmissibilityInput): AdmissibilityCheck {
  const max = settings.maxPartnerSharePct;
  const total = totalOf(project.partners);
  if (total <= 0) {
    return { key: 'partner_share', passed: false, reason: 'the total cost of the project is 0: partner shares cannot be computed' };
  }
  // Integer arithmetic: share > max %  ⇔  cents·100 > max·total (exactly max % passes).
  const above = project.partners.filter((p) => p.totalCents * 100 > max * total);
  if (above.length > 0) {
    return {
      key: 'partner_share',
      passed: false,
      reason: `above the ${max} % maximum share of the total cost: ${above.map((p) => `${p.name} (${pct(p.totalCents, total, 'up')})`).join(', ')}`,
    };
  }
  const largest = project.partners.reduce((a, b) => (b.totalCents > a.totalCents ? b : a));
  return {
    key: 'partner_share',
    passed: true,
    reason: `largest share: ${largest.name} (${pct(largest.totalCents, total)}); maximum ${max} % of the total cost`,
  };
}

function regionalPresence({ pole, settings, project }: AdmissibilityInput): AdmissibilityCheck {
  const regions = new Set(pole.regions.map(normalise));
  const where = list(pole.regions);
  const total = totalOf(project.partners);
  if (total <= 0) {
    return { key: 'regional_presence', passed: false, reason: 'the total cost of the project is 0: the regional share cannot be computed' };
  }
  // A partner counts as local when one of its establishments is in the pole's regions, not only its head office.
  const local = project.partners.filter((p) => (p.regions?.length ? p.regions : [p.region]).some((r) => regions.has(normalise(r))));
  const localCents = totalOf(local);
  const describe = (rounding: 'nearest' | 'up' | 'down'): string =>
    `${pct(localCents, total, rounding)} of the costs borne by partners in ${where}` +
    (local.length > 0 ? ` (${list(local.map((p) => p.name))})` : '');
  if (pole.lead) {
    const min = settings.minLeadRegionalSharePct;
    // Integer arithmetic: share ≥ min %  ⇔  cents·100 ≥ min·total.
    const passed = localCents * 100 >= min * total;
    return {
      key: 'regional_presence',
      passed,
      reason: `${describe(passed ? 'nearest' : 'down')}; the lead pole requires at least ${min} %`,
    };
  }
  const passed = localCents > 0;
  return {
    key: 'regional_presence',
    passed,
    reason: `${describe(passed ? 'up' : 'nearest')}; a co-labelling pole requires at least one partner bearing costs there`,
  };
}

/** The lead partner's membership, when the pole's settings require it (DOMAIN.md §1.1, "adhérent"). */
function leadMembership({ pole, membership }: AdmissibilityInput & { membership: NonNullable<AdmissibilityInput['membership']> }): AdmissibilityCheck {
  return {
    key: LEAD_MEMBERSHIP_CHECK,
    passed: membership.leadIsMember,
    reason: membership.leadIsMember
      ? `the lead partner ${membership.leadName} is a member of ${pole.name}`
      : `the lead partner ${membership.leadName} is not a member of ${pole.name}, which requires it`,
  };
}

/** The four checks, in ADMISSIBILITY_CHECKS order, and the lead partner's membership when the pole requires it. */
export function admissibilityChecks(input: AdmissibilityInput): AdmissibilityCheck[] {
  const checks = [themeFit(input), collaborativeConsortium(input), partnerShare(input), regionalPresence(input)];
  if (input.membership?.required) checks.push(leadMembership({ ...input, membership: input.membership }));
  return checks;
}

export const failedChecks = (checks: AdmissibilityCheck[]): AdmissibilityCheckKey[] => checks.filter((c) => !c.passed).map((c) => c.key);
