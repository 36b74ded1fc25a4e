import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InboxWorker } from '@poleflow/messaging';
import { CaseIntakeService } from './case-intake.service.js';

/** Submission's events open, re-open and close labelling cases. */
@Injectable()
export class CaseIntakeConsumer implements OnModuleInit {
  constructor(private readonly inbox: InboxWorker, private readonly intake: CaseIntakeService) {}

  onModuleInit(): void {
    this.inbox.on('project.submitted', (e, em) => this.intake.onSubmitted(em, e));
    this.inbox.on('project.resubmitted', (e, em) => this.intake.onSubmitted(em, e));
    this.inbox.on('project.withdrawn', (e, em) => this.intake.onWithdrawn(em, e));
  }
}
