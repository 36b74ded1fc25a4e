import fc from 'fast-check';
import { DomainError } from '../domain-error.js';
import {
  MILESTONE_STATUSES, addMonths, decideMilestone, executeMilestone, isOverdue, milestoneStageOf, planMilestones, repaymentSchedule,
  type MilestoneCommand, type MilestoneStatus,
} from './milestone.machine.js';

const now = new Date('2027-01-01T00:00:00Z');
const commands: Record<MilestoneCommand['type'], MilestoneCommand> = {
  report: { type: 'report', trlReached: 6, spentCents: 100, summary: 'prototype flew' },
  validate: { type: 'validate', comment: 'ok' },
  reject: { type: 'reject', comment: 'evidence missing' },
  reschedule: { type: 'reschedule', dueAt: new Date('2027-06-01T00:00:00Z'), now },
};
const ALLOWED: Record<MilestoneStatus, MilestoneCommand['type'][]> = {
  planned: ['report', 'reschedule'], reported: ['validate', 'reject'], validated: [], rejected: ['report', 'reschedule'],
};
const codeOf = (f: () => unknown): string => {
  try { f(); } catch (e) { return (e as DomainError).code; }
  return 'none';
};

describe('milestone machine', () => {
  for (const status of MILESTONE_STATUSES) {
    for (const [type, cmd] of Object.entries(commands) as [MilestoneCommand['type'], MilestoneCommand][]) {
      const allowed = ALLOWED[status].includes(type);
      it(`${allowed ? 'allows' : 'refuses'} ${type} when ${status}`, () => {
        if (allowed) expect(decideMilestone({ status, attempts: 1 }, cmd)).toHaveLength(1);
        else expect(codeOf(() => decideMilestone({ status, attempts: 1 }, cmd))).toBe('INVALID_MILESTONE_TRANSITION');
      });
    }
  }

  it('counts report attempts across a rejection, and ends validated', () => {
    let s = executeMilestone({ status: 'planned', attempts: 0 }, commands.report).state;
    s = executeMilestone(s, commands.reject).state;
    const again = executeMilestone(s, commands.report);
    expect(again.events[0]).toMatchObject({ type: 'reported', attempt: 2 });
    expect(executeMilestone(again.state, commands.validate).state).toEqual({ status: 'validated', attempts: 2 });
  });

  it.each([
    [{ type: 'report', trlReached: 10, spentCents: 0, summary: 'x' }, 'INVALID_TRL'],
    [{ type: 'report', trlReached: 5, spentCents: -1, summary: 'x' }, 'INVALID_AMOUNT'],
    [{ type: 'report', trlReached: 5, spentCents: 0, summary: '  ' }, 'SUMMARY_REQUIRED'],
    [{ type: 'reschedule', dueAt: now, now }, 'INVALID_DUE_DATE'],
  ] as [MilestoneCommand, string][])('refuses bad input %#', (cmd, code) => {
    expect(codeOf(() => decideMilestone({ status: 'planned', attempts: 0 }, cmd))).toBe(code);
  });

  it('needs a comment to reject', () => {
    expect(codeOf(() => decideMilestone({ status: 'reported', attempts: 1 }, { type: 'reject', comment: ' ' }))).toBe('COMMENT_REQUIRED');
  });

  it('is overdue only while waiting for the consortium past the due date', () => {
    const due = new Date('2026-12-31T00:00:00Z');
    expect(isOverdue({ status: 'planned', attempts: 0 }, due, now)).toBe(true);
    expect(isOverdue({ status: 'rejected', attempts: 1 }, due, now)).toBe(true);
    expect(isOverdue({ status: 'reported', attempts: 1 }, due, now)).toBe(false);
    expect(isOverdue({ status: 'planned', attempts: 0 }, now, now)).toBe(false);
  });

  it('maps milestones to delivery stages', () => {
    expect([milestoneStageOf('proof_of_concept'), milestoneStageOf('prototype'), milestoneStageOf('industrialisation'), milestoneStageOf('market_launch')])
      .toEqual([null, 'prototype', 'industrialisation', null]);
  });
});

describe('plans and amounts', () => {
  it('clamps month ends and keeps noon UTC', () => {
    expect(addMonths('2027-01-31', 1).toISOString()).toBe('2027-02-28T12:00:00.000Z');
    expect(addMonths('2027-03-15', 12).toISOString()).toBe('2028-03-15T12:00:00.000Z');
  });

  it('plans one milestone per tranche in delivery order, due along the project', () => {
    const plan = planMilestones({ startDate: '2027-01-01', durationMonths: 36 },
      [{ milestone: 'market_launch', percent: 30 }, { milestone: 'prototype', percent: 30 }, { milestone: 'industrialisation', percent: 40 }],
      [{ organisationId: 'a', amountCents: 40_000_000 }, { organisationId: 'b', amountCents: 30_000_001 }]);
    expect(plan.map((m) => [m.key, m.dueAt.toISOString().slice(0, 10), m.trlExpected, m.percent])).toEqual([
      ['prototype', '2028-07-01', 6, 30], ['industrialisation', '2029-08-01', 8, 40], ['market_launch', '2030-07-01', 9, 30],
    ]);
    expect(plan.map((m) => m.partners.find((p) => p.organisationId === 'b')!.amountCents)).toEqual([9_000_000, 12_000_001, 9_000_000]);
  });

  it('splits every partner exactly across tranches (property)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 1e11 }), { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 98 }), (amounts, first) => {
      const tranches = [{ milestone: 'prototype' as const, percent: first }, { milestone: 'market_launch' as const, percent: 100 - first }];
      const plan = planMilestones({ startDate: '2027-01-01', durationMonths: 24 }, tranches, amounts.map((a, i) => ({ organisationId: `p${i}`, amountCents: a })));
      amounts.forEach((a, i) => expect(plan.reduce((s, m) => s + m.partners[i].amountCents, 0)).toBe(a));
      expect(plan.reduce((s, m) => s + m.amountCents, 0)).toBe(amounts.reduce((s, a) => s + a, 0));
    }));
  });

  it('schedules a repayable advance in yearly instalments that add up exactly', () => {
    expect(repaymentSchedule(1_000_003, '2030-07-01')).toEqual([
      { dueDate: '2031-07-01', amountCents: 250_001 }, { dueDate: '2032-07-01', amountCents: 250_001 },
      { dueDate: '2033-07-01', amountCents: 250_001 }, { dueDate: '2034-07-01', amountCents: 250_000 },
    ]);
  });
});
