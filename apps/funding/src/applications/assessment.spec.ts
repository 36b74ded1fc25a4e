import type { EventPayload } from '@poleflow/contracts';
import { assess, declarationsOf } from './assessment.js';

type Snapshot = EventPayload<'project.submitted'>;
const ID = (n: number): string => `0190a0a0-0000-7000-8000-${String(n).padStart(12, '0')}`;

const large = { organisationId: ID(1), name: 'Airframer SA', kind: 'company' as const, siren: '552100554', region: 'Occitanie', sizeEu: 'large' as const, categoryFr: 'GE' as const, role: 'coordinator' as const, budget: { industrial: { personnel: 100_000_00 } }, totalCents: 100_000_00 };
const lab = { organisationId: ID(2), name: 'ONERA', kind: 'research_organisation' as const, siren: '775722879', region: 'Occitanie', sizeEu: null, categoryFr: null, role: 'partner' as const, budget: { industrial: { personnel: 100_000_00 } }, totalCents: 100_000_00 };
const snapshot = (partners: Snapshot['partners'], o: Partial<Snapshot> = {}): Snapshot => ({
  projectId: ID(9), round: 1, acronym: 'X', title: 'X', summary: 'X', themes: [], keywords: [], trlStart: 3, trlTarget: 6, startDate: '2030-01-01', durationMonths: 24,
  poles: [{ poleId: ID(8), lead: true }], partners, totalCents: partners.reduce((s, p) => s + p.totalCents, 0), ...o,
});
const NO_RULES = { rules: [] };
const run = (s: Snapshot) => assess(NO_RULES, s, [], new Date('2029-06-01'), 'applied', new Date('2029-06-01'));

describe('assessment with GBER declarations', () => {
  it('wide dissemination gives the collaboration bonus a lone large company could not get: 50 % → 65 % in industrial research', () => {
    const without = run(snapshot([large]));
    expect(without.ceilings.partners[0].maxAidCents).toBe(50_000_00);
    const withWide = run(snapshot([large], { wideDissemination: { declared: true, kinds: ['open_source_software'] } }));
    expect(withWide.ceilings.collaboration.applies).toBe(true);
    expect(withWide.ceilings.partners[0].maxAidCents).toBe(65_000_00);
    expect(withWide.declarationEffects).toEqual({
      collaborationBonus: { without: false, with: true },
      partners: [{ organisationId: large.organisationId, name: 'Airframer SA', maxAidCentsWithout: 50_000_00, maxAidCentsWith: 65_000_00, outsideStateAid: false }],
      totalMaxAidCentsWithout: 50_000_00, totalMaxAidCentsWith: 65_000_00,
    });
  });

  it('a confirmed non-economic activity puts the lab outside State aid (100 %); an unconfirmed one counts for nothing', () => {
    const declared = (confirmed: boolean) => snapshot([large, { ...lab, declarations: { nonEconomicActivity: true, mayPublish: true, confirmed } }]);
    const unconfirmed = run(declared(false));
    expect(unconfirmed.ceilings.partners[1]).toMatchObject({ outsideStateAid: false });
    expect(unconfirmed.declarations?.partners).toEqual([{
      organisationId: lab.organisationId, name: 'ONERA', nonEconomicActivity: true, mayPublish: true, confirmed: false, used: { nonEconomic: false, mayPublish: true },
    }]);
    const confirmed = run(declared(true));
    expect(confirmed.ceilings.partners[1]).toMatchObject({ outsideStateAid: true, maxAidCents: 100_000_00 });
    const effect = confirmed.declarationEffects!.partners[1];
    expect(effect.maxAidCentsWith).toBe(100_000_00);
    expect(effect.maxAidCentsWithout).toBe(unconfirmed.ceilings.partners[1].maxAidCents);
    expect(effect.maxAidCentsWithout).toBeLessThan(effect.maxAidCentsWith);
  });

  it('a lab that may not publish does not meet condition (ii); companies have no declarations', () => {
    const silent = run(snapshot([large, { ...lab, declarations: { nonEconomicActivity: false, mayPublish: false, confirmed: true } }]));
    const publishing = run(snapshot([large, { ...lab, declarations: { nonEconomicActivity: false, mayPublish: true, confirmed: true } }]));
    expect(silent.ceilings.collaboration.applies).toBe(false);
    expect(publishing.ceilings.collaboration.applies).toBe(true);
    expect(declarationsOf(snapshot([large])).partners).toEqual([]);
  });
});
