import {
  ADMISSIBILITY_CHECKS, admissibilityChecks, DEFAULT_ADMISSIBILITY_SETTINGS, failedChecks, type AdmissibilityCheck,
  type AdmissibilityCheckKey, type AdmissibilityInput,
} from './admissibility.js';

type Partner = AdmissibilityInput['project']['partners'][number];

const partner = (name: string, kind: Partner['kind'], region: string, totalCents: number): Partner => ({
  organisationId: `org-${name.toLowerCase()}`,
  name,
  kind,
  region,
  totalCents,
});

/** A project that passes every check for a lead pole in Occitanie / Nouvelle-Aquitaine. */
const base: AdmissibilityInput = {
  pole: { name: 'Aerospace Valley', regions: ['Occitanie', 'Nouvelle-Aquitaine'], themes: ['Drones', 'Systèmes embarqués', 'Espace'], lead: true },
  settings: DEFAULT_ADMISSIBILITY_SETTINGS,
  project: {
    themes: ['systemes_embarques', 'Cybersecurity'],
    partners: [
      partner('Airbus', 'company', 'Occitanie', 500_000_00),
      partner('Sysnav', 'company', 'Normandie', 300_000_00),
      partner('ONERA', 'research_organisation', 'Île-de-France', 200_000_00),
    ],
  },
};

const check = (input: AdmissibilityInput, key: AdmissibilityCheckKey): AdmissibilityCheck => {
  const found = admissibilityChecks(input).find((c) => c.key === key);
  if (found === undefined) throw new Error(`no ${key} check`);
  return found;
};

const withPartners = (partners: Partner[], patch: Partial<AdmissibilityInput> = {}): AdmissibilityInput => ({
  ...base,
  ...patch,
  project: { ...base.project, partners },
});

describe('admissibilityChecks', () => {
  it('returns the four checks in order, all passing on the base project', () => {
    const checks = admissibilityChecks(base);
    expect(checks.map((c) => c.key)).toEqual([...ADMISSIBILITY_CHECKS]);
    expect(failedChecks(checks)).toEqual([]);
    expect(checks).toEqual([
      { key: 'theme_fit', passed: true, reason: 'project themes matching Aerospace Valley: Systèmes embarqués' },
      {
        key: 'collaborative_consortium',
        passed: true,
        reason: '2 companies and 1 research organisation(s) or training body(ies); required: at least 2 companies and 1 research organisation or training body',
      },
      { key: 'partner_share', passed: true, reason: 'largest share: Airbus (50.0 %); maximum 70 % of the total cost' },
      {
        key: 'regional_presence',
        passed: true,
        reason: '50.0 % of the costs borne by partners in Occitanie, Nouvelle-Aquitaine (Airbus); the lead pole requires at least 25 %',
      },
    ]);
  });

  it('returns all four checks, failed, on an empty project', () => {
    const checks = admissibilityChecks({ ...base, project: { themes: [], partners: [] } });
    expect(failedChecks(checks)).toEqual([...ADMISSIBILITY_CHECKS]);
  });

  it('failedChecks keeps the order of the checks', () => {
    expect(failedChecks([
      { key: 'theme_fit', passed: false, reason: '' },
      { key: 'collaborative_consortium', passed: true, reason: '' },
      { key: 'partner_share', passed: false, reason: '' },
      { key: 'regional_presence', passed: false, reason: '' },
    ])).toEqual(['theme_fit', 'partner_share', 'regional_presence']);
  });
});

