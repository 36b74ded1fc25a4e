import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ACCOUNT_STANDINGS, type AccountStandings } from '@poleflow/auth';
import { InboxWorker } from '@poleflow/messaging';
import { AuditService } from '../audit/audit.service.js';
import { standingOf } from './standing.service.js';

/**
 * Directory's own inbox: projects `account.standing_changed` into Redis, where every service's AuthGuard reads
 * it (a replayed or late event never overwrites a newer standing), and records the dead-letter redrives that
 * other services report (`admin.dead_letter_redriven`) in the audit trail.
 */
@Injectable()
export class StandingConsumer implements OnModuleInit {
  constructor(private readonly inbox: InboxWorker, @Inject(ACCOUNT_STANDINGS) private readonly standings: AccountStandings, private readonly audit: AuditService) {}

  onModuleInit(): void {
    this.inbox.on('account.standing_changed', async (e) => {
      await this.standings.put(standingOf(e.payload));
    });
    this.inbox.on('admin.dead_letter_redriven', (e, em) => this.audit.record(em, {
      action: 'admin.dead_letter_redriven', outcome: 'success', actorId: e.actor?.userId ?? null, target: { kind: 'dead_letter', id: e.payload.deadLetterId },
      details: { service: e.payload.service, eventId: e.payload.eventId, eventType: e.payload.eventType, redriveCount: e.payload.redriveCount }, at: new Date(e.occurredAt),
    }));
  }
}
