import { projectSnapshot } from '@poleflow/contracts';
import { emptyBudget, type PartnerBudget } from '@poleflow/domain';
import { buildSnapshot, submissionIssues, type OrganisationFacts, type SnapshotPartner, type SnapshotProject } from './project.snapshot.js';

const COORD = '0190a0a0-0000-7000-8000-000000000001';
const LAB = '0190a0a0-0000-7000-8000-000000000002';
const POLE_A = '0190a0a0-0000-7000-8000-0000000000a1';
const POLE_B = '0190a0a0-0000-7000-8000-0000000000b2';

const budgetOf = (personnel: number): PartnerBudget => {
  const b = emptyBudget();
  b.industrial.personnel = personnel;
  return b;
};

const project = (o: Partial<SnapshotProject> = {}): SnapshotProject => ({
  id: '0190a0a0-0000-7000-8000-0000000000ff', acronym: 'WING', title: 'Wing', summary: 'A rib', themes: ['aero'], keywords: ['composite'],
  trlStart: 3, trlTarget: 6, startDate: '2026-03-01', durationMonths: 24, poleIds: [POLE_A, POLE_B],
  wideDissemination: null, ...o,
});

const undeclared = { nonEconomicActivity: null, mayPublish: null, confirmedAt: new Date('2026-01-03') };
const partners = (): SnapshotPartner[] => [
  { organisationId: LAB, role: 'partner', budget: budgetOf(9_000), addedAt: new Date('2026-01-02'), ...undeclared },
  { organisationId: COORD, role: 'coordinator', budget: budgetOf(1_000), addedAt: new Date('2026-01-01'), ...undeclared },
];

const orgs = new Map<string, OrganisationFacts>([
  [COORD, { id: COORD, name: 'Acme', kind: 'company', siren: '732829320', region: 'Occitanie', regions: ['Occitanie', 'Bretagne'], sizeEu: 'small', categoryFr: 'PME' }],
  [LAB, { id: LAB, name: 'LAAS', kind: 'research_organisation', siren: '180089013', region: 'Occitanie', sizeEu: null, categoryFr: null }],
]);

describe('project snapshot', () => {
  it('builds a payload the project.submitted contract accepts: coordinator first, lead pole first, totals in cents', () => {
    const s = buildSnapshot(project(), 1, partners(), orgs);
    expect(projectSnapshot.parse(s)).toEqual(s);
    expect(s.poles).toEqual([{ poleId: POLE_A, lead: true }, { poleId: POLE_B, lead: false }]);
    expect(s.partners.map((p) => [p.organisationId, p.role, p.name, p.siren, p.sizeEu, p.categoryFr, p.totalCents])).toEqual([
      [COORD, 'coordinator', 'Acme', '732829320', 'small', 'PME', 1_000],
      [LAB, 'partner', 'LAAS', '180089013', null, null, 9_000],
    ]);
    // Every establishment's region travels with the partner (one known only by its head office: that region).
    expect(s.partners.map((p) => [p.region, p.regions])).toEqual([['Occitanie', ['Occitanie', 'Bretagne']], ['Occitanie', ['Occitanie']]]);
    expect(s.totalCents).toBe(10_000);
    expect(s.round).toBe(1);
  });

  it('carries the declarations of research organisations only, and the consortium\'s wide dissemination', () => {
    const lab = { ...partners()[0], nonEconomicActivity: true, mayPublish: false, confirmedAt: null };
    const s = buildSnapshot(project({ wideDissemination: { declared: true, kinds: ['open_source_software'] } }), 1, [lab, partners()[1]], orgs);
    expect(projectSnapshot.parse(s)).toEqual(s);
    expect(s.partners.map((p) => p.declarations)).toEqual([undefined, { nonEconomicActivity: true, mayPublish: false, confirmed: false }]);
    expect(s.wideDissemination).toEqual({ declared: true, kinds: ['open_source_software'] });
    expect(buildSnapshot(project(), 1, partners(), orgs).wideDissemination).toEqual({ declared: false, kinds: [] });
  });

  it('a complete project has no issue, even with a partner above 70 % (labelling rule, not a submission rule)', () => {
    expect(submissionIssues(project(), partners(), orgs)).toEqual([]);
  });

  it('lists the machine rules and the fields the wire snapshot needs', () => {
    const issues = submissionIssues(project({ trlStart: null, trlTarget: 2, poleIds: [], summary: ' ', startDate: null, durationMonths: null }), [partners()[1]], orgs);
    expect(issues.map((i) => i.path)).toEqual(['poles', 'trlStart', 'summary', 'startDate', 'durationMonths']);
    expect(submissionIssues(project({ trlStart: 5, trlTarget: 4 }), partners(), orgs).map((i) => i.path)).toEqual(['trlTarget']);
  });

  it('reports a partner the organisations read model does not know, and zero budgets', () => {
    const issues = submissionIssues(project(), [...partners(), { organisationId: POLE_A, role: 'partner', budget: emptyBudget(), addedAt: new Date('2026-01-03'), ...undeclared }], orgs);
    expect(issues).toEqual([{ path: 'partners[2].organisationId', message: expect.stringContaining('unknown') }]);
    const zero = submissionIssues(project(), [{ ...partners()[1], budget: emptyBudget() }], orgs);
    expect(zero.map((i) => i.path)).toEqual(['partners[0].totalCostCents']);
  });

  it('refuses to build from an incomplete project (submissionIssues comes first)', () => {
    expect(() => buildSnapshot(project({ startDate: null }), 1, partners(), orgs)).toThrow(/startDate/);
  });
});
