import fc from 'fast-check';
import { RESEARCH_CATEGORIES } from '../budget.js';
import { DomainError } from '../domain-error.js';
import {
  GBER_LATEST, GBER_RULE_VERSIONS, GBER_RULES, gberCeilings, maxIntensityBps,
  type GberInput, type GberPartner, type GberSize, type PartnerCeiling, type ResearchCategory, type SchemeRates,
} from './gber.js';

const K = 100_000; // 1 k€ in cents
const M = 100_000_000; // 1 M€ in cents

const company = (id: string, sizeEu: GberPartner['sizeEu'], costsCents: GberPartner['costsCents']): GberPartner => ({
  id, name: id, kind: 'company', sizeEu, costsCents,
});
const lab = (id: string, costsCents: GberPartner['costsCents'], extra: Partial<GberPartner> = {}): GberPartner => ({
  id, name: id, kind: 'research_organisation', sizeEu: null, costsCents, ...extra,
});
const partnerOf = (r: { partners: PartnerCeiling[] }, id: string): PartnerCeiling => {
  const p = r.partners.find((x) => x.partnerId === id);
  if (!p) throw new Error(`no partner ${id}`);
  return p;
};
const cat = (p: PartnerCeiling, c: ResearchCategory) => {
  const x = p.categories.find((y) => y.category === c);
  if (!x) throw new Error(`no category ${c}`);
  return x;
};
const expectInvalid = (f: () => unknown, path: string): void => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    const d = e as DomainError;
    expect(d.code).toBe('INVALID_GBER_INPUT');
    expect(d.status).toBe(400);
    expect((d.details as { errors: { path: string }[] }).errors.map((x) => x.path)).toContain(path);
    return;
  }
  throw new Error('expected INVALID_GBER_INPUT');
};

// ---------------------------------------------------------------------------------------------
// Intensity matrix: size × category × collaboration (DOMAIN.md §4.4)
// ---------------------------------------------------------------------------------------------

type SizeRow = 'micro' | 'small' | 'medium' | 'large' | 'research_organisation' | 'training_body';
type BonusSpec = [kind: 'size' | 'collaboration', points: number][];

// [size, category, collaboration, expected %, capped, bonuses]
const MATRIX: [SizeRow, ResearchCategory, boolean, number, boolean, BonusSpec][] = [];
const table: Record<'small' | 'medium' | 'large', Record<ResearchCategory, [number, number]>> = {
  small: { fundamental: [100, 100], industrial: [70, 80], experimental: [45, 60], feasibility: [70, 70] },
  medium: { fundamental: [100, 100], industrial: [60, 75], experimental: [35, 50], feasibility: [60, 60] },
  large: { fundamental: [100, 100], industrial: [50, 65], experimental: [25, 40], feasibility: [50, 50] },
};
const gberSizeOfRow = (s: SizeRow): GberSize => (s === 'micro' || s === 'small' ? 'small' : s === 'medium' ? 'medium' : 'large');
for (const size of ['micro', 'small', 'medium', 'large', 'research_organisation'] as const) {
  const g = gberSizeOfRow(size);
  for (const c of RESEARCH_CATEGORIES) {
    for (const collab of [false, true]) {
      const sizePoints = c === 'fundamental' || g === 'large' ? 0 : g === 'small' ? 20 : 10;
      const collabPoints = collab && (c === 'industrial' || c === 'experimental') ? 15 : 0;
      const bonuses: BonusSpec = [];
      if (sizePoints > 0) bonuses.push(['size', sizePoints]);
      if (collabPoints > 0) bonuses.push(['collaboration', collabPoints]);
      MATRIX.push([size, c, collab, table[g][c][collab ? 1 : 0], g === 'small' && c === 'industrial' && collab, bonuses]);
    }
  }
}

function singlePartner(size: SizeRow, c: ResearchCategory, costs: number): GberPartner {
  return size === 'research_organisation' || size === 'training_body'
    ? { id: 'p', name: 'P', kind: size, sizeEu: null, costsCents: { [c]: costs } }
    : company('p', size, { [c]: costs });
}

