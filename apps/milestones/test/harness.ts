import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Principal } from '@poleflow/auth';
import { funderIdOf, type EventPayload } from '@poleflow/contracts';
import { as, deliver, envelope, startService, type ServiceHarness, type ServiceHarnessOptions } from '@poleflow/testing';
import { loadMilestonesConfig } from '../src/config.js';
import { MilestonesModule } from '../src/milestones.module.js';

export type Harness = ServiceHarness;

/** A milestones app on its own database and BullMQ prefix, configured the way main.ts configures it. */
export const startMilestones = (label: string, o: ServiceHarnessOptions = {}): Promise<Harness> =>
  startService(label, 'milestones', (env) => MilestonesModule.forRoot(loadMilestonesConfig(env)), o);

export { as, deliver, envelope };

export const BPIFRANCE = funderIdOf('bpifrance');

export function principal(p: Partial<Principal> = {}): Principal {
  return { userId: randomUUID(), email: `${randomUUID().slice(0, 8)}@example.fr`, roles: ['applicant'], organisationIds: [], poles: [], funderIds: [], ...p };
}
export const officer = (funderId = BPIFRANCE): Principal => principal({ roles: ['funder_officer'], funderIds: [funderId] });

/** A submitted project (stream of submission) and its funding decision (stream of funding). */
export async function funded(app: INestApplication) {
  const coordinator = randomUUID();
  const partner = randomUUID();
  const projectId = randomUUID();
  const snapshot: EventPayload<'project.submitted'> = {
    projectId, round: 1, acronym: 'H2WING', title: 'Hydrogen wing box', summary: 's', themes: [], keywords: [], trlStart: 3, trlTarget: 7,
    startDate: '2027-01-01', durationMonths: 36, poles: [{ poleId: randomUUID(), lead: true }], totalCents: 100,
    partners: [
      { organisationId: coordinator, name: 'AéroLab', kind: 'company', siren: '732829320', region: 'Occitanie', sizeEu: 'small', categoryFr: 'PME', role: 'coordinator', budget: {}, totalCents: 50 },
      { organisationId: partner, name: 'Airframer SA', kind: 'company', siren: '552100554', region: 'Occitanie', sizeEu: 'large', categoryFr: 'GE', role: 'partner', budget: {}, totalCents: 50 },
    ],
  };
  await deliver(app, envelope('project.submitted', snapshot, { streamId: projectId, source: 'submission' }));
  const granted: EventPayload<'funding.granted'> = {
    applicationId: randomUUID(), projectId, callId: randomUUID(), callTitle: 'PSPC-like 2026', funderId: BPIFRANCE, funderName: 'Bpifrance', totalCents: 70_000_001,
    partners: [
      { organisationId: coordinator, name: 'AéroLab', amountCents: 40_000_000, aidForm: 'repayable_advance' },
      { organisationId: partner, name: 'Airframer SA', amountCents: 30_000_001, aidForm: 'grant' },
    ],
    tranches: [{ milestone: 'prototype', percent: 30 }, { milestone: 'industrialisation', percent: 40 }, { milestone: 'market_launch', percent: 30 }],
    motivation: 'ok',
  };
  const grantEnvelope = envelope('funding.granted', granted, { streamId: projectId, source: 'funding' });
  await deliver(app, grantEnvelope);
  return { projectId, coordinator: principal({ organisationIds: [coordinator] }), partner: principal({ organisationIds: [partner] }), grantEnvelope };
}
