import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InboxWorker } from '@poleflow/messaging';
import { ProjectFunder } from './project.entity.js';

/**
 * The funders a project applied to (`funding.requested`), so their officers may read it (docs/ACCESS.md).
 * Idempotent: one row per (project, funder), the first application's date kept.
 */
@Injectable()
export class FundingConsumer implements OnModuleInit {
  constructor(private readonly inbox: InboxWorker) {}

  onModuleInit(): void {
    this.inbox.on('funding.requested', async (e, em) => {
      const p = e.payload;
      await em.upsert(ProjectFunder, { projectId: p.projectId, funderId: p.funderId, appliedAt: new Date(p.appliedAt) }, { onConflictAction: 'ignore' });
    });
  }
}
