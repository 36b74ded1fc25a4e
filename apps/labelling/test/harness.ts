import type { INestApplication } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import type { Principal } from '@poleflow/auth';
import type { Envelope, EventPayload } from '@poleflow/contracts';
import { as, deliver, envelope, startService, type ServiceHarness, type ServiceHarnessOptions } from '@poleflow/testing';
import { loadLabellingConfig } from '../src/config.js';
import { LabellingModule } from '../src/labelling.module.js';

export type Harness = ServiceHarness;

/** A labelling app on its own database and BullMQ prefix, configured the way main.ts configures it. */
export const startLabelling = (label: string, o: ServiceHarnessOptions = {}): Promise<Harness> =>
  startService(label, 'labelling', (env) => LabellingModule.forRoot(loadLabellingConfig(env)), o);

export { as, deliver, envelope };

export function principal(p: Partial<Principal> = {}): Principal {
  return { userId: randomUUID(), email: `${randomUUID().slice(0, 8)}@example.fr`, roles: ['applicant'], organisationIds: [], poles: [], funderIds: [], ...p };
}

export const manager = (poleId: string): Principal => principal({ roles: ['pole_manager'], poles: [{ poleId, role: 'pole_manager' }] });
export const reviewer = (poleId: string, userId = randomUUID()): Principal => principal({ userId, roles: ['reviewer'], poles: [{ poleId, role: 'reviewer' }] });




export async function publishPole(app: INestApplication, o: { name: string; code: string; regions?: string[]; themes?: string[] }): Promise<EventPayload<'pole.published'>> {
  const payload = { poleId: randomUUID(), slug: o.name.toLowerCase().replace(/\W+/g, '-'), code: o.code, name: o.name, regions: o.regions ?? ['Occitanie'], themes: o.themes ?? ['aeronautics-space'] };
  await deliver(app, envelope('pole.published', payload, { streamId: payload.poleId }));
  return payload;
}

type Partner = EventPayload<'project.submitted'>['partners'][number];

export function partner(o: Partial<Partner> & { totalCents: number }): Partner {
  const company = (o.kind ?? 'company') === 'company';
  return {
    organisationId: randomUUID(), name: 'Acme', kind: 'company', siren: '732829320', region: 'Occitanie', sizeEu: company ? 'small' : null,
    categoryFr: company ? 'PME' : null, role: 'partner', budget: { industrial: { personnel: o.totalCents } }, ...o,
  };
}

/** A complete snapshot for two or more poles (the first is the lead). */
export function snapshot(poleIds: string[], partners: Partner[], o: Partial<EventPayload<'project.submitted'>> = {}): EventPayload<'project.submitted'> {
  return {
    projectId: randomUUID(), round: 1, acronym: 'WINGLET', title: 'Composite winglet', summary: 'A lighter winglet', themes: ['aeronautics-space'],
    keywords: ['composite'], trlStart: 3, trlTarget: 6, startDate: '2027-01-01', durationMonths: 24,
    poles: poleIds.map((poleId, i) => ({ poleId, lead: i === 0 })), partners, totalCents: partners.reduce((s, p) => s + p.totalCents, 0), ...o,
  };
}

/** A three-partner consortium: two companies and a lab, all in Occitanie. */
export function consortium(): Partner[] {
  return [
    partner({ name: 'Aerolab', role: 'coordinator', totalCents: 50_000_000, siren: '732829320' }),
    partner({ name: 'Composites SA', totalCents: 30_000_000, siren: '552100554', sizeEu: 'large', categoryFr: 'GE' }),
    partner({ name: 'ONERA Toulouse', kind: 'research_organisation', totalCents: 20_000_000, siren: '775722879', sizeEu: null, categoryFr: null }),
  ];
}

export async function submit(app: INestApplication, s: EventPayload<'project.submitted'>, sequence = 1): Promise<void> {
  await deliver(app, envelope(s.round === 1 ? 'project.submitted' : 'project.resubmitted', s, { streamId: s.projectId, sequence, source: 'submission' }));
}

/** The reviewer pool and employer of a person, as directory announces them. */
export async function appoint(app: INestApplication, poleId: string, userId: string, employer?: { organisationId: string; name: string; siren: string }): Promise<void> {
  let seq = 1;
  if (employer) {
    await deliver(app, envelope('organisation.registered', {
      organisationId: employer.organisationId, name: employer.name, kind: 'company', siren: employer.siren, siret: null, region: 'Occitanie',
      nafCode: null, sizeEu: 'small', categoryFr: 'PME',
    }, { streamId: employer.organisationId }));
    await deliver(app, envelope('affiliation.changed', { userId, kind: 'organisation', targetId: employer.organisationId, role: 'member', change: 'added' }, { streamId: userId, sequence: seq++ }));
  }
  await deliver(app, envelope('affiliation.changed', { userId, kind: 'pole', targetId: poleId, role: 'reviewer', change: 'added' }, { streamId: userId, sequence: seq }));
}

export function outboxOf(em: EntityManager, streamId: string): Promise<{ type: string; sequence: string; envelope: Envelope }[]> {
  return em.execute('select type, sequence, envelope from labelling.outbox where stream_id = ? order by sequence', [streamId]);
}

/** Scores for every criterion. */
export const fullScores = (score: number) => Object.fromEntries(
  ['strategy_fit', 'innovation', 'market_potential', 'consortium_quality', 'territorial_impact', 'budget_realism'].map((k) => [k, { score, comment: `${k}: ok` }]),
);
