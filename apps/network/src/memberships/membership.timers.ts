import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { InboxWorker, OutboxWriter, Timers } from '@poleflow/messaging';
import { NETWORK_CONFIG, type NetworkConfig } from '../config.js';
import { OrganisationRef, PoleRef } from '../reference/reference.entity.js';
import { feeFor, renewalReminderAt, yearEndsAt } from './fees.js';
import { Membership } from './membership.entity.js';
import { gridOf, membershipEvent, membershipRef } from './memberships.service.js';

/**
 * The durable timers of every membership year. `membership.accepted` and `membership.renewed`, written with the
 * change that starts a year and routed back to network, arm two timers keyed by the year's end: the renewal
 * reminder (MEMBERSHIP_RENEWAL_REMINDER_DAYS before) and the lapse (when the year is over). Timers are never
 * cancelled: each re-checks the membership when it fires, so a renewed or ended membership ignores them.
 */
@Injectable()
export class MembershipTimers implements OnModuleInit {
  private readonly logger = new Logger(MembershipTimers.name);

  constructor(
    private readonly inbox: InboxWorker, private readonly outbox: OutboxWriter, private readonly timers: Timers,
    @Inject(NETWORK_CONFIG) private readonly cfg: NetworkConfig,
  ) {}

  onModuleInit(): void {
    this.inbox.on('membership.accepted', (e, em) => this.arm(em, e.payload.membershipId, e.payload.endsOn, e.correlationId));
    this.inbox.on('membership.renewed', (e, em) => this.arm(em, e.payload.membershipId, e.payload.endsOn, e.correlationId));
    this.timers.on('membership_renewal_reminder', (d, em) => this.fire(em, d, 'reminder'));
    this.timers.on('membership_lapse', (d, em) => this.fire(em, d, 'lapse'));
  }

  private async arm(em: EntityManager, membershipId: string, endsOn: string, correlationId: string): Promise<void> {
    const key = `${membershipId}.${endsOn}`;
    const data = { membershipId, endsOn, correlationId };
    await this.timers.schedule('membership_renewal_reminder', key, renewalReminderAt(endsOn, this.cfg.MEMBERSHIP_RENEWAL_REMINDER_DAYS), data, em);
    await this.timers.schedule('membership_lapse', key, yearEndsAt(endsOn), data, em);
  }

  private async fire(em: EntityManager, d: Record<string, unknown>, what: 'reminder' | 'lapse'): Promise<void> {
    const m = await em.findOne(Membership, String(d.membershipId), { lockMode: LockMode.PESSIMISTIC_WRITE });
    // Renewed since (another year), ended, or a reminder already sent: nothing to do.
    if (!m || m.status !== 'active' || m.endsOn !== d.endsOn) return;
    if (what === 'reminder' && m.renewalRemindedAt) return;
    const org = await em.findOneOrFail(OrganisationRef, m.organisationId);
    const now = new Date();
    if (what === 'reminder') m.renewalRemindedAt = now;
    else {
      m.status = 'lapsed';
      m.endedAt = now;
    }
    m.updatedAt = now;
    await em.flush();
    const pole = await em.findOne(PoleRef, m.poleId);
    // The reminder tells the member what the next year costs at today's grid.
    const next = what === 'reminder' ? { feeClass: m.feeClass, feeCents: feeFor(await gridOf(em, m.poleId), m.feeClass) } : {};
    const ref = { ...membershipRef(m, org.name, pole?.name), endsOn: m.endsOn, ...next };
    await this.outbox.append(em, [membershipEvent(what === 'reminder' ? 'membership.renewal_due' : 'membership.lapsed', m, ref)], { actor: null, correlationId: String(d.correlationId ?? 'timer') });
    this.logger.log({ membershipId: m.id, endsOn: m.endsOn }, what === 'reminder' ? 'membership renewal reminder' : 'membership lapsed without renewal');
  }
}