describe('theme_fit', () => {
  it.each<[string, string[], string[], boolean]>([
    ['exact', ['Drones'], ['Drones'], true],
    ['case and spaces', ['  DRONES '], ['Drones'], true],
    ['accents (NFD)', ['Systemes embarques'], ['Systèmes embarqués'], true],
    ['underscores vs spaces', ['systèmes_embarqués'], ['Systèmes embarqués'], true],
    ['hyphen vs space', ['Smart-Grid'], ['smart grid'], true],
    ['composed vs decomposed accent', ['e\u0301nergie'], ['\u00e9nergie'], true],
    ['several spaces collapse', ['smart   grid'], ['smart grid'], true],
    ['one of several', ['Agritech', 'Espace'], ['Drones', 'Espace'], true],
    ['no match', ['Agritech', 'Santé'], ['Drones', 'Espace'], false],
    ['substring is no match', ['Drone'], ['Drones'], false],
    ['no project theme', [], ['Drones'], false],
    ['no pole theme', ['Drones'], [], false],
    ['blank themes never match', ['  '], [' '], false],
  ])('%s → %p', (_label, projectThemes, poleThemes, passed) => {
    const c = check({ ...base, pole: { ...base.pole, themes: poleThemes }, project: { ...base.project, themes: projectThemes } }, 'theme_fit');
    expect(c.passed).toBe(passed);
  });

  it('names the matches with the pole spelling, once', () => {
    const c = check({ ...base, project: { ...base.project, themes: ['drones', 'DRONES', 'espace'] } }, 'theme_fit');
    expect(c.reason).toBe('project themes matching Aerospace Valley: Drones, Espace');
  });

  it('lists both sides when failing', () => {
    const c = check({ ...base, project: { ...base.project, themes: ['Agritech', 'Santé'] } }, 'theme_fit');
    expect(c).toEqual({
      key: 'theme_fit',
      passed: false,
      reason: 'none of the project themes (Agritech, Santé) is a theme of Aerospace Valley (Drones, Systèmes embarqués, Espace)',
    });
  });

  it('says when the project has no theme', () => {
    expect(check({ ...base, project: { ...base.project, themes: [] } }, 'theme_fit').reason).toBe(
      'none of the project themes ((none)) is a theme of Aerospace Valley (Drones, Systèmes embarqués, Espace)',
    );
  });
});

describe('collaborative_consortium', () => {
  const co = (n: string) => partner(n, 'company', 'Occitanie', 100);
  const lab = partner('LAAS', 'research_organisation', 'Occitanie', 100);
  const school = partner('AFPA', 'training_body', 'Occitanie', 100);

  it.each<[string, Partner[], boolean, string]>([
    ['2 companies + 1 lab', [co('A'), co('B'), lab], true, '2 companies and 1 research organisation(s) or training body(ies)'],
    ['2 companies + 1 training body', [co('A'), co('B'), school], true, '2 companies and 1 research organisation(s) or training body(ies)'],
    ['3 companies + 2 academics', [co('A'), co('B'), co('C'), lab, school], true, '3 companies and 2 research organisation(s) or training body(ies)'],
    ['1 company + 1 lab', [co('A'), lab], false, '1 company and 1 research organisation(s) or training body(ies)'],
    ['2 companies, no academic', [co('A'), co('B')], false, '2 companies and 0 research organisation(s) or training body(ies)'],
    ['0 company + 2 academics', [lab, school], false, '0 companies and 2 research organisation(s) or training body(ies)'],
    ['nobody', [], false, '0 companies and 0 research organisation(s) or training body(ies)'],
  ])('required, %s → %p', (_label, partners, passed, counts) => {
    expect(check(withPartners(partners), 'collaborative_consortium')).toEqual({
      key: 'collaborative_consortium',
      passed,
      reason: `${counts}; required: at least 2 companies and 1 research organisation or training body`,
    });
  });

  it('passes when the pole does not require it, saying so', () => {
    const input = withPartners([co('A')], { settings: { ...DEFAULT_ADMISSIBILITY_SETTINGS, collaborativeRequired: false } });
    expect(check(input, 'collaborative_consortium')).toEqual({
      key: 'collaborative_consortium',
      passed: true,
      reason: 'Aerospace Valley does not require a collaborative consortium (1 company and 0 research organisation(s) or training body(ies))',
    });
  });
});

