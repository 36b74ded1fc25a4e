import type { Milestone, Plan } from './plan.entity.js';

/** The part every milestone event says about its milestone. */
export const milestoneRef = (m: Pick<Milestone, 'id' | 'key' | 'projectId' | 'funderId'>, plan: Pick<Plan, 'id' | 'applicationId' | 'funderName'>) => ({
  planId: plan.id, projectId: m.projectId, applicationId: plan.applicationId, funderId: m.funderId, funderName: plan.funderName, milestoneId: m.id, key: m.key,
});