describe('maxIntensityBps and gberCeilings: size × category × collaboration', () => {
  it('covers 5 sizes × 4 categories × 2', () => expect(MATRIX).toHaveLength(40));

  it.each(MATRIX)('%s, %s, collaboration %s → %i %% (capped %s)', (size, c, collab, percent, capped, bonuses) => {
    const direct = maxIntensityBps(c, gberSizeOfRow(size), collab);
    expect(direct.bps).toBe(percent * 100);
    expect(direct.capped).toBe(capped);
    expect(direct.bonuses.map((b) => [b.kind, b.points])).toEqual(bonuses);

    // Same figure through the engine: one partner, collaboration toggled by wide dissemination (iii).
    const r = gberCeilings({ partners: [singlePartner(size, c, 1_000 * K)], wideDissemination: collab });
    expect(r.collaboration.applies).toBe(collab);
    const row = cat(r.partners[0], c);
    expect(row).toMatchObject({ gberBps: percent * 100, appliedBps: percent * 100, schemeBps: null, capped, limitedByScheme: false });
    expect(row.maxAidCents).toBe(percent * 10 * K);
    expect(row.bonuses.map((b) => [b.kind, b.points])).toEqual(bonuses);
  });

  it('small industrial research with the bonus: 70 + 15 = 85 → capped at 80', () => {
    const r = maxIntensityBps('industrial', 'small', true);
    expect(r).toMatchObject({ bps: 8_000, capped: true });
    expect(r.bonuses.map((b) => b.reason)).toEqual([
      'small enterprise: +20 points for industrial research (GBER art. 25(6)(a))',
      'collaboration or wide dissemination: +15 points for industrial research (GBER art. 25(6)(b))',
    ]);
  });

  it('feasibility size bonus cites art. 25(7); micro partners say they count as small', () => {
    expect(maxIntensityBps('feasibility', 'medium', false).bonuses[0].reason).toBe('medium enterprise: +10 points for feasibility study (GBER art. 25(7))');
    const r = gberCeilings({ partners: [company('m', 'micro', { industrial: 100 })] });
    expect(r.partners[0].categories[0].bonuses[0].reason).toBe('micro enterprise (counts as small): +20 points for industrial research (GBER art. 25(6)(a))');
    expect(r.partners[0].notes).toContain('micro enterprise: counts as small for the GBER size bonus');
  });

  it('training bodies are treated as research organisations (large-undertaking intensities)', () => {
    const r = gberCeilings({ partners: [singlePartner('training_body', 'industrial', 100 * K)] });
    expect(cat(r.partners[0], 'industrial').gberBps).toBe(5_000);
    expect(r.partners[0].notes).toContain('training body acting as a research organisation in an economic activity: GBER intensities of a large undertaking');
  });

  it.each(GBER_RULE_VERSIONS)('%s gives the same intensity table (art. 25 unchanged on these points)', (v) => {
    for (const [size, c, collab, percent, capped] of MATRIX) {
      expect(maxIntensityBps(c, gberSizeOfRow(size), collab, v)).toMatchObject({ bps: percent * 100, capped });
    }
  });

  it('rejects an unknown version, category or size', () => {
    expectInvalid(() => maxIntensityBps('industrial', 'small', false, 'GBER-2099' as never), 'ruleVersion');
    expectInvalid(() => maxIntensityBps('applied' as never, 'small', false), 'category');
    expectInvalid(() => maxIntensityBps('industrial', 'micro' as never, false), 'size');
  });
});

// ---------------------------------------------------------------------------------------------
// DOMAIN.md §4.4 worked example
// ---------------------------------------------------------------------------------------------

const worked: GberPartner[] = [
  { id: 'sme', name: 'Small Co', kind: 'company', sizeEu: 'small', costsCents: { industrial: 400 * K, experimental: 200 * K } },
  { id: 'big', name: 'Large Co', kind: 'company', sizeEu: 'large', costsCents: { industrial: 300 * K, experimental: 500 * K } },
  lab('lab', { industrial: 300 * K }, { name: 'Public Lab', mayPublish: true, nonEconomic: true }),
];
const PSPC: SchemeRates = {
  bySize: {
    small: { industrial: 5_000, experimental: 5_000 },
    medium: { industrial: 3_500, experimental: 3_500 },
    large: { industrial: 2_500, experimental: 2_500 },
  },
};

