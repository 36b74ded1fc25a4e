import { DomainError } from '../domain-error.js';
import { trancheAmounts } from '../funding/grant.js';

/*
 * A milestone of a funding plan (DOMAIN.md §6): the consortium reports it, the funder validates it (which
 * releases its tranche) or rejects it (back to the consortium). House style: decide/evolve, pure.
 *
 *   planned --report--> reported --validate--> validated (terminal)
 *                       reported --reject--> rejected --report--> reported …
 *   planned | rejected --reschedule--> same status, new due date
 */

export const MILESTONE_KEYS = ['proof_of_concept', 'prototype', 'industrialisation', 'market_launch'] as const;
export type MilestoneKey = (typeof MILESTONE_KEYS)[number];
export const MILESTONE_STATUSES = ['planned', 'reported', 'validated', 'rejected'] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

export interface MilestoneState { status: MilestoneStatus; attempts: number }

export type MilestoneCommand =
  | { type: 'report'; trlReached: number; spentCents: number; summary: string }
  | { type: 'validate'; comment: string }
  | { type: 'reject'; comment: string }
  | { type: 'reschedule'; dueAt: Date; now: Date };

export type MilestoneEvent =
  | { type: 'reported'; attempt: number; trlReached: number; spentCents: number; summary: string }
  | { type: 'validated'; comment: string }
  | { type: 'rejected'; comment: string }
  | { type: 'rescheduled'; dueAt: Date };

const refuse = (cmd: string, status: MilestoneStatus): never => {
  throw new DomainError('INVALID_MILESTONE_TRANSITION', `cannot ${cmd} a milestone that is ${status}`, 409, { command: cmd, status });
};

function assertNever(x: never): never {
  throw new Error(`unexpected value ${JSON.stringify(x)}`);
}

export function decideMilestone(state: MilestoneState, cmd: MilestoneCommand): MilestoneEvent[] {
  switch (cmd.type) {
    case 'report': {
      if (state.status !== 'planned' && state.status !== 'rejected') refuse(cmd.type, state.status);
      if (!Number.isInteger(cmd.trlReached) || cmd.trlReached < 1 || cmd.trlReached > 9) throw new DomainError('INVALID_TRL', 'trlReached must be an integer TRL 1–9', 422);
      if (!Number.isSafeInteger(cmd.spentCents) || cmd.spentCents < 0) throw new DomainError('INVALID_AMOUNT', 'spentCents must be a non-negative number of cents', 422);
      if (!cmd.summary.trim()) throw new DomainError('SUMMARY_REQUIRED', 'a report needs a summary', 422);
      return [{ type: 'reported', attempt: state.attempts + 1, trlReached: cmd.trlReached, spentCents: cmd.spentCents, summary: cmd.summary.trim() }];
    }
    case 'validate':
      if (state.status !== 'reported') refuse(cmd.type, state.status);
      return [{ type: 'validated', comment: cmd.comment.trim() }];
    case 'reject':
      if (state.status !== 'reported') refuse(cmd.type, state.status);
      if (!cmd.comment.trim()) throw new DomainError('COMMENT_REQUIRED', 'a rejection tells the consortium why', 422);
      return [{ type: 'rejected', comment: cmd.comment.trim() }];
    case 'reschedule':
      if (state.status !== 'planned' && state.status !== 'rejected') refuse(cmd.type, state.status);
      if (cmd.dueAt <= cmd.now) throw new DomainError('INVALID_DUE_DATE', 'the due date must be in the future', 422);
      return [{ type: 'rescheduled', dueAt: cmd.dueAt }];
    default:
      return assertNever(cmd);
  }
}

export function evolveMilestone(state: MilestoneState, e: MilestoneEvent): MilestoneState {
  switch (e.type) {
    case 'reported':
      return { status: 'reported', attempts: e.attempt };
    case 'validated':
      return { ...state, status: 'validated' };
    case 'rejected':
      return { ...state, status: 'rejected' };
    case 'rescheduled':
      return state;
    default:
      return assertNever(e);
  }
}

