/*
 * Project stage as the tracker derives it from wire events, "from conception to market"
 * (DOMAIN.md §6.2 and §10: conception → labelling → funding → prototype/industrialisation →
 * commercialisation). A projection: it never refuses an event, it only moves or keeps the stage.
 */

export const PROJECT_STAGES = [
  'conception',
  'submitted',
  'in_labelling',
  'labelled',
  'funding_requested',
  'funded',
  'prototype',
  'industrialisation',
  'market',
  'revision_requested',
  'not_labelled',
  'not_funded',
  'withdrawn',
] as const;
export type ProjectStage = (typeof PROJECT_STAGES)[number];

/** Nothing moves a project out of these. */
export const TERMINAL_STAGES: readonly ProjectStage[] = ['withdrawn', 'market'];

/** A label has been obtained (or a later step reached): a new labelling case does not set it back. */
const LABELLED_OR_BEYOND: readonly ProjectStage[] = [
  'labelled',
  'funding_requested',
  'funded',
  'not_funded',
  'prototype',
  'industrialisation',
  'market',
];

export function isTerminalStage(stage: ProjectStage): boolean {
  return TERMINAL_STAGES.includes(stage);
}

/** Optional detail a milestone carries: the delivery stage it validates. */
export interface StageHint {
  milestoneStage?: 'prototype' | 'industrialisation';
}

/** Wire event types that map directly to a stage, whatever the current (non-terminal) stage. */
const DIRECT: Readonly<Record<string, ProjectStage>> = {
  'project.created': 'conception',
  'project.submitted': 'submitted',
  'project.resubmitted': 'submitted',
  'project.withdrawn': 'withdrawn',
  'label.granted': 'labelled',
  'label.refused': 'not_labelled',
  'label.revision_requested': 'revision_requested',
  'funding.requested': 'funding_requested',
  'funding.granted': 'funded',
  'funding.refused': 'not_funded',
  'project.market_launched': 'market',
};

/**
 * Next stage after a wire event. Unknown event types keep the current stage; `withdrawn` and
 * `market` are terminal. `milestone.validated` keeps the stage unless it says which delivery
 * stage it validates (prototype, then industrialisation; never backwards).
 */
export function nextStage(current: ProjectStage, eventType: string, hint?: StageHint): ProjectStage {
  if (isTerminalStage(current)) return current;
  if (eventType === 'labelling.case_opened') return LABELLED_OR_BEYOND.includes(current) ? current : 'in_labelling';
  if (eventType === 'milestone.validated') {
    const target = hint?.milestoneStage;
    if (target === undefined) return current;
    if (target === 'prototype' && current === 'industrialisation') return current;
    return target;
  }
  return Object.prototype.hasOwnProperty.call(DIRECT, eventType) ? DIRECT[eventType] : current;
}

// ---------------------------------------------------------------------------------------------
// Labelling: with co-labelling, the stage is the aggregate of the project's cases (one per pole),
// never the last labelling event.
// ---------------------------------------------------------------------------------------------

export const LABELLING_CASE_STATUSES = [
  'open', 'labelled', 'not_labelled', 'support_letter', 'revision_requested', 'inadmissible', 'revoked', 'closed',
] as const;
export type LabellingCaseStatus = (typeof LABELLING_CASE_STATUSES)[number];

/** Past labelling: a labelling event (a late or new case) never moves the project back from these. */
const PAST_LABELLING: readonly ProjectStage[] = ['funding_requested', 'funded', 'not_funded', 'prototype', 'industrialisation', 'market'];

/**
 * The stage the project's labelling cases add up to; order-independent. Closed cases do not count (null when
 * none is left). One revision request holds the whole project; else an open case means still in labelling;
 * else one label is enough; else (refused, inadmissible, support letter, revoked) not labelled.
 */
export function labellingStage(cases: readonly LabellingCaseStatus[]): ProjectStage | null {
  const live = cases.filter((c) => c !== 'closed');
  if (!live.length) return null;
  if (live.includes('revision_requested')) return 'revision_requested';
  if (live.includes('open')) return 'in_labelling';
  if (live.includes('labelled')) return 'labelled';
  return 'not_labelled';
}

export interface LabellingCaseRound {
  status: LabellingCaseStatus;
  /** The project's submission round the case reviews. */
  round: number;
}

/**
 * The stage after a labelling event: `current` when terminal or past labelling, else the aggregate of the
 * cases (`current` when none counts). A revision requested in a round before `round` (the project's latest
 * submission round) was answered by that resubmission, so it no longer holds the project.
 */
export function stageAfterLabelling(current: ProjectStage, cases: readonly LabellingCaseRound[], round: number): ProjectStage {
  if (isTerminalStage(current) || PAST_LABELLING.includes(current)) return current;
  const live = cases.filter((c) => !(c.status === 'revision_requested' && c.round < round)).map((c) => c.status);
  return labellingStage(live) ?? current;
}

// ---------------------------------------------------------------------------------------------
// Funding: a project may apply to several calls (several funders); the stage is the aggregate of
// its applications, never the last funding event.
// ---------------------------------------------------------------------------------------------

export const FUNDING_APPLICATION_STATUSES = ['requested', 'eligible', 'ineligible', 'granted', 'refused'] as const;
export type FundingApplicationStatus = (typeof FUNDING_APPLICATION_STATUSES)[number];

/**
 * The stage the project's funding applications add up to; order-independent (null when there is none). One
 * grant is enough to be funded; not funded only when every application was refused; else (requested, being
 * assessed, eligible or not yet decided, ineligible until a re-assessment) funding requested.
 */
export function fundingStage(statuses: readonly FundingApplicationStatus[]): ProjectStage | null {
  if (!statuses.length) return null;
  if (statuses.includes('granted')) return 'funded';
  if (statuses.every((s) => s === 'refused')) return 'not_funded';
  return 'funding_requested';
}

/** Delivery has started (or the project is over): a funding event never moves it back. */
const PAST_FUNDING: readonly ProjectStage[] = ['prototype', 'industrialisation', 'market', 'withdrawn'];

/**
 * The stage after a funding event: `current` when the project is withdrawn or already in delivery (prototype,
 * industrialisation, market), else the aggregate of its applications (`current` when it has none). A funding
 * event moves a project on from any labelling stage: a call may not require a label.
 */
export function stageAfterFunding(current: ProjectStage, applications: readonly FundingApplicationStatus[]): ProjectStage {
  if (PAST_FUNDING.includes(current)) return current;
  return fundingStage(applications) ?? current;
}

/**
 * An application's status after a funding event. A decision (granted, refused) is final: a later
 * re-assessment of eligibility (a label revoked, the call changed) is kept on the timeline but does not undo it.
 */
export function applicationStatusAfter(
  current: FundingApplicationStatus | null,
  event: { type: 'funding.requested' } | { type: 'eligibility.assessed'; eligible: boolean } | { type: 'funding.granted' } | { type: 'funding.refused' },
): FundingApplicationStatus {
  switch (event.type) {
    case 'funding.requested':
      return current ?? 'requested';
    case 'eligibility.assessed':
      return current === 'granted' || current === 'refused' ? current : event.eligible ? 'eligible' : 'ineligible';
    case 'funding.granted':
      return 'granted';
    case 'funding.refused':
      return 'refused';
  }
}
