import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Envelope } from '@poleflow/contracts';
import { nextStage, type StageHint } from '@poleflow/domain';
import { InboxWorker } from '@poleflow/messaging';
import { euros, words } from '../timeline/format.js';
import { projectView, recordEntry } from '../timeline/timeline.store.js';


/**
 * Follows delivery from funding to market: the milestone plan, reports, reviews, overdue milestones, tranche
 * releases and the market launch. Validated prototype and industrialisation milestones move the stage
 * (never backwards); the market launch ends the journey.
 */
@Injectable()
export class MilestonesConsumer implements OnModuleInit {
  constructor(private readonly inbox: InboxWorker) {}

  onModuleInit(): void {
    this.inbox.on('milestones.plan_created', (e, em) => {
      const p = e.payload;
      const steps = p.milestones.map((m) => `${words(m.key)} by ${m.dueAt.slice(0, 10)} (${euros(m.amountCents)})`).join(', ');
      return this.record(em, e, p.projectId, `Milestone plan for ${p.funderName}: ${steps}`);
    });
    this.inbox.on('milestone.reported', (e, em) =>
      this.record(em, e, e.payload.projectId, `Milestone ${words(e.payload.key)} reported: TRL ${e.payload.trlReached} reached${e.payload.attempt > 1 ? ` (attempt ${e.payload.attempt})` : ''}`));
    this.inbox.on('milestone.validated', (e, em) =>
      this.record(em, e, e.payload.projectId, `Milestone ${words(e.payload.key)} validated by ${e.payload.funderName}`,
        e.payload.milestoneStage ? { milestoneStage: e.payload.milestoneStage } : undefined));
    this.inbox.on('milestone.rejected', (e, em) =>
      this.record(em, e, e.payload.projectId, `Milestone ${words(e.payload.key)} sent back by ${e.payload.funderName}: ${e.payload.comment}`));
    this.inbox.on('milestone.overdue', (e, em) =>
      this.record(em, e, e.payload.projectId, e.payload.escalated
        ? `Milestone ${words(e.payload.key)} still overdue: escalated to ${e.payload.funderName} and the pole`
        : `Milestone ${words(e.payload.key)} overdue since ${e.payload.dueAt.slice(0, 10)}`));
    this.inbox.on('tranche.released', (e, em) =>
      this.record(em, e, e.payload.projectId, `Tranche released by ${e.payload.funderName} for the ${words(e.payload.key)}: ${euros(e.payload.totalCents)}`));
    this.inbox.on('project.market_launched', (e, em) => {
      const p = e.payload;
      const customers = p.firstCustomers.length ? `; first customers: ${p.firstCustomers.join(', ')}` : '';
      const revenue = p.revenueCents !== null ? `; first revenue ${euros(p.revenueCents)}` : '';
      return this.record(em, e, p.projectId, `On the market: ${p.product} since ${p.launchDate}${customers}${revenue}`);
    });
  }

  private async record(em: EntityManager, e: Envelope, projectId: string, summary: string, hint?: StageHint): Promise<void> {
    const view = await projectView(em, projectId);
    view.stage = nextStage(view.stage, e.type, hint);
    view.updatedAt = new Date(e.occurredAt);
    recordEntry(em, e, projectId, view.stage, summary);
  }
}