describe('DOMAIN.md §4.4 worked example', () => {
  it('GBER ceilings: small 440 k€, large 395 k€, lab outside State aid', () => {
    const r = gberCeilings({ partners: worked });
    expect(r.ruleVersion).toBe(GBER_LATEST);
    expect(r.collaboration.applies).toBe(true);
    expect(r.collaboration.reasons).toEqual([
      "(i) holds: effective collaboration between 2 companies including the SME Small Co (small); the largest share is Large Co with 47.1 % of the project's eligible costs (at most 70 %)",
      "(ii) holds: research organisation Public Lab, free to publish its results, bears 17.6 % of the project's eligible costs (at least 10 %)",
      '(iii) fails: no wide dissemination of the results declared',
    ]);

    const sme = partnerOf(r, 'sme');
    expect(sme.categories.map((c) => [c.category, c.gberBps, c.maxAidCents, c.capped])).toEqual([
      ['industrial', 8_000, 320 * K, true],
      ['experimental', 6_000, 120 * K, false],
    ]);
    expect(sme.maxAidCents).toBe(44_000_000);
    expect(sme.notes).toContain('industrial research: 85 % capped at 80 % (GBER art. 25(6))');

    const big = partnerOf(r, 'big');
    expect(big.categories.map((c) => [c.category, c.gberBps, c.maxAidCents])).toEqual([
      ['industrial', 6_500, 195 * K],
      ['experimental', 4_000, 200 * K],
    ]);
    expect(big.maxAidCents).toBe(39_500_000);

    const pub = partnerOf(r, 'lab');
    expect(pub.outsideStateAid).toBe(true);
    expect(cat(pub, 'industrial')).toMatchObject({ gberBps: 10_000, appliedBps: 10_000, maxAidCents: 300 * K, bonuses: [] });
    expect(pub.notification).toMatchObject({ thresholdCents: 0, required: false });

    expect(r.totalCostsCents).toBe(1_700 * K);
    expect(r.totalMaxAidCents).toBe(440 * K + 395 * K + 300 * K);
  });

  it('PSPC-Régions style scheme (SME 50 %, large 25 %, lab 40 %): scheme ceilings win', () => {
    const r = gberCeilings({ partners: worked, scheme: { bySize: { ...PSPC.bySize, research_organisation: { industrial: 4_000 } } } });
    const sme = partnerOf(r, 'sme');
    expect(sme.categories.map((c) => [c.gberBps, c.schemeBps, c.appliedBps, c.limitedByScheme])).toEqual([
      [8_000, 5_000, 5_000, true],
      [6_000, 5_000, 5_000, true],
    ]);
    expect(sme.maxAidCents).toBe(300 * K);
    expect(partnerOf(r, 'big').maxAidCents).toBe(200 * K);
    expect(cat(partnerOf(r, 'lab'), 'industrial')).toMatchObject({ gberBps: 10_000, schemeBps: 4_000, appliedBps: 4_000, maxAidCents: 120 * K, limitedByScheme: true });
    expect(r.totalMaxAidCents).toBe(620 * K);
  });

  it('predominant categories and thresholds (GBER-2023 and GBER-2014)', () => {
    const r23 = gberCeilings({ partners: worked });
    expect(partnerOf(r23, 'sme').predominantCategory).toBe('industrial');
    expect(partnerOf(r23, 'sme').notification).toEqual({
      thresholdCents: 35 * M, required: false, ruleVersion: 'GBER-2023', source: 'Reg. (EU) 2023/1315 amending Reg. (EU) 651/2014 art. 4(1)(i) (predominantly industrial research)',
    });
    expect(partnerOf(r23, 'sme').notes.some((n) => n.includes('unverified'))).toBe(true);
    expect(partnerOf(r23, 'big').predominantCategory).toBe('experimental');
    expect(partnerOf(r23, 'big').notification.thresholdCents).toBe(25 * M);

    const r14 = gberCeilings({ partners: worked, ruleVersion: 'GBER-2014' });
    expect(r14.ruleVersion).toBe('GBER-2014');
    expect(partnerOf(r14, 'sme').notification).toEqual({
      thresholdCents: 20 * M, required: false, ruleVersion: 'GBER-2014', source: 'Reg. (EU) 651/2014 art. 4(1)(i) (predominantly industrial research)',
    });
    expect(partnerOf(r14, 'sme').notes.some((n) => n.includes('unverified'))).toBe(false);
    expect(partnerOf(r14, 'big').notification.thresholdCents).toBe(15 * M);
  });
});

// ---------------------------------------------------------------------------------------------
// Collaboration condition (b) edges
// ---------------------------------------------------------------------------------------------

