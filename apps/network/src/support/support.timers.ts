import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { InboxWorker, OutboxWriter, Timers } from '@poleflow/messaging';
import { NETWORK_CONFIG, type NetworkConfig } from '../config.js';
import { yearEndsAt } from '../memberships/fees.js';
import { SupportRequest } from './support.entity.js';
import { supportNames, supportRef } from './support.service.js';

const HOUR = 3_600_000;

/**
 * Due-date timers of support requests, armed from network's own `support_request.opened` / `.rescheduled` (keyed
 * by the due date, so a rescheduled request's older timers find nothing to do): a reminder SUPPORT_REMINDER_HOURS
 * before the due day starts, and `overdue` once the due day is over. Each re-checks the request when it fires.
 */
@Injectable()
export class SupportTimers implements OnModuleInit {
  private readonly logger = new Logger(SupportTimers.name);

  constructor(
    private readonly inbox: InboxWorker, private readonly outbox: OutboxWriter, private readonly timers: Timers,
    @Inject(NETWORK_CONFIG) private readonly cfg: NetworkConfig,
  ) {}

  onModuleInit(): void {
    this.inbox.on('support_request.opened', (e, em) => this.arm(em, e.payload.supportRequestId, e.payload.dueOn, e.correlationId));
    this.inbox.on('support_request.rescheduled', (e, em) => this.arm(em, e.payload.supportRequestId, e.payload.dueOn, e.correlationId));
    this.timers.on('support_due_reminder', (d, em) => this.fire(em, d, 'reminder'));
    this.timers.on('support_overdue', (d, em) => this.fire(em, d, 'overdue'));
  }

  private async arm(em: EntityManager, id: string, dueOn: string, correlationId: string): Promise<void> {
    const key = `${id}.${dueOn}`;
    const data = { supportRequestId: id, dueOn, correlationId };
    const over = yearEndsAt(dueOn); // the start of the day after the due date
    await this.timers.schedule('support_due_reminder', key, new Date(over.getTime() - 24 * HOUR - this.cfg.SUPPORT_REMINDER_HOURS * HOUR), data, em);
    await this.timers.schedule('support_overdue', key, over, data, em);
  }

  private async fire(em: EntityManager, d: Record<string, unknown>, what: 'reminder' | 'overdue'): Promise<void> {
    const r = await em.findOne(SupportRequest, String(d.supportRequestId), { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!r || r.status === 'closed' || r.dueOn !== d.dueOn) return;
    if (what === 'reminder' ? r.remindedAt : r.overdueAt) return;
    const now = new Date();
    if (what === 'reminder') r.remindedAt = now;
    else r.overdueAt = now;
    r.updatedAt = now;
    await em.flush();
    await this.outbox.append(em, [{
      type: what === 'reminder' ? 'support_request.due_soon' : 'support_request.overdue', streamId: r.id, payload: { ...supportRef(r), ...(await supportNames(em, r)), dueOn: r.dueOn },
    }], { actor: null, correlationId: String(d.correlationId ?? 'timer') });
    this.logger.log({ supportRequestId: r.id, dueOn: r.dueOn }, what === 'reminder' ? 'support request due soon' : 'support request overdue');
  }
}
