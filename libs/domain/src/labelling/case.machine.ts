import { DomainError } from '../domain-error.js';

/*
 * A labelling case: one pole reviewing one project (DOMAIN.md §2.2, §2.4). One case per pole
 * targeted by the project; `round` is the project's submission round the case currently reviews.
 *
 *   admissibility --admit--> under_review --decide--> labelled | not_labelled | support_letter | revision_requested
 *   admissibility --declare_inadmissible--> inadmissible
 *   admissibility | under_review | revision_requested --reopen(round)--> admissibility (a resubmission)
 *   admissibility | under_review | revision_requested --close--> closed
 *
 * labelled, not_labelled, support_letter, inadmissible and closed accept no command: a label is
 * revoked through the label (label.ts), not through the case.
 *
 * Order of the checks in `decide`: status (409), then quorum (409), then the payload (422).
 */

export const CASE_STATUSES = [
  'admissibility',
  'under_review',
  'labelled',
  'not_labelled',
  'support_letter',
  'revision_requested',
  'inadmissible',
  'closed',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const COMMITTEE_OUTCOMES = ['labelled', 'not_labelled', 'revision_requested', 'support_letter'] as const;
export type CommitteeOutcome = (typeof COMMITTEE_OUTCOMES)[number];

export interface CaseState {
  status: CaseStatus;
  /** The project's submission round the case currently reviews. */
  round: number;
}

export type CaseCommand =
  | { type: 'admit'; failedChecks: string[]; motivation?: string }
  | { type: 'declare_inadmissible'; motivation: string }
  | {
      type: 'decide';
      outcome: CommitteeOutcome;
      motivation: string;
      reviewCount: number;
      quorum: number;
      conditions?: string[];
      requestedChanges?: string[];
    }
  | { type: 'reopen'; round: number }
  | { type: 'close'; reason: 'project_withdrawn' | 'pole_removed' };

export type CaseCommandType = CaseCommand['type'];

/** Domain events (facts of this aggregate), not wire events: the service maps them to contracts. */
export type CaseEvent =
  | { type: 'admitted'; overriddenChecks: string[]; motivation: string | null }
  | { type: 'declared_inadmissible'; motivation: string }
  | { type: 'decided'; outcome: CommitteeOutcome; motivation: string; conditions: string[]; requestedChanges: string[] }
  | { type: 'reopened'; round: number }
  | { type: 'closed'; reason: 'project_withdrawn' | 'pole_removed' };

/** Statuses in which the pole still has to act on the case. */
export const OPEN_CASE_STATUSES: readonly CaseStatus[] = ['admissibility', 'under_review'];

export function isOpenCase(s: CaseStatus): boolean {
  return OPEN_CASE_STATUSES.includes(s);
}

/** Which statuses accept each command. */
const ALLOWED_FROM: Readonly<Record<CaseCommandType, readonly CaseStatus[]>> = {
  admit: ['admissibility'],
  declare_inadmissible: ['admissibility'],
  decide: ['under_review'],
  reopen: ['admissibility', 'under_review', 'revision_requested'],
  close: ['admissibility', 'under_review', 'revision_requested'],
};

function assertNever(x: never): never {
  throw new Error(`unexpected value ${JSON.stringify(x)}`);
}

function refuse(cmd: CaseCommandType, status: CaseStatus): never {
  throw new DomainError('INVALID_CASE_TRANSITION', `cannot ${cmd} a case that is ${status}`, 409, { command: cmd, status });
}

function requireMotivation(cmd: CaseCommandType, motivation: string | undefined, message: string): string {
  const m = motivation?.trim() ?? '';
  if (m === '') throw new DomainError('MOTIVATION_REQUIRED', message, 422, { command: cmd });
  return m;
}

/** Trims every entry and drops the blank ones. */
const cleanList = (xs: readonly string[] | undefined): string[] => (xs ?? []).map((x) => x.trim()).filter((x) => x !== '');

export function decideCase(state: CaseState, cmd: CaseCommand): CaseEvent[] {
  if (!ALLOWED_FROM[cmd.type].includes(state.status)) refuse(cmd.type, state.status);

  switch (cmd.type) {
    case 'admit': {
      const overriddenChecks = cleanList(cmd.failedChecks);
      if (overriddenChecks.length > 0) {
        const motivation = requireMotivation(
          cmd.type,
          cmd.motivation,
          `a motivation is required to admit a case despite failed checks (${overriddenChecks.join(', ')})`,
        );
        return [{ type: 'admitted', overriddenChecks, motivation }];
      }
      const motivation = cmd.motivation?.trim() ?? '';
      return [{ type: 'admitted', overriddenChecks, motivation: motivation === '' ? null : motivation }];
    }
    case 'declare_inadmissible':
      return [
        {
          type: 'declared_inadmissible',
          motivation: requireMotivation(cmd.type, cmd.motivation, 'a motivation is required to declare a case inadmissible'),
        },
      ];
    case 'decide': {
      if (cmd.reviewCount < cmd.quorum) {
        throw new DomainError(
          'QUORUM_NOT_REACHED',
          `the committee needs ${cmd.quorum} review(s) to decide, found ${cmd.reviewCount}`,
          409,
          { reviewCount: cmd.reviewCount, quorum: cmd.quorum },
        );
      }
      const motivation = requireMotivation(cmd.type, cmd.motivation, 'a motivation is required for a committee decision');
      const conditions = cleanList(cmd.conditions);
      const requestedChanges = cleanList(cmd.requestedChanges);
      if (conditions.length > 0 && cmd.outcome !== 'labelled') {
        throw new DomainError('CONDITIONS_NOT_ALLOWED', `conditions are only allowed with outcome labelled, not ${cmd.outcome}`, 422, {
          outcome: cmd.outcome,
        });
      }
      if (cmd.outcome === 'revision_requested' && requestedChanges.length === 0) {
        throw new DomainError('REQUESTED_CHANGES_REQUIRED', 'a revision request needs at least one requested change', 422);
      }
      return [{ type: 'decided', outcome: cmd.outcome, motivation, conditions, requestedChanges }];
    }
    case 'reopen':
      if (!(Number.isInteger(cmd.round) && cmd.round > state.round)) {
        throw new DomainError(
          'INVALID_CASE_TRANSITION',
          `cannot reopen a case for round ${cmd.round}: it already reviews round ${state.round}`,
          409,
          { command: cmd.type, status: state.status, round: cmd.round, currentRound: state.round },
        );
      }
      return [{ type: 'reopened', round: cmd.round }];
    case 'close':
      return [{ type: 'closed', reason: cmd.reason }];
    default:
      return assertNever(cmd);
  }
}

/** Applies a fact; never refuses (facts already happened). */
export function evolveCase(state: CaseState, e: CaseEvent): CaseState {
  switch (e.type) {
    case 'admitted':
      return { ...state, status: 'under_review' };
    case 'declared_inadmissible':
      return { ...state, status: 'inadmissible' };
    case 'decided':
      return { ...state, status: e.outcome };
    case 'reopened':
      return { status: 'admissibility', round: e.round };
    case 'closed':
      return { ...state, status: 'closed' };
    default:
      return assertNever(e);
  }
}

/** Convenience: decide then fold the events; returns both. */
export function executeCase(state: CaseState, cmd: CaseCommand): { events: CaseEvent[]; state: CaseState } {
  const events = decideCase(state, cmd);
  return { events, state: events.reduce(evolveCase, state) };
}

/** Reviewers are assigned and reviews written only while the case is under review. */
export function assertUnderReview(state: CaseState): void {
  if (state.status !== 'under_review') {
    throw new DomainError('CASE_NOT_UNDER_REVIEW', `the case is ${state.status}, not under review`, 409, { status: state.status });
  }
}