describe('collaboration bonus (b)', () => {
  it.each<[string, number, number, boolean, string]>([
    ['exactly 70.00 %', 7_000, 3_000, true, "(i) holds: effective collaboration between 2 companies including the SME Small (small); the largest share is Big with 70.0 % of the project's eligible costs (at most 70 %)"],
    ['70.01 %', 7_001, 2_999, false, "(i) fails: Big bears just over 70.0 % of the project's eligible costs, more than 70 %"],
    ['75 %', 7_500, 2_500, false, "(i) fails: Big bears 75.0 % of the project's eligible costs, more than 70 %"],
    ['69.99 %', 6_999, 3_001, true, "(i) holds: effective collaboration between 2 companies including the SME Small (small); the largest share is Big with just under 70.0 % of the project's eligible costs (at most 70 %)"],
  ])('largest undertaking at %s', (_l, big, small, applies, reason) => {
    const r = gberCeilings({ partners: [company('Big', 'large', { industrial: big * K }), company('Small', 'small', { industrial: small * K })] });
    expect(r.collaboration.applies).toBe(applies);
    expect(r.collaboration.reasons[0]).toBe(reason);
    expect(cat(partnerOf(r, 'Big'), 'industrial').gberBps).toBe(applies ? 6_500 : 5_000);
    expect(cat(partnerOf(r, 'Small'), 'industrial').gberBps).toBe(applies ? 8_000 : 7_000);
  });

  it('an SME above 70 % fails too (no single undertaking, whatever its size)', () => {
    const r = gberCeilings({ partners: [company('Big', 'large', { industrial: 2_000 }), company('Small', 'small', { industrial: 8_000 })] });
    expect(r.collaboration.reasons[0]).toBe("(i) fails: Small bears 80.0 % of the project's eligible costs, more than 70 %");
  });

  it('two large companies: no SME', () => {
    const r = gberCeilings({ partners: [company('A', 'large', { industrial: 5_000 }), company('B', 'large', { experimental: 5_000 })] });
    expect(r.collaboration.applies).toBe(false);
    expect(r.collaboration.reasons[0]).toBe('(i) fails: no SME among the companies (A: large, B: large)');
  });

  it('micro and medium companies count as SMEs', () => {
    for (const size of ['micro', 'medium'] as const) {
      const r = gberCeilings({ partners: [company('A', 'large', { industrial: 5_000 }), company('B', size, { industrial: 5_000 })] });
      expect(r.collaboration.applies).toBe(true);
    }
  });

  it('the 70 % share counts the research organisations\' costs in the total', () => {
    // Big alone would bear 80 % of the companies' costs, but 8000 / 12000 = 66.7 % of the project.
    const r = gberCeilings({
      partners: [company('Big', 'large', { industrial: 8_000 }), company('Small', 'small', { industrial: 2_000 }), lab('Lab', { industrial: 2_000 })],
    });
    expect(r.collaboration.reasons[0]).toContain('Big with 66.7 %');
    expect(r.collaboration.applies).toBe(true);
  });

  it.each<[string, number, number, boolean | undefined, boolean, string]>([
    ['exactly 10.00 %', 9_000, 1_000, true, true, "(ii) holds: research organisation Lab, free to publish its results, bears 10.0 % of the project's eligible costs (at least 10 %)"],
    ['9.99 %', 9_001, 999, true, false, "(ii) fails: research organisations with the right to publish (Lab) bear just under 10.0 % of the project's eligible costs, less than 10 %"],
    ['17.6 % without the right to publish', 1_400, 300, false, false, '(ii) fails: no research organisation has the right to publish its results, so none counts towards the 10 % minimum (not counted, no right to publish: Lab 17.6 %)'],
    ['17.6 %, publish flag absent', 1_400, 300, undefined, false, '(ii) fails: no research organisation has the right to publish its results, so none counts towards the 10 % minimum (not counted, no right to publish: Lab 17.6 %)'],
  ])('research organisation at %s', (_l, co, labCosts, mayPublish, applies, reason) => {
    const labPartner = lab('Lab', { industrial: labCosts * K }, mayPublish === undefined ? {} : { mayPublish });
    const r = gberCeilings({ partners: [company('Co', 'large', { experimental: co * K }), labPartner] });
    expect(r.collaboration.reasons[0]).toBe('(i) fails: effective collaboration between undertakings needs at least two companies; the project has 1 (Co)');
    expect(r.collaboration.reasons[1]).toBe(reason);
    expect(r.collaboration.applies).toBe(applies);
    expect(cat(partnerOf(r, 'Co'), 'experimental').gberBps).toBe(applies ? 4_000 : 2_500);
  });

  it('several publishing research organisations add up to the 10 %; non-publishing ones are named and not counted', () => {
    const r = gberCeilings({
      partners: [
        company('Co', 'large', { industrial: 8_500 }),
        lab('Lab A', { industrial: 600 }, { mayPublish: true }),
        { ...lab('School', { industrial: 500 }, { mayPublish: true }), kind: 'training_body' },
        lab('Lab C', { industrial: 400 }, { mayPublish: false }),
      ],
    });
    expect(r.collaboration.applies).toBe(true);
    expect(r.collaboration.reasons[1]).toBe(
      "(ii) holds: research organisations Lab A (6.0 %) and School (5.0 %), free to publish their results, bear together 11.0 % of the project's eligible costs (at least 10 %) (not counted, no right to publish: Lab C 4.0 %)",
    );
  });

  it('research organisations without any company: no collaboration with an undertaking', () => {
    const r = gberCeilings({ partners: [lab('A', { industrial: 100 }, { mayPublish: true }), lab('B', { industrial: 100 }, { mayPublish: true })] });
    expect(r.collaboration.applies).toBe(false);
    expect(r.collaboration.reasons[1]).toBe('(ii) fails: no undertaking (company) collaborates with the research organisations');
  });

  it('a single partner cannot collaborate, but wide dissemination alone grants (b)', () => {
    const alone = gberCeilings({ partners: [company('Solo', 'medium', { experimental: 1_000 })] });
    expect(alone.collaboration).toEqual({
      applies: false,
      reasons: [
        '(i) fails: effective collaboration needs at least two partners; the project has 1',
        '(ii) fails: effective collaboration needs at least two partners; the project has 1',
        '(iii) fails: no wide dissemination of the results declared',
      ],
    });
    const open = gberCeilings({ partners: [company('Solo', 'medium', { experimental: 1_000 })], wideDissemination: true });
    expect(open.collaboration.applies).toBe(true);
    expect(open.collaboration.reasons[2]).toBe('(iii) holds: wide dissemination of the results declared (conferences, publications, open-access repositories or free/open-source software)');
    const row = cat(open.partners[0], 'experimental');
    expect(row.gberBps).toBe(5_000);
    expect(row.bonuses[1].reason).toBe('bonus (b), wide dissemination of the results: +15 points for experimental development (GBER art. 25(6)(b))');
  });

  it('the bonus reason names the first condition that holds', () => {
    const r = gberCeilings({ partners: worked, wideDissemination: true });
    expect(r.collaboration.reasons.every((x) => x.includes('holds'))).toBe(true);
    expect(cat(partnerOf(r, 'big'), 'industrial').bonuses[0].reason).toBe(
      'bonus (b), collaboration between undertakings including an SME: +15 points for industrial research (GBER art. 25(6)(b))',
    );
  });

  it('no collaboration bonus on fundamental research or feasibility studies', () => {
    const r = gberCeilings({ partners: [company('S', 'small', { fundamental: 1_000, feasibility: 1_000 })], wideDissemination: true });
    expect(r.partners[0].categories.map((c) => [c.category, c.gberBps, c.bonuses.map((b) => b.kind)])).toEqual([
      ['fundamental', 10_000, []],
      ['feasibility', 7_000, ['size']],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Research organisations, mixed categories, schemes
// ---------------------------------------------------------------------------------------------

describe('partners', () => {
  it('research organisation in an economic activity: large-undertaking intensities, threshold applies', () => {
    const r = gberCeilings({ partners: [lab('Lab', { industrial: 1_000 * K, experimental: 1_000 * K }, { mayPublish: true }), company('S', 'small', { industrial: 2_000 * K })] });
    const p = partnerOf(r, 'Lab');
    expect(p.outsideStateAid).toBe(false);
    expect(r.collaboration.applies).toBe(true);
    expect(p.categories.map((c) => [c.category, c.gberBps, c.maxAidCents])).toEqual([
      ['industrial', 6_500, 650 * K],
      ['experimental', 4_000, 400 * K],
    ]);
    expect(p.notes).toContain('research organisation in an economic activity: GBER intensities of a large undertaking');
    expect(p.predominantCategory).toBe('experimental'); // 50/50: the lower threshold
    expect(p.notification.thresholdCents).toBe(25 * M);
  });

  it('research organisation in its non-economic activity: outside State aid, 100 %, no threshold', () => {
    const r = gberCeilings({ partners: [lab('Lab', { fundamental: 100 * M, experimental: 1_000 }, { nonEconomic: true })] });
    const p = r.partners[0];
    expect(p.outsideStateAid).toBe(true);
    expect(p.categories.every((c) => c.gberBps === 10_000 && !c.capped && c.bonuses.length === 0)).toBe(true);
    expect(p.maxAidCents).toBe(100 * M + 1_000);
    expect(p.predominantCategory).toBe('fundamental');
    expect(p.notification).toEqual({
      thresholdCents: 0, required: false, ruleVersion: GBER_LATEST, source: 'not State aid: non-economic activity of a research organisation (DOMAIN.md §5.3)',
    });
    expect(p.notes[0]).toContain('outside State aid');
  });

  it('company flags meant for research organisations are ignored with a note; a stray size on a lab too', () => {
    const r = gberCeilings({
      partners: [{ ...company('C', 'large', { industrial: 100 }), nonEconomic: true, mayPublish: true }, { ...lab('L', { industrial: 100 }), sizeEu: 'small' }],
      ruleVersion: 'GBER-2014', // verified thresholds: no 'unverified' note
    });
    expect(partnerOf(r, 'C').outsideStateAid).toBe(false);
    expect(partnerOf(r, 'C').notes).toEqual([
      'nonEconomic ignored: it applies to research organisations and training bodies only',
      'mayPublish ignored: the publication condition concerns research organisations only',
    ]);
    expect(cat(partnerOf(r, 'L'), 'industrial').gberBps).toBe(5_000);
    expect(partnerOf(r, 'L').notes[0]).toBe('sizeEu small ignored: a research organisation has no EU size class');
  });

  it('mixed-category medium partner: each category has its own ceiling, sums exact', () => {
    const r = gberCeilings({
      partners: [company('Mid', 'medium', { fundamental: 100_001, industrial: 200_003, experimental: 300_007, feasibility: 50_001 }), company('Big', 'large', { industrial: 400_000 })],
    });
    const p = partnerOf(r, 'Mid');
    expect(p.categories.map((c) => [c.category, c.gberBps, c.maxAidCents])).toEqual([
      ['fundamental', 10_000, 100_001],
      ['industrial', 7_500, 150_002], // floor(200003 × 0.75 = 150002.25)
      ['experimental', 5_000, 150_003], // floor(150003.5)
      ['feasibility', 6_000, 30_000], // floor(30000.6)
    ]);
    expect(p.totalCostsCents).toBe(650_012);
    expect(p.maxAidCents).toBe(100_001 + 150_002 + 150_003 + 30_000);
    expect(p.predominantCategory).toBe('feasibility'); // no majority: lowest threshold among its categories
    expect(p.notes).toContain('no category bears more than 50 % of the eligible costs: the lowest threshold among its categories applies (feasibility study)');
  });

  it('zero-cost categories are omitted; a partner without costs has no predominant category', () => {
    const r = gberCeilings({ partners: [company('Z', 'small', { industrial: 0 })] });
    expect(r.partners[0]).toMatchObject({ categories: [], totalCostsCents: 0, maxAidCents: 0, predominantCategory: null });
    expect(r.partners[0].notification).toMatchObject({ thresholdCents: 0, required: false, source: 'no eligible costs' });
  });

  it('an empty project gives zero totals and says why (b) fails', () => {
    const r = gberCeilings({ partners: [] });
    expect(r).toMatchObject({ partners: [], totalCostsCents: 0, totalMaxAidCents: 0, collaboration: { applies: false } });
  });
});

describe('scheme rates', () => {
  const partners = [company('S', 'small', { industrial: 1_000 }), company('M', 'medium', { experimental: 1_000 }), company('L', 'large', { industrial: 1_000 })];

  it('PSPC-Régions style SME 50 % / ETI-medium 35 % / large 25 % are below the GBER and win', () => {
    const r = gberCeilings({ partners, scheme: PSPC });
    expect(r.collaboration.applies).toBe(true);
    expect(r.partners.map((p) => [p.partnerId, p.categories[0].gberBps, p.categories[0].schemeBps, p.categories[0].appliedBps, p.categories[0].limitedByScheme, p.maxAidCents])).toEqual([
      ['S', 8_000, 5_000, 5_000, true, 500],
      ['M', 5_000, 3_500, 3_500, true, 350],
      ['L', 6_500, 2_500, 2_500, true, 250],
    ]);
  });

  it('a scheme rate above the GBER is cut to the GBER and noted; an equal one does not limit', () => {
    const r = gberCeilings({ partners, scheme: { bySize: { small: { industrial: 9_000 }, medium: { experimental: 5_000 } } } });
    expect(cat(partnerOf(r, 'S'), 'industrial')).toMatchObject({ gberBps: 8_000, schemeBps: 9_000, appliedBps: 8_000, limitedByScheme: false, maxAidCents: 800 });
    expect(partnerOf(r, 'S').notes).toContain('industrial research: scheme rate 90 % (small) is above the GBER ceiling 80 %; cut to the GBER');
    expect(cat(partnerOf(r, 'M'), 'experimental')).toMatchObject({ schemeBps: 5_000, appliedBps: 5_000, limitedByScheme: false });
    expect(cat(partnerOf(r, 'L'), 'industrial')).toMatchObject({ schemeBps: null, appliedBps: 6_500 });
  });

  it('micro uses the small rate, training bodies the research-organisation rate', () => {
    const r = gberCeilings({
      partners: [company('Micro', 'micro', { industrial: 1_000 }), { ...lab('School', { industrial: 1_000 }), kind: 'training_body' }],
      scheme: { bySize: { small: { industrial: 4_500 }, research_organisation: { industrial: 4_000 } } },
    });
    expect(cat(partnerOf(r, 'Micro'), 'industrial').appliedBps).toBe(4_500);
    expect(cat(partnerOf(r, 'School'), 'industrial').appliedBps).toBe(4_000);
  });
});

// ---------------------------------------------------------------------------------------------
// Predominant category and notification thresholds
// ---------------------------------------------------------------------------------------------

describe('notification', () => {
  const large = (costs: GberPartner['costsCents']) => company('L', 'large', costs);

  it.each<[string, GberPartner['costsCents'], ResearchCategory]>([
    ['industrial 50 % + 1 cent', { industrial: 500_001, experimental: 500_000 }, 'industrial'],
    ['industrial exactly 50 %', { industrial: 500_000, experimental: 500_000 }, 'experimental'],
    ['fundamental 50 % / industrial 50 %', { fundamental: 500_000, industrial: 500_000 }, 'industrial'],
    ['fundamental 60 %', { fundamental: 600_000, industrial: 400_000 }, 'fundamental'],
    ['feasibility only', { feasibility: 1 }, 'feasibility'],
    ['fundamental 40 / industrial 30 / experimental 30', { fundamental: 400, industrial: 300, experimental: 300 }, 'experimental'],
  ])('predominant category: %s → %s', (_l, costs, expected) => {
    expect(gberCeilings({ partners: [large(costs)] }).partners[0].predominantCategory).toBe(expected);
  });

  // Large company, experimental development only, no bonus: aid = 25 % of costs.
  it.each<[string, 'GBER-2014' | 'GBER-2023', number, number, boolean]>([
    ['2014 at the threshold', 'GBER-2014', 60 * M, 15 * M, false],
    ['2014 one cent above', 'GBER-2014', 60 * M + 4, 15 * M + 1, true],
    ['2023 at the threshold', 'GBER-2023', 100 * M, 25 * M, false],
    ['2023 one cent above', 'GBER-2023', 100 * M + 4, 25 * M + 1, true],
  ])('experimental development %s', (_l, version, costs, aid, required) => {
    const p = gberCeilings({ partners: [large({ experimental: costs })], ruleVersion: version }).partners[0];
    expect(p.maxAidCents).toBe(aid);
    expect(p.notification).toMatchObject({ thresholdCents: GBER_RULES[version].notificationThresholds.experimental.thresholdCents, required, ruleVersion: version });
    expect(p.notes.some((n) => n.startsWith('maximum aid ') && n.includes('exceeds the notification threshold'))).toBe(required);
  });

  it('notification note names amounts in euros', () => {
    const p = gberCeilings({ partners: [large({ experimental: 60 * M + 4 })], ruleVersion: 'GBER-2014' }).partners[0];
    expect(p.notes).toContain(
      'maximum aid 15,000,000.01 € exceeds the notification threshold 15,000,000 € for predominantly experimental development: not block-exempted, notify the Commission or reduce the aid',
    );
  });

  it('fundamental research threshold: 40 M€ (2014) vs 55 M€ (2023)', () => {
    const partners = [large({ fundamental: 50 * M })];
    expect(gberCeilings({ partners, ruleVersion: 'GBER-2014' }).partners[0].notification.required).toBe(true);
    expect(gberCeilings({ partners, ruleVersion: 'GBER-2023' }).partners[0].notification.required).toBe(false);
  });

  it('feasibility threshold is per study: 7.5 M€ (2014), 8.25 M€ (2023)', () => {
    const p = (v: 'GBER-2014' | 'GBER-2023') => gberCeilings({ partners: [large({ feasibility: 16 * M })], ruleVersion: v }).partners[0];
    expect(p('GBER-2014').notification).toMatchObject({ thresholdCents: 750 * M / 100, required: true }); // 8 M€ > 7.5 M€
    expect(p('GBER-2023').notification).toMatchObject({ thresholdCents: 825 * M / 100, required: false });
  });
});

// ---------------------------------------------------------------------------------------------
// Rule table
// ---------------------------------------------------------------------------------------------

describe('rule table', () => {
  it('latest is GBER-2023', () => expect(GBER_LATEST).toBe('GBER-2023'));

  it.each<[string, string, boolean, Record<ResearchCategory, number>]>([
    ['GBER-2014', '2014-06-17', true, { fundamental: 40 * M, industrial: 20 * M, experimental: 15 * M, feasibility: 750 * M / 100 }],
    ['GBER-2023', '2023-06-23', false, { fundamental: 55 * M, industrial: 35 * M, experimental: 25 * M, feasibility: 825 * M / 100 }],
  ])('%s thresholds carry version, source, date and verification flag', (version, date, verified, amounts) => {
    const rules = GBER_RULES[version as 'GBER-2014' | 'GBER-2023'];
    for (const c of RESEARCH_CATEGORIES) {
      const t = rules.notificationThresholds[c];
      expect(t).toMatchObject({ version, date, verified, thresholdCents: amounts[c] });
      expect(t.source).toMatch(version === 'GBER-2014' ? /^Reg\. \(EU\) 651\/2014 art\. 4\(1\)\(i\)/ : /^Reg\. \(EU\) 2023\/1315/);
      if (!verified) expect(t.note).toContain('verify');
    }
  });

  it('is frozen', () => {
    expect(Object.isFrozen(GBER_RULES['GBER-2023'].notificationThresholds.industrial)).toBe(true);
    expect(() => {
      (GBER_RULES['GBER-2023'].baseBps as Record<string, number>).industrial = 9_000;
    }).toThrow(TypeError);
  });
});

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

describe('validation', () => {
  it.each<[string, GberInput, string]>([
    ['negative costs', { partners: [company('A', 'small', { industrial: -1 })] }, 'partners[0].costsCents.industrial'],
    ['fractional cents', { partners: [company('A', 'small', { industrial: 1.5 })] }, 'partners[0].costsCents.industrial'],
    ['unknown category', { partners: [company('A', 'small', { applied: 1 } as never)] }, 'partners[0].costsCents.applied'],
    ['company without size', { partners: [company('A', null, { industrial: 1 })] }, 'partners[0].sizeEu'],
    ['duplicate id', { partners: [company('A', 'small', {}), company('A', 'large', {})] }, 'partners[1].id'],
    ['unknown kind', { partners: [{ ...company('A', 'small', {}), kind: 'bank' as never }] }, 'partners[0].kind'],
    ['scheme above 100 %', { partners: [], scheme: { bySize: { small: { industrial: 10_001 } } } }, 'scheme.bySize.small.industrial'],
    ['scheme class', { partners: [], scheme: { bySize: { eti: { industrial: 3_500 } } as never } }, 'scheme.bySize.eti'],
    ['rule version', { partners: [], ruleVersion: 'GBER-2008' as never }, 'ruleVersion'],
    ['unsafe total', { partners: [company('A', 'small', { industrial: Number.MAX_SAFE_INTEGER }), company('B', 'small', { industrial: 1 })] }, 'partners'],
  ])('%s → INVALID_GBER_INPUT', (_l, input, path) => expectInvalid(() => gberCeilings(input), path));
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

const costsArb = fc.record(
  { fundamental: fc.nat({ max: 10 ** 11 }), industrial: fc.nat({ max: 10 ** 11 }), experimental: fc.nat({ max: 10 ** 11 }), feasibility: fc.nat({ max: 10 ** 11 }) },
  { requiredKeys: [] },
);
const partnerArb = fc.record({
  kind: fc.constantFrom('company', 'research_organisation', 'training_body' as const),
  sizeEu: fc.constantFrom('micro', 'small', 'medium', 'large' as const),
  costsCents: costsArb,
  mayPublish: fc.boolean(),
  nonEconomic: fc.boolean(),
});
const bpsArb = fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: undefined });
const schemeArb = fc.option(
  fc.record({
    small: fc.record({ industrial: bpsArb, experimental: bpsArb }),
    medium: fc.record({ industrial: bpsArb, experimental: bpsArb }),
    large: fc.record({ industrial: bpsArb, fundamental: bpsArb }),
    research_organisation: fc.record({ industrial: bpsArb, feasibility: bpsArb }),
  }),
  { nil: undefined },
);

describe('properties', () => {
  it('maxAid ≤ 80 % of costs for industrial/experimental, applied ≤ GBER and scheme, totals add up exactly', () => {
    fc.assert(
      fc.property(fc.array(partnerArb, { minLength: 0, maxLength: 6 }), fc.boolean(), schemeArb, fc.constantFrom(...GBER_RULE_VERSIONS), (raw, wide, bySize, ruleVersion) => {
        const partners: GberPartner[] = raw.map((p, i) => ({
          id: `p${i}`, name: `P${i}`, kind: p.kind, sizeEu: p.kind === 'company' ? p.sizeEu : null, costsCents: p.costsCents,
          ...(p.kind === 'company' ? {} : { mayPublish: p.mayPublish, nonEconomic: p.nonEconomic }),
        }));
        // drop undefined rates so "absent" really is absent
        const scheme: SchemeRates | undefined = bySize === undefined ? undefined : {
          bySize: Object.fromEntries(Object.entries(bySize).map(([k, v]) => [k, Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined))])),
        };
        const r = gberCeilings({ partners, wideDissemination: wide, scheme, ruleVersion });

        let total = 0n;
        let aid = 0n;
        r.partners.forEach((p, i) => {
          let pCosts = 0n;
          let pAid = 0n;
          for (const c of p.categories) {
            const costs = BigInt(c.costsCents);
            expect(c.costsCents).toBe(partners[i].costsCents[c.category]);
            expect(BigInt(c.maxAidCents)).toBe((costs * BigInt(c.appliedBps)) / 10_000n);
            expect(c.appliedBps).toBeLessThanOrEqual(c.gberBps);
            if (c.schemeBps !== null) expect(c.appliedBps).toBeLessThanOrEqual(c.schemeBps);
            if ((c.category === 'industrial' || c.category === 'experimental') && !p.outsideStateAid) {
              expect(c.gberBps).toBeLessThanOrEqual(8_000);
              expect(BigInt(c.maxAidCents) * 10_000n).toBeLessThanOrEqual(costs * 8_000n);
            }
            pCosts += costs;
            pAid += BigInt(c.maxAidCents);
          }
          expect(BigInt(p.totalCostsCents)).toBe(pCosts);
          expect(BigInt(p.maxAidCents)).toBe(pAid);
          expect(p.notification.required).toBe(!p.outsideStateAid && p.maxAidCents > p.notification.thresholdCents && p.totalCostsCents > 0);
          total += pCosts;
          aid += pAid;
        });
        const inputTotal = partners.reduce((s, p) => s + RESEARCH_CATEGORIES.reduce((t, c) => t + BigInt(p.costsCents[c] ?? 0), 0n), 0n);
        expect(BigInt(r.totalCostsCents)).toBe(inputTotal);
        expect(BigInt(r.totalCostsCents)).toBe(total);
        expect(BigInt(r.totalMaxAidCents)).toBe(aid);
        expect(r.collaboration.reasons).toHaveLength(3);
        expect(r.collaboration.applies).toBe(r.collaboration.reasons.some((x) => / holds: /.test(x)));
      }),
      { numRuns: 300 },
    );
  });
});
