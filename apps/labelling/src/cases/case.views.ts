import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '@poleflow/auth';
import { CRITERIA, labelStatus, scoreSummary, weightedScore, type Recommendation, type Scores, type Weights } from '@poleflow/domain';
import { Label } from '../labels/label.entity.js';
import { PoleRef } from '../reference/reference.entity.js';
import { Assignment, type RubricScores } from '../reviews/assignment.entity.js';
import { settingsOf } from '../settings/pole-settings.js';
import { CaseRound, type LabellingCase } from './case.entity.js';
import type { CaseViewer } from './case.access.js';
import type { AssignmentView, CaseSummary, CaseView, LabelBrief, RoundView } from './case.view.js';

/** The plain 0–5 scores of a complete review, or null while a criterion is missing. */
export function completeScores(s: RubricScores | null): Scores | null {
  if (!s) return null;
  const out: Partial<Scores> = {};
  for (const c of CRITERIA) {
    const v = s[c];
    if (!v) return null;
    out[c] = v.score;
  }
  return out as Scores;
}

export function assignmentView(a: Assignment, weights: Weights, now = new Date()): AssignmentView {
  const scores = completeScores(a.scores);
  const hasReview = a.scores !== null || a.recommendation !== null || a.summary !== null;
  return {
    id: a.id, caseId: a.caseId, round: a.round, reviewerUserId: a.reviewerUserId, status: a.status, dueAt: a.dueAt.toISOString(),
    overdue: a.status === 'assigned' && (a.overdueAt !== null || a.dueAt < now), remindedAt: a.remindedAt?.toISOString() ?? null,
    withdrawalReason: a.withdrawalReason, version: a.version,
    review: hasReview ? {
      scores: a.scores ?? {}, recommendation: a.recommendation, summary: a.summary,
      weightedScore: scores ? weightedScore(scores, weights) : null, submittedAt: a.submittedAt?.toISOString() ?? null,
    } : null,
  };
}

const roundView = (r: CaseRound): RoundView => ({
  round: r.round,
  openedAt: r.openedAt.toISOString(),
  admissibility: r.admissibility && { admissible: r.admissibility.admissible, motivation: r.admissibility.motivation, overriddenChecks: r.admissibility.overriddenChecks, decidedAt: r.admissibility.decidedAt },
  decision: r.decision && {
    outcome: r.decision.outcome, motivation: r.decision.motivation, conditions: r.decision.conditions, requestedChanges: r.decision.requestedChanges,
    labelNumber: r.decision.labelNumber, decidedAt: r.decision.decidedAt,
  },
  closedAt: r.closedAt?.toISOString() ?? null,
  closedReason: r.closedReason,
});

export const labelBrief = (l: Label, now = new Date()): LabelBrief => ({
  number: l.number, status: labelStatus(l, now), validUntil: l.validUntil, callRef: l.callRef,
});

export function caseSummary(c: LabellingCase, pole: Pick<PoleRef, 'id' | 'code' | 'name'>): CaseSummary {
  return {
    id: c.id, projectId: c.projectId, acronym: c.acronym, title: c.title, pole: { id: pole.id, code: pole.code, name: pole.name }, lead: c.lead,
    round: c.round, status: c.status, openedAt: c.openedAt.toISOString(), updatedAt: c.updatedAt.toISOString(),
  };
}

/** The case cut for its viewer (case.access.ts says who sees what). */
export async function caseView(em: EntityManager, c: LabellingCase, viewer: CaseViewer, principal: Principal): Promise<CaseView> {
  const pole = await em.findOneOrFail(PoleRef, c.poleId);
  const rounds = await em.find(CaseRound, { caseId: c.id }, { orderBy: { round: 'asc' } });
  const label = await em.findOne(Label, { caseId: c.id });
  const base: CaseView = {
    ...caseSummary(c, pole), viewer, version: c.version, rounds: rounds.map(roundView), label: label ? labelBrief(label) : null,
  };
  if (viewer === 'consortium') return base;
  const current = rounds[rounds.length - 1];
  const settings = await settingsOf(em, c.poleId);
  const mine = viewer === 'reviewer' ? { reviewerUserId: principal.userId } : {};
  const assignments = await em.find(Assignment, { caseId: c.id, round: c.round, status: { $ne: 'cancelled' }, ...mine }, { orderBy: { assignedAt: 'asc', id: 'asc' } });
  const view: CaseView = { ...base, checks: current.checks, project: current.snapshot, weights: settings.weights, assignments: assignments.map((a) => assignmentView(a, settings.weights)) };
  if (viewer === 'reviewer') return view;
  const submitted = assignments.flatMap((a) => {
    const scores = a.status === 'submitted' ? completeScores(a.scores) : null;
    return scores ? [{ scores, recommendation: a.recommendation as Recommendation }] : [];
  });
  const now = new Date();
  return {
    ...view, quorum: settings.quorum, scores: scoreSummary(submitted, settings.weights),
    overdueReviews: assignments.filter((a) => a.status === 'assigned' && (a.overdueAt !== null || a.dueAt < now)).length,
  };
}
