import fc from 'fast-check';
import { DomainError } from '../domain-error.js';
import {
  assertUnderReview, CASE_STATUSES, COMMITTEE_OUTCOMES, decideCase, evolveCase, executeCase, isOpenCase, OPEN_CASE_STATUSES,
  type CaseCommand, type CaseEvent, type CaseState, type CaseStatus,
} from './case.machine.js';

const commands: Record<CaseCommand['type'], CaseCommand> = {
  admit: { type: 'admit', failedChecks: ['partner_share'], motivation: '  the 71 % share is a rounding of the draft budget ' },
  declare_inadmissible: { type: 'declare_inadmissible', motivation: 'outside the pole themes' },
  decide: { type: 'decide', outcome: 'labelled', motivation: 'strong consortium', reviewCount: 3, quorum: 2, conditions: [' add an SME ', ''] },
  reopen: { type: 'reopen', round: 3 },
  close: { type: 'close', reason: 'project_withdrawn' },
};

const stateIn = (status: CaseStatus): CaseState => ({ status, round: 2 });

const expected: Record<CaseCommand['type'], { events: CaseEvent[]; to: CaseState }> = {
  admit: {
    events: [{ type: 'admitted', overriddenChecks: ['partner_share'], motivation: 'the 71 % share is a rounding of the draft budget' }],
    to: { status: 'under_review', round: 2 },
  },
  declare_inadmissible: {
    events: [{ type: 'declared_inadmissible', motivation: 'outside the pole themes' }],
    to: { status: 'inadmissible', round: 2 },
  },
  decide: {
    events: [{ type: 'decided', outcome: 'labelled', motivation: 'strong consortium', conditions: ['add an SME'], requestedChanges: [] }],
    to: { status: 'labelled', round: 2 },
  },
  reopen: { events: [{ type: 'reopened', round: 3 }], to: { status: 'admissibility', round: 3 } },
  close: { events: [{ type: 'closed', reason: 'project_withdrawn' }], to: { status: 'closed', round: 2 } },
};

const allowed: Record<CaseStatus, CaseCommand['type'][]> = {
  admissibility: ['admit', 'declare_inadmissible', 'reopen', 'close'],
  under_review: ['decide', 'reopen', 'close'],
  labelled: [],
  not_labelled: [],
  support_letter: [],
  revision_requested: ['reopen', 'close'],
  inadmissible: [],
  closed: [],
};

type Row = [CaseStatus, CaseCommand['type'], boolean];
// Every (status × command) pair: 8 × 5 = 40 rows.
const table: Row[] = CASE_STATUSES.flatMap((s) =>
  (Object.keys(commands) as CaseCommand['type'][]).map((c): Row => [s, c, allowed[s].includes(c)]),
);