export function executeMilestone(state: MilestoneState, cmd: MilestoneCommand): { events: MilestoneEvent[]; state: MilestoneState } {
  const events = decideMilestone(state, cmd);
  return { events, state: events.reduce(evolveMilestone, state) };
}

/** Waiting for the consortium past its due date. */
export const isOverdue = (s: MilestoneState, dueAt: Date, now: Date): boolean => (s.status === 'planned' || s.status === 'rejected') && now > dueAt;

/** The delivery stage a validated milestone proves (DOMAIN.md §6.2), for the project stage. */
export const milestoneStageOf = (key: MilestoneKey): 'prototype' | 'industrialisation' | null =>
  key === 'prototype' ? 'prototype' : key === 'industrialisation' ? 'industrialisation' : null;

/** TRL expected when each milestone is reached (DOMAIN.md §6.1–6.2). */
export const TRL_EXPECTED: Readonly<Record<MilestoneKey, number>> = { proof_of_concept: 4, prototype: 6, industrialisation: 8, market_launch: 9 };

/** When each milestone falls due, in months from the project start (market launch: 6 months after the end). */
export function dueMonth(key: MilestoneKey, durationMonths: number): number {
  switch (key) {
    case 'proof_of_concept': return Math.ceil(durationMonths * 0.25);
    case 'prototype': return Math.ceil(durationMonths * 0.5);
    case 'industrialisation': return Math.ceil(durationMonths * 0.85);
    case 'market_launch': return durationMonths + 6;
    default: return assertNever(key);
  }
}

/** `date` (YYYY-MM-DD) plus whole months, clamped to the month's last day, at noon UTC. */
export function addMonths(date: string, months: number): Date {
  const [y, m, d] = date.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1, 12));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target;
}

export interface PlannedMilestone {
  key: MilestoneKey; dueAt: Date; trlExpected: number; percent: number; amountCents: number;
  partners: { organisationId: string; amountCents: number }[];
}

/**
 * The plan of a funding decision: one milestone per tranche, in the order of MILESTONE_KEYS, each partner's
 * amount split across the tranches in whole cents that add up exactly to what was granted to it.
 */
export function planMilestones(
  project: { startDate: string; durationMonths: number },
  tranches: readonly { milestone: MilestoneKey; percent: number }[],
  partners: readonly { organisationId: string; amountCents: number }[],
): PlannedMilestone[] {
  const ordered = [...tranches].sort((a, b) => MILESTONE_KEYS.indexOf(a.milestone) - MILESTONE_KEYS.indexOf(b.milestone));
  const split = partners.map((p) => ({ organisationId: p.organisationId, parts: trancheAmounts(p.amountCents, ordered) }));
  return ordered.map((t, i) => {
    const shares = split.map((s) => ({ organisationId: s.organisationId, amountCents: s.parts[i] }));
    return {
      key: t.milestone, dueAt: addMonths(project.startDate, dueMonth(t.milestone, project.durationMonths)), trlExpected: TRL_EXPECTED[t.milestone],
      percent: t.percent, amountCents: shares.reduce((sum, x) => sum + x.amountCents, 0), partners: shares,
    };
  });
}

/**
 * A repayable advance is paid back in yearly instalments (exact cents, the remainder on the first ones),
 * the first one year after `from` (DOMAIN.md §3: recoverable advances). 4 instalments unless told otherwise.
 */
export function repaymentSchedule(amountCents: number, from: string, instalments = 4): { dueDate: string; amountCents: number }[] {
  const base = Math.floor(amountCents / instalments);
  const extra = amountCents - base * instalments;
  return Array.from({ length: instalments }, (_, i) => ({
    dueDate: addMonths(from, 12 * (i + 1)).toISOString().slice(0, 10), amountCents: base + (i < extra ? 1 : 0),
  }));
}