describe('partner_share', () => {
  const two = (a: number, b: number) => withPartners([partner('Alpha', 'company', 'Occitanie', a), partner('Beta', 'company', 'Occitanie', b)]);

  it.each<[string, AdmissibilityInput, boolean, string]>([
    ['exactly 70 %', two(70_00, 30_00), true, 'largest share: Alpha (70.0 %); maximum 70 % of the total cost'],
    // A failing share is rounded up, so that the figure never reads as the maximum itself.
    ['70.01 %', two(7001, 2999), false, 'above the 70 % maximum share of the total cost: Alpha (70.1 %)'],
    ['one cent above 70 % of a large budget', two(700_000_001, 299_999_999), false,
      'above the 70 % maximum share of the total cost: Alpha (70.1 %)'],
    ['69.99 %', two(6999, 3001), true, 'largest share: Alpha (70.0 %); maximum 70 % of the total cost'],
    ['66.66 % rounds to nearest when passing', two(6666, 3334), true, 'largest share: Alpha (66.7 %); maximum 70 % of the total cost'],
    ['50/50', two(1, 1), true, 'largest share: Alpha (50.0 %); maximum 70 % of the total cost'],
    ['72.3 % (second partner)', two(2770, 7230), false, 'above the 70 % maximum share of the total cost: Beta (72.3 %)'],
    ['single partner', withPartners([partner('Solo', 'company', 'Occitanie', 10)]), false,
      'above the 70 % maximum share of the total cost: Solo (100.0 %)'],
    ['total 0', two(0, 0), false, 'the total cost of the project is 0: partner shares cannot be computed'],
    ['no partner', withPartners([]), false, 'the total cost of the project is 0: partner shares cannot be computed'],
  ])('%s', (_label, input, passed, reason) => {
    expect(check(input, 'partner_share')).toEqual({ key: 'partner_share', passed, reason });
  });

  it('honours another maximum, with the same edge', () => {
    const settings = { ...DEFAULT_ADMISSIBILITY_SETTINGS, maxPartnerSharePct: 50 };
    expect(check({ ...two(50, 50), settings }, 'partner_share').passed).toBe(true);
    expect(check({ ...two(5001, 4999), settings }, 'partner_share')).toEqual({
      key: 'partner_share',
      passed: false,
      reason: 'above the 50 % maximum share of the total cost: Alpha (50.1 %)',
    });
  });

  it('names every partner above the maximum', () => {
    const settings = { ...DEFAULT_ADMISSIBILITY_SETTINGS, maxPartnerSharePct: 30 };
    const input = withPartners([
      partner('Alpha', 'company', 'Occitanie', 40),
      partner('Beta', 'company', 'Occitanie', 35),
      partner('Gamma', 'company', 'Occitanie', 25),
    ], { settings });
    expect(check(input, 'partner_share').reason).toBe('above the 30 % maximum share of the total cost: Alpha (40.0 %), Beta (35.0 %)');
  });
});

