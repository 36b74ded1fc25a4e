import { Injectable, Logger } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, execute } from '@poleflow/domain';
import { Project } from '../projects/project.entity.js';
import { LabellingOutcome, type LabellingOutcomeStatus } from './labelling-outcome.entity.js';

/** A pole's decision on the project, as one `label.*` event states it. */
export interface PoleDecision {
  projectId: string;
  poleId: string;
  caseId: string;
  lead: boolean;
  round: number;
  status: LabellingOutcomeStatus;
  labelNumber: string | null;
  validUntil: string | null;
  motivation: string;
  requestedChanges: string[];
  conditions: string[];
  decidedAt: Date;
}

/**
 * Applies labelling's decisions to the project, inside the inbox transaction: records the pole's outcome and,
 * for a revision request, reopens the project for edits through the project machine (libs/domain).
 */
@Injectable()
export class LabellingOutcomeService {
  private readonly logger = new Logger(LabellingOutcomeService.name);

  async record(em: EntityManager, d: PoleDecision): Promise<void> {
    // Locked like an HTTP write, so a concurrent edit or resubmission waits and then sees the new version.
    const project = await em.findOne(Project, d.projectId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    // Labelling only knows projects submission announced: this cannot heal, so it is dead-lettered at once.
    if (!project) throw new DomainError('UNKNOWN_PROJECT', `labelling decided on project ${d.projectId}, unknown to submission`, 422);
    if (d.status === 'revision_requested') this.requestRevision(project, d);

    const { projectId, poleId, ...fields } = d;
    const row = await em.findOne(LabellingOutcome, { projectId, poleId });
    if (row) em.assign(row, fields);
    else em.persist(em.create(LabellingOutcome, d));
    // The project's representation (and so its ETag) includes the outcomes: every decision bumps the version.
    project.updatedAt = new Date();
  }

  private requestRevision(project: Project, d: PoleDecision): void {
    const log = { projectId: project.id, poleId: d.poleId, status: project.status, round: project.round, requestRound: d.round };
    switch (project.status) {
      case 'submitted':
      case 'resubmitted': {
        // A request on an earlier round was answered by the resubmission that followed it.
        if (d.round !== project.round) {
          this.logger.warn(log, 'revision request for another round; status kept');
          return;
        }
        const { state } = execute(
          { status: project.status, round: project.round },
          { type: 'request_revision', poleId: d.poleId, requestedChanges: d.requestedChanges },
        );
        project.status = state.status;
        return;
      }
      case 'revision_requested':
        // Another pole asked too: its outcome row carries its requested changes.
        return;
      case 'draft':
      case 'withdrawn':
        this.logger.warn(log, 'revision request on a project that cannot be revised; status kept');
        return;
      default: {
        const unknown: never = project.status;
        throw new Error(`unexpected project status ${String(unknown)}`);
      }
    }
  }
}