function caught(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('case machine: decide + evolve over every (status × command)', () => {
  it('the table covers 40 pairs, 9 of them allowed', () => {
    expect(new Set(table.map(([s, c]) => `${s}/${c}`)).size).toBe(40);
    expect(table.filter((r) => r[2])).toHaveLength(9);
  });

  it.each(table.filter((r) => r[2]))('%s + %s → allowed', (status, cmd) => {
    const state = stateIn(status);
    const events = decideCase(state, commands[cmd]);
    expect(events).toStrictEqual(expected[cmd].events);
    expect(events.reduce(evolveCase, state)).toStrictEqual(expected[cmd].to);
    expect(executeCase(state, commands[cmd])).toStrictEqual({ events: expected[cmd].events, state: expected[cmd].to });
  });

  it.each(table.filter((r) => !r[2]))('%s + %s → 409 INVALID_CASE_TRANSITION', (status, cmd) => {
    const e = caught(() => decideCase(stateIn(status), commands[cmd]));
    expect(e).toBeInstanceOf(DomainError);
    expect(e).toMatchObject({
      code: 'INVALID_CASE_TRANSITION',
      status: 409,
      message: `cannot ${cmd} a case that is ${status}`,
      details: { command: cmd, status },
    });
  });

  it('checks the status before the payload (a blank motivation on a closed case is a 409)', () => {
    expect(caught(() => decideCase(stateIn('closed'), { type: 'declare_inadmissible', motivation: ' ' }))).toMatchObject({
      code: 'INVALID_CASE_TRANSITION',
    });
  });
});

describe('case machine: admit', () => {
  const adm = stateIn('admissibility');

  it.each<[string, Extract<CaseCommand, { type: 'admit' }>, CaseEvent]>([
    ['no failed check, no motivation', { type: 'admit', failedChecks: [] }, { type: 'admitted', overriddenChecks: [], motivation: null }],
    ['no failed check, blank motivation', { type: 'admit', failedChecks: [], motivation: '  ' }, { type: 'admitted', overriddenChecks: [], motivation: null }],
    ['no failed check, a motivation', { type: 'admit', failedChecks: [], motivation: ' ok ' }, { type: 'admitted', overriddenChecks: [], motivation: 'ok' }],
    ['only blank failed checks', { type: 'admit', failedChecks: [' ', ''] }, { type: 'admitted', overriddenChecks: [], motivation: null }],
    [
      'failed checks overridden with a motivation',
      { type: 'admit', failedChecks: [' theme_fit', 'partner_share ', ''], motivation: 'fits the 2026 roadmap' },
      { type: 'admitted', overriddenChecks: ['theme_fit', 'partner_share'], motivation: 'fits the 2026 roadmap' },
    ],
  ])('%s', (_label, cmd, event) => {
    expect(decideCase(adm, cmd)).toStrictEqual([event]);
  });

  it.each<[string, string | undefined]>([
    ['missing', undefined],
    ['empty', ''],
    ['blank', ' \n\t '],
  ])('failed checks with a %s motivation → 422 MOTIVATION_REQUIRED', (_label, motivation) => {
    const cmd: CaseCommand = motivation === undefined
      ? { type: 'admit', failedChecks: ['theme_fit'] }
      : { type: 'admit', failedChecks: ['theme_fit'], motivation };
    expect(caught(() => decideCase(adm, cmd))).toMatchObject({ code: 'MOTIVATION_REQUIRED', status: 422 });
  });

  it('does not share the failed-checks array with the command', () => {
    const failed = ['theme_fit'];
    const [event] = decideCase(adm, { type: 'admit', failedChecks: failed, motivation: 'm' });
    failed.push('partner_share');
    expect(event).toEqual({ type: 'admitted', overriddenChecks: ['theme_fit'], motivation: 'm' });
  });
});

describe('case machine: declare_inadmissible', () => {
  it.each(['', '   '])('blank motivation %j → 422 MOTIVATION_REQUIRED', (motivation) => {
    expect(caught(() => decideCase(stateIn('admissibility'), { type: 'declare_inadmissible', motivation }))).toMatchObject({
      code: 'MOTIVATION_REQUIRED',
      status: 422,
    });
  });
});

describe('case machine: decide', () => {
  const rev = stateIn('under_review');
  const base = { type: 'decide', motivation: ' see the report ', reviewCount: 2, quorum: 2 } as const;

  it.each<[string, CaseCommand, CaseEvent, CaseStatus]>([
    ['labelled with conditions', { ...base, outcome: 'labelled', conditions: [' add a lab ', ' '] },
      { type: 'decided', outcome: 'labelled', motivation: 'see the report', conditions: ['add a lab'], requestedChanges: [] }, 'labelled'],
    ['labelled without conditions', { ...base, outcome: 'labelled' },
      { type: 'decided', outcome: 'labelled', motivation: 'see the report', conditions: [], requestedChanges: [] }, 'labelled'],
    ['not_labelled', { ...base, outcome: 'not_labelled' },
      { type: 'decided', outcome: 'not_labelled', motivation: 'see the report', conditions: [], requestedChanges: [] }, 'not_labelled'],
    ['not_labelled with only blank conditions', { ...base, outcome: 'not_labelled', conditions: ['  '] },
      { type: 'decided', outcome: 'not_labelled', motivation: 'see the report', conditions: [], requestedChanges: [] }, 'not_labelled'],
    ['support_letter', { ...base, outcome: 'support_letter' },
      { type: 'decided', outcome: 'support_letter', motivation: 'see the report', conditions: [], requestedChanges: [] }, 'support_letter'],
    ['revision_requested', { ...base, outcome: 'revision_requested', requestedChanges: [' clarify the budget', '', 'add a market study '] },
      { type: 'decided', outcome: 'revision_requested', motivation: 'see the report', conditions: [], requestedChanges: ['clarify the budget', 'add a market study'] },
      'revision_requested'],
    ['more reviews than the quorum', { ...base, reviewCount: 5, outcome: 'not_labelled' },
      { type: 'decided', outcome: 'not_labelled', motivation: 'see the report', conditions: [], requestedChanges: [] }, 'not_labelled'],
  ])('%s', (_label, cmd, event, status) => {
    expect(executeCase(rev, cmd)).toStrictEqual({ events: [event], state: { status, round: 2 } });
  });

  it.each(COMMITTEE_OUTCOMES)('outcome %s leads to the status of the same name', (outcome) => {
    const cmd: CaseCommand = { ...base, outcome, requestedChanges: ['x'] };
    expect(executeCase(rev, cmd).state.status).toBe(outcome);
  });

  it.each<[string, CaseCommand, { code: string; status: number; details?: unknown }]>([
    ['below quorum', { ...base, outcome: 'labelled', reviewCount: 1, quorum: 2 },
      { code: 'QUORUM_NOT_REACHED', status: 409, details: { reviewCount: 1, quorum: 2 } }],
    ['no review', { ...base, outcome: 'not_labelled', reviewCount: 0, quorum: 1 },
      { code: 'QUORUM_NOT_REACHED', status: 409, details: { reviewCount: 0, quorum: 1 } }],
    ['blank motivation', { ...base, outcome: 'labelled', motivation: '  ' }, { code: 'MOTIVATION_REQUIRED', status: 422 }],
    ['revision without changes', { ...base, outcome: 'revision_requested' }, { code: 'REQUESTED_CHANGES_REQUIRED', status: 422 }],
    ['revision with blank changes only', { ...base, outcome: 'revision_requested', requestedChanges: [' ', ''] },
      { code: 'REQUESTED_CHANGES_REQUIRED', status: 422 }],
    ['conditions with not_labelled', { ...base, outcome: 'not_labelled', conditions: ['add a lab'] },
      { code: 'CONDITIONS_NOT_ALLOWED', status: 422, details: { outcome: 'not_labelled' } }],
    ['conditions with support_letter', { ...base, outcome: 'support_letter', conditions: ['x'] }, { code: 'CONDITIONS_NOT_ALLOWED', status: 422 }],
    ['conditions with revision_requested', { ...base, outcome: 'revision_requested', conditions: ['x'], requestedChanges: ['y'] },
      { code: 'CONDITIONS_NOT_ALLOWED', status: 422 }],
    ['quorum is checked before the motivation', { ...base, outcome: 'labelled', motivation: '', reviewCount: 0 },
      { code: 'QUORUM_NOT_REACHED', status: 409 }],
  ])('%s → refused', (_label, cmd, error) => {
    const e = caught(() => decideCase(rev, cmd));
    expect(e).toBeInstanceOf(DomainError);
    expect(e).toMatchObject(error);
  });
});

describe('case machine: reopen and close', () => {
  it.each<[CaseStatus, number]>([
    ['admissibility', 2],
    ['admissibility', 1],
    ['under_review', 2],
    ['revision_requested', 0],
  ])('%s (round 2) + reopen round %i → 409 INVALID_CASE_TRANSITION', (status, round) => {
    expect(caught(() => decideCase(stateIn(status), { type: 'reopen', round }))).toMatchObject({
      code: 'INVALID_CASE_TRANSITION',
      status: 409,
      details: { command: 'reopen', status, round, currentRound: 2 },
    });
  });

  it('refuses a non-integer round', () => {
    expect(caught(() => decideCase(stateIn('revision_requested'), { type: 'reopen', round: 2.5 }))).toMatchObject({
      code: 'INVALID_CASE_TRANSITION',
    });
  });

  it('reopens on a later round, skipping rounds if need be', () => {
    expect(executeCase(stateIn('under_review'), { type: 'reopen', round: 7 }).state).toEqual({ status: 'admissibility', round: 7 });
  });

  it.each(['project_withdrawn', 'pole_removed'] as const)('close carries its reason %s', (reason) => {
    expect(executeCase(stateIn('revision_requested'), { type: 'close', reason })).toStrictEqual({
      events: [{ type: 'closed', reason }],
      state: { status: 'closed', round: 2 },
    });
  });
});

describe('case machine: lifecycle', () => {
  it('admissibility → review → revision → resubmission → label', () => {
    let s: CaseState = { status: 'admissibility', round: 1 };
    s = executeCase(s, { type: 'admit', failedChecks: [] }).state;
    s = executeCase(s, { type: 'decide', outcome: 'revision_requested', motivation: 'm', reviewCount: 2, quorum: 2, requestedChanges: ['c'] }).state;
    expect(s).toEqual({ status: 'revision_requested', round: 1 });
    s = executeCase(s, { type: 'reopen', round: 2 }).state;
    s = executeCase(s, { type: 'admit', failedChecks: [] }).state;
    s = executeCase(s, { type: 'decide', outcome: 'labelled', motivation: 'm', reviewCount: 2, quorum: 2 }).state;
    expect(s).toEqual({ status: 'labelled', round: 2 });
  });

  it('never leaves a decided, inadmissible or closed case, whatever the command sequence', () => {
    const final: CaseStatus[] = ['labelled', 'not_labelled', 'support_letter', 'inadmissible', 'closed'];
    const cmd = fc.constantFrom<CaseCommand>(
      ...Object.values(commands),
      { type: 'decide', outcome: 'revision_requested', motivation: 'm', reviewCount: 1, quorum: 1, requestedChanges: ['c'] },
      { type: 'reopen', round: 50 },
    );
    fc.assert(
      fc.property(fc.array(cmd, { maxLength: 12 }), (seq) => {
        let s: CaseState = { status: 'admissibility', round: 1 };
        for (const c of seq) {
          const before = s;
          try {
            s = executeCase(s, c).state;
          } catch (e) {
            expect((e as DomainError).code).toBe('INVALID_CASE_TRANSITION');
          }
          if (final.includes(before.status)) expect(s).toBe(before);
          expect(s.round).toBeGreaterThanOrEqual(before.round);
        }
      }),
    );
  });
});

describe('open cases and assertUnderReview', () => {
  it.each(CASE_STATUSES.map((s) => [s, s === 'admissibility' || s === 'under_review'] as const))('%s open: %p', (status, open) => {
    expect(isOpenCase(status)).toBe(open);
  });

  it('lists the open statuses', () => {
    expect(OPEN_CASE_STATUSES).toEqual(['admissibility', 'under_review']);
  });

  it.each(CASE_STATUSES)('%s', (status) => {
    if (status === 'under_review') {
      expect(() => assertUnderReview(stateIn(status))).not.toThrow();
      return;
    }
    expect(caught(() => assertUnderReview(stateIn(status)))).toMatchObject({
      code: 'CASE_NOT_UNDER_REVIEW',
      status: 409,
      details: { status },
    });
  });
});
