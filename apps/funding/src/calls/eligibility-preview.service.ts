import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { isAdmin, type Principal } from '@poleflow/auth';
import { DomainError } from '@poleflow/domain';
import { assess, partnerCeilings, ruleOutcomes } from '../applications/assessment.js';
import { LabelRef, ProjectRef } from '../reference/reference.entity.js';
import { Call } from './call.entity.js';
import { callNotFound } from './calls.service.js';
import type { EligibilityPreview } from './eligibility-preview.dto.js';

/**
 * What an application of a project to a call would be assessed as today: the assessment's pure `assess` on
 * funding's latest snapshot of the project and its labels. Reads only: no application, no event.
 */
@Injectable()
export class EligibilityPreviewService {
  constructor(private readonly orm: MikroORM) {}

  async preview(callId: string, projectId: string, principal: Principal): Promise<Omit<EligibilityPreview, 'rules'> & { rules: Omit<EligibilityPreview['rules'][number], 'reasonText'>[] }> {
    const em = this.orm.em.fork();
    const call = await em.findOne(Call, callId);
    if (!call || call.publishedAt === null) throw callNotFound(callId);
    const project = await em.findOne(ProjectRef, projectId);
    // Funding knows a project from its first submission: a draft, like another consortium's project, is not found.
    if (!project || !(isAdmin(principal) || project.organisationIds.some((o) => principal.organisationIds.includes(o)))) {
      throw new DomainError('PROJECT_NOT_FOUND', `no submitted project ${projectId}`, 404);
    }
    const labels = await em.find(LabelRef, { projectId });
    const now = new Date();
    const record = assess(call, project.snapshot, labels, now, 'preview', now);
    return {
      callId, projectId, eligible: record.eligibility.eligible, basedOn: 'submitted_snapshot', round: record.round, labelled: record.labelled,
      rules: ruleOutcomes(record.eligibility),
      ceilings: {
        partners: partnerCeilings(record.ceilings),
        totalMaxAidCents: record.ceilings.totalMaxAidCents, ruleVersion: record.ceilings.ruleVersion,
      },
      assessedAt: record.assessedAt,
    };
  }
}
