import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { v5 as uuidv5 } from 'uuid';
import { poleIdOf, type Envelope, type EventPayload } from '@poleflow/contracts';
import { OutboxWriter } from '@poleflow/messaging';
import { NETWORK_CONFIG, type NetworkConfig } from '../config.js';
import { PoleRef } from '../reference/reference.entity.js';
import { SupportRequest } from '../support/support.entity.js';
import { addDaysIso, DEFAULT_FEE_GRID, feeClassOf, membershipYear, todayIso } from './fees.js';
import { Membership, type MembershipYearRecord } from './membership.entity.js';
import { membershipEvent, membershipRef } from './memberships.service.js';

/** Fixed ids of the demo rows (uuid v5 in a namespace of their own), so a replayed registration seeds nothing twice. */
const DEMO_NAMESPACE = '3b0f7a52-8d1e-5c6b-9f2a-7e4d1c0b9a86';
const SYSTEM = uuidv5('network-demo', DEMO_NAMESPACE);

interface DemoMember { city: string; themes: string[]; contact: { name: string; email: string; phone: string }; daysAgo: number; fee: 'paid' | 'invoiced' | 'due'; support?: { subject: string; body: string } }

/**
 * The demo members of Aerospace Valley, by the SIREN of apps/directory's demo organisations (AéroLab, alice's
 * company, is left out: the browser journey applies for it): Composites du Sud, whose year ends within the
 * renewal window and which asked for help with a fund-raising, and the ONERA lab, invoiced.
 */
const DEMO: Record<string, DemoMember> = {
  '405183278': {
    city: 'Bordeaux', themes: ['composites', 'aérostructures'], contact: { name: 'Bruno Lefèvre', email: 'bruno@composites.test', phone: '+33 5 56 00 00 00' },
    daysAgo: 345, fee: 'paid',
    support: { subject: 'Levée de fonds de 3 M€', body: 'Nous préparons une levée de fonds pour industrialiser notre ligne de drapage automatisé : quels investisseurs du réseau contacter ?' },
  },
  '775722879': {
    city: 'Toulouse', themes: ['aérodynamique', 'systèmes embarqués'], contact: { name: 'Chloé Dubois', email: 'chloe@onera.test', phone: '+33 5 62 00 00 00' },
    daysAgo: 120, fee: 'invoiced',
  },
};

@Injectable()
export class NetworkDemoSeed {
  private readonly logger = new Logger(NetworkDemoSeed.name);

  constructor(private readonly outbox: OutboxWriter, @Inject(NETWORK_CONFIG) private readonly cfg: NetworkConfig) {}

  /** Called with each organisation directory registers (inside its inbox transaction). */
  async onOrganisation(em: EntityManager, e: Envelope<EventPayload<'organisation.registered'>>): Promise<void> {
    const demo = DEMO[e.payload.siren];
    if (!this.cfg.SEED_DEMO || !demo) return;
    const p = e.payload;
    const poleId = poleIdOf('aerospace-valley');
    const id = uuidv5(`membership:${p.organisationId}`, DEMO_NAMESPACE);
    if (await em.count(Membership, { poleId, organisationId: p.organisationId })) return;
    const now = new Date();
    const feeClass = feeClassOf(p);
    const year = membershipYear(addDaysIso(todayIso(now), -demo.daysAgo));
    const at = new Date(now.getTime() - demo.daysAgo * 86_400_000).toISOString();
    const record: MembershipYearRecord = { ...year, feeClass, feeCents: DEFAULT_FEE_GRID[feeClass], invoicedAt: demo.fee === 'due' ? null : at, paidAt: demo.fee === 'paid' ? at : null };
    const m = em.create(Membership, {
      id, poleId, organisationId: p.organisationId, status: 'active', feeClass, city: demo.city, themes: demo.themes, contact: demo.contact,
      message: null, appliedBy: SYSTEM, appliedAt: new Date(at), decidedBy: SYSTEM, decidedAt: new Date(at), reason: null, years: [record], endsOn: year.endsOn,
      renewalRemindedAt: null, endedAt: null, updatedAt: now,
    });
    const ctx = { actor: null, correlationId: e.correlationId, causationId: e.id };
    await em.flush();
    const poleName = (await em.findOne(PoleRef, poleId))?.name;
    await this.outbox.append(em, [membershipEvent('membership.accepted', m, { ...membershipRef(m, p.name, poleName), ...year, feeCents: record.feeCents, feeClass })], ctx);
    if (demo.support) {
      const r = em.create(SupportRequest, {
        id: uuidv5(`support:${p.organisationId}`, DEMO_NAMESPACE), poleId, organisationId: p.organisationId, membershipId: m.id, area: 'private_financing', areaDetail: null,
        subject: demo.support.subject, status: 'open', assigneeId: null, dueOn: addDaysIso(todayIso(now), 12),
        messages: [{ id: uuidv5(`support-message:${p.organisationId}`, DEMO_NAMESPACE), authorId: SYSTEM, side: 'member', kind: 'question', body: demo.support.body, at: new Date(now.getTime() - 3 * 86_400_000).toISOString() }],
        openedBy: SYSTEM, openedAt: new Date(now.getTime() - 3 * 86_400_000), takenAt: null, closedAt: null, outcome: null, remindedAt: null, overdueAt: null, updatedAt: now,
      });
      await em.flush();
      await this.outbox.append(em, [{ type: 'support_request.opened', streamId: r.id, payload: { supportRequestId: r.id, poleId, organisationId: r.organisationId, area: r.area, subject: r.subject, dueOn: r.dueOn, organisationName: p.name, ...(poleName === undefined ? {} : { poleName }), assigneeId: null } }], ctx);
    }
    this.logger.log({ organisation: p.name }, 'demo membership of Aerospace Valley seeded');
  }
}
