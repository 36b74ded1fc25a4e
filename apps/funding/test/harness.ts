import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Principal } from '@poleflow/auth';
import { funderIdOf, type EventPayload } from '@poleflow/contracts';
import { as, deliver, envelope, startService, type ServiceHarness, type ServiceHarnessOptions } from '@poleflow/testing';
import { loadFundingConfig } from '../src/config.js';
import { FundingModule } from '../src/funding.module.js';

export type Harness = ServiceHarness;

/** A funding app on its own database and BullMQ prefix, configured the way main.ts configures it. */
export const startFunding = (label: string, o: ServiceHarnessOptions = {}): Promise<Harness> =>
  startService(label, 'funding', (env) => FundingModule.forRoot(loadFundingConfig(env)), o);

export { as, deliver, envelope };

export function principal(p: Partial<Principal> = {}): Principal {
  return { userId: randomUUID(), email: `${randomUUID().slice(0, 8)}@example.fr`, roles: ['applicant'], organisationIds: [], poles: [], funderIds: [], ...p };
}

export const officer = (funderId: string): Principal => principal({ roles: ['funder_officer'], funderIds: [funderId] });

export const BPIFRANCE = funderIdOf('bpifrance');
export const ANR = funderIdOf('anr');

export async function publishFunders(app: INestApplication): Promise<void> {
  for (const [id, slug, name] of [[BPIFRANCE, 'bpifrance', 'Bpifrance'], [ANR, 'anr', 'ANR']] as const) {
    await deliver(app, envelope('funder.published', { funderId: id, slug, name, kind: 'national_agency', region: null }, { streamId: id }));
  }
}

type Partner = EventPayload<'project.submitted'>['partners'][number];

/**
 * The consortium of DOMAIN.md §4.4's worked example: a small company (coordinator; 400 k€ industrial research,
 * 200 k€ experimental development), a large company (300 k€ IR, 500 k€ ED) and a public lab (300 k€ IR).
 */
export function consortium(): Partner[] {
  const p = (o: Partial<Partner> & Pick<Partner, 'name' | 'budget' | 'totalCents'>): Partner => ({
    organisationId: randomUUID(), kind: 'company', siren: '732829320', region: 'Occitanie', sizeEu: 'small', categoryFr: 'PME', role: 'partner', ...o,
  });
  return [
    p({ name: 'AéroLab', role: 'coordinator', budget: { industrial: { personnel: 40_000_000 }, experimental: { personnel: 20_000_000 } }, totalCents: 60_000_000 }),
    p({ name: 'Airframer SA', siren: '552100554', sizeEu: 'large', categoryFr: 'GE', budget: { industrial: { personnel: 30_000_000 }, experimental: { equipment: 50_000_000 } }, totalCents: 80_000_000 }),
    p({ name: 'Laboratoire public', kind: 'research_organisation', siren: '180089013', sizeEu: null, categoryFr: null, budget: { industrial: { personnel: 30_000_000 } }, totalCents: 30_000_000 }),
  ];
}

export function snapshot(partners = consortium(), o: Partial<EventPayload<'project.submitted'>> = {}): EventPayload<'project.submitted'> {
  return {
    projectId: randomUUID(), round: 1, acronym: 'H2WING', title: 'Hydrogen wing box', summary: 'A lighter tank', themes: ['aeronautics-space'], keywords: [],
    trlStart: 3, trlTarget: 6, startDate: '2030-01-01', durationMonths: 36, poles: [{ poleId: randomUUID(), lead: true }], partners,
    totalCents: partners.reduce((s, x) => s + x.totalCents, 0), ...o,
  };
}

export async function submitted(app: INestApplication, s: EventPayload<'project.submitted'>): Promise<void> {
  await deliver(app, envelope('project.submitted', s, { streamId: s.projectId, sequence: 1, source: 'submission' }));
}

export const coordinatorOf = (s: EventPayload<'project.submitted'>): Principal => principal({ organisationIds: [s.partners[0].organisationId] });