describe('regional_presence', () => {
  const input = (lead: boolean, partners: Partner[], regions = ['Occitanie', 'Nouvelle-Aquitaine']): AdmissibilityInput =>
    withPartners(partners, { pole: { ...base.pole, lead, regions } });
  const local = (cents: number, name = 'Local', region = 'Occitanie') => partner(name, 'company', region, cents);
  const away = (cents: number) => partner('Away', 'company', 'Bretagne', cents);

  it.each<[string, AdmissibilityInput, boolean, string]>([
    ['lead, exactly 25 %', input(true, [local(25), away(75)]), true,
      '25.0 % of the costs borne by partners in Occitanie, Nouvelle-Aquitaine (Local); the lead pole requires at least 25 %'],
    // A failing lead share is rounded down, so that the figure never reads as the minimum itself.
    ['lead, 24.99 %', input(true, [local(2499), away(7501)]), false,
      '24.9 % of the costs borne by partners in Occitanie, Nouvelle-Aquitaine (Local); the lead pole requires at least 25 %'],
    ['lead, 10 %', input(true, [local(10), away(90)]), false,
      '10.0 % of the costs borne by partners in Occitanie, Nouvelle-Aquitaine (Local); the lead pole requires at least 25 %'],
    ['lead, nobody there', input(true, [away(100)]), false,
      '0.0 % of the costs borne by partners in Occitanie, Nouvelle-Aquitaine; the lead pole requires at least 25 %'],
    ['lead, two regions summed', input(true, [local(15, 'A'), local(10, 'B', 'Nouvelle-Aquitaine'), away(75)]), true,
      '25.0 % of the costs borne by partners in Occitanie, Nouvelle-Aquitaine (A, B); the lead pole requires at least 25 %'],
    ['co-labelling, a small share', input(false, [local(1), away(999)]), true,
      '0.1 % of the costs borne by partners in Occitanie, Nouvelle-Aquitaine (Local); a co-labelling pole requires at least one partner bearing costs there'],
    ['co-labelling, 0.01 % reads 0.1 %', input(false, [local(1), away(9999)]), true,
      '0.1 % of the costs borne by partners in Occitanie, Nouvelle-Aquitaine (Local); a co-labelling pole requires at least one partner bearing costs there'],
    ['co-labelling, nobody there', input(false, [away(100)]), false,
      '0.0 % of the costs borne by partners in Occitanie, Nouvelle-Aquitaine; a co-labelling pole requires at least one partner bearing costs there'],
    ['co-labelling, a partner there without costs', input(false, [local(0), away(100)]), false,
      '0.0 % of the costs borne by partners in Occitanie, Nouvelle-Aquitaine (Local); a co-labelling pole requires at least one partner bearing costs there'],
    ['total 0', input(true, []), false, 'the total cost of the project is 0: the regional share cannot be computed'],
  ])('%s', (_label, i, passed, reason) => {
    expect(check(i, 'regional_presence')).toEqual({ key: 'regional_presence', passed, reason });
  });

  it.each([
    ['ile de france'],
    ['Île-de-France'],
    ['  ILE_DE_FRANCE '],
  ])('normalises regions: %j is in Île-de-France', (region) => {
    expect(check(input(false, [local(10, 'Local', region)], ['Île-de-France']), 'regional_presence').passed).toBe(true);
  });

  it("counts a partner whose head office is elsewhere but which has an establishment in the pole's regions", () => {
    const branch = { ...away(30), name: 'Branch', regions: ['Bretagne', 'Occitanie'] };
    expect(check(input(true, [branch, away(70)]), 'regional_presence')).toEqual({
      key: 'regional_presence', passed: true,
      reason: '30.0 % of the costs borne by partners in Occitanie, Nouvelle-Aquitaine (Branch); the lead pole requires at least 25 %',
    });
    // Without the establishment, the same partner is away.
    expect(check(input(true, [{ ...branch, regions: ['Bretagne'] }, away(70)]), 'regional_presence').passed).toBe(false);
  });

  it('honours another minimum for the lead pole', () => {
    const settings = { ...DEFAULT_ADMISSIBILITY_SETTINGS, minLeadRegionalSharePct: 50 };
    expect(check({ ...input(true, [local(50), away(50)]), settings }, 'regional_presence').passed).toBe(true);
    expect(check({ ...input(true, [local(49), away(51)]), settings }, 'regional_presence').passed).toBe(false);
  });
});

describe('lead_membership (a pole that requires the lead partner to be a member)', () => {
  it('is absent unless the pole requires it', () => {
    expect(admissibilityChecks(base).map((c) => c.key)).toEqual([...ADMISSIBILITY_CHECKS]);
    expect(admissibilityChecks({ ...base, membership: { required: false, leadName: 'Airbus', leadIsMember: false } }).map((c) => c.key)).toEqual([...ADMISSIBILITY_CHECKS]);
  });

  it('passes for a member lead partner and fails, naming it, for a non-member', () => {
    expect(admissibilityChecks({ ...base, membership: { required: true, leadName: 'Airbus', leadIsMember: true } }).at(-1))
      .toEqual({ key: 'lead_membership', passed: true, reason: 'the lead partner Airbus is a member of Aerospace Valley' });
    const failed = admissibilityChecks({ ...base, membership: { required: true, leadName: 'Airbus', leadIsMember: false } });
    expect(failed.at(-1)).toEqual({ key: 'lead_membership', passed: false, reason: 'the lead partner Airbus is not a member of Aerospace Valley, which requires it' });
    expect(failedChecks(failed)).toEqual(['lead_membership']);
  });
});
