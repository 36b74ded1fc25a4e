import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { InboxWorker, OutboxWriter, Timers } from '@poleflow/messaging';
import { LABELLING_CONFIG } from '../config.js';
import type { LabellingConfig } from '../config.js';
import { LabellingCase } from '../cases/case.entity.js';
import { caseEvent, caseRef } from '../cases/case.events.js';
import { PoleRef } from '../reference/reference.entity.js';
import { Assignment } from './assignment.entity.js';

export const REVIEW_REMINDER = 'review_reminder';
export const REVIEW_OVERDUE = 'review_overdue';

/**
 * Reviewer deadlines on durable BullMQ timers. `labelling.reviewer_assigned` (written with the assignment, so
 * never lost) arms two timers: a reminder `REVIEW_REMINDER_LEAD_HOURS` before the due date, and the due date
 * itself, which flags the review as overdue to the pole's managers. Each re-checks the assignment when it
 * fires: a review already in, withdrawn or cancelled makes it a no-op, and so does a second firing.
 */
@Injectable()
export class ReviewTimers implements OnModuleInit {
  private readonly logger = new Logger(ReviewTimers.name);

  constructor(
    private readonly inbox: InboxWorker,
    private readonly timers: Timers,
    private readonly outbox: OutboxWriter,
    @Inject(LABELLING_CONFIG) private readonly cfg: LabellingConfig,
  ) {}

  onModuleInit(): void {
    this.inbox.on('labelling.reviewer_assigned', async (e, em) => {
      const due = new Date(e.payload.dueAt);
      const remindAt = new Date(due.getTime() - this.cfg.REVIEW_REMINDER_LEAD_HOURS * 3600_000);
      const data = { assignmentId: e.payload.assignmentId, correlationId: e.correlationId };
      await this.timers.schedule(REVIEW_REMINDER, e.payload.assignmentId, remindAt, data, em);
      await this.timers.schedule(REVIEW_OVERDUE, e.payload.assignmentId, due, data, em);
    });
    this.timers.on(REVIEW_REMINDER, (data, em) => this.fire(em, String(data.assignmentId), String(data.correlationId ?? 'timer'), 'remind'));
    this.timers.on(REVIEW_OVERDUE, (data, em) => this.fire(em, String(data.assignmentId), String(data.correlationId ?? 'timer'), 'overdue'));
  }

  private async fire(em: EntityManager, assignmentId: string, correlationId: string, what: 'remind' | 'overdue'): Promise<void> {
    const seen = await em.findOne(Assignment, assignmentId);
    if (!seen) return;
    // Case first, then the assignment: the lock order of every writer of a case.
    const c = await em.findOneOrFail(LabellingCase, seen.caseId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const a = await em.findOneOrFail(Assignment, assignmentId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (a.status !== 'assigned' || (what === 'remind' ? a.remindedAt : a.overdueAt) !== null) return;
    const now = new Date();
    if (what === 'remind') a.remindedAt = now;
    else {
      a.overdueAt = now;
      c.updatedAt = now;
    }
    a.updatedAt = now;
    await em.flush();
    const pole = await em.findOneOrFail(PoleRef, c.poleId);
    const payload = { ...caseRef(c, pole), assignmentId: a.id, reviewerUserId: a.reviewerUserId, dueAt: a.dueAt.toISOString() };
    await this.outbox.append(em, [what === 'remind'
      ? caseEvent('labelling.reviewer_reminded', c, payload)
      : caseEvent('labelling.review_overdue', c, payload)], { actor: null, correlationId });
    this.logger.log({ assignmentId, caseId: c.id, what }, what === 'remind' ? 'reviewer reminded' : 'review overdue; case flagged');
  }
}
