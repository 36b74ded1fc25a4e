import fc from 'fast-check';
import { DomainError } from './domain-error.js';
import {
  assertSubmittable, canResubmit, canSubmit, decide, evolve, execute, initialProjectState, isEditable, PROJECT_STATUSES,
  validateForSubmission, type ProjectCommand, type ProjectEvent, type ProjectState, type ProjectStatus,
  type SubmittableProject,
} from './project.machine.js';

const commands: Record<ProjectCommand['type'], ProjectCommand> = {
  submit: { type: 'submit' },
  request_revision: { type: 'request_revision', poleId: 'pole-1', requestedChanges: ['clarify the budget'] },
  resubmit: { type: 'resubmit' },
  withdraw: { type: 'withdraw', reason: 'consortium dissolved' },
};

/** Round of a project in each status, as reached through the allowed transitions. */
const stateIn = (status: ProjectStatus): ProjectState => ({ status, round: status === 'draft' ? 0 : status === 'resubmitted' ? 2 : 1 });

type Row = [ProjectStatus, ProjectCommand['type'], { events: ProjectEvent[]; state: ProjectState } | 'refused'];

// Every (status × command) pair: 5 × 4 = 20 rows.
const table: Row[] = [
  ['draft', 'submit', { events: [{ type: 'submitted' }], state: { status: 'submitted', round: 1 } }],
  ['draft', 'request_revision', 'refused'],
  ['draft', 'resubmit', 'refused'],
  ['draft', 'withdraw', { events: [{ type: 'withdrawn', reason: 'consortium dissolved' }], state: { status: 'withdrawn', round: 0 } }],

  ['submitted', 'submit', 'refused'],
  ['submitted', 'request_revision', {
    events: [{ type: 'revision_requested', poleId: 'pole-1', requestedChanges: ['clarify the budget'] }],
    state: { status: 'revision_requested', round: 1 },
  }],
  ['submitted', 'resubmit', 'refused'],
  ['submitted', 'withdraw', { events: [{ type: 'withdrawn', reason: 'consortium dissolved' }], state: { status: 'withdrawn', round: 1 } }],

  ['revision_requested', 'submit', 'refused'],
  ['revision_requested', 'request_revision', 'refused'],
  ['revision_requested', 'resubmit', { events: [{ type: 'resubmitted', round: 2 }], state: { status: 'resubmitted', round: 2 } }],
  ['revision_requested', 'withdraw', { events: [{ type: 'withdrawn', reason: 'consortium dissolved' }], state: { status: 'withdrawn', round: 1 } }],

  ['resubmitted', 'submit', 'refused'],
  ['resubmitted', 'request_revision', {
    events: [{ type: 'revision_requested', poleId: 'pole-1', requestedChanges: ['clarify the budget'] }],
    state: { status: 'revision_requested', round: 2 },
  }],
  ['resubmitted', 'resubmit', 'refused'],
  ['resubmitted', 'withdraw', { events: [{ type: 'withdrawn', reason: 'consortium dissolved' }], state: { status: 'withdrawn', round: 2 } }],

  ['withdrawn', 'submit', 'refused'],
  ['withdrawn', 'request_revision', 'refused'],
  ['withdrawn', 'resubmit', 'refused'],
  ['withdrawn', 'withdraw', 'refused'],
];

describe('project machine: decide + evolve over every (status × command)', () => {
  it('the table covers every pair exactly once', () => {
    const pairs = new Set(table.map(([s, c]) => `${s}/${c}`));
    expect(pairs.size).toBe(PROJECT_STATUSES.length * Object.keys(commands).length);
  });

  it.each(table.filter((r) => r[2] !== 'refused'))('%s + %s → allowed', (status, cmd, expected) => {
    const state = stateIn(status);
    const events = decide(state, commands[cmd]);
    expect(events).toEqual(expected !== 'refused' && expected.events);
    expect(events.reduce(evolve, state)).toEqual(expected !== 'refused' && expected.state);
    expect(execute(state, commands[cmd])).toEqual(expected);
  });

  it.each(table.filter((r) => r[2] === 'refused'))('%s + %s → INVALID_TRANSITION', (status, cmd) => {
    let caught: unknown;
    try {
      decide(stateIn(status), commands[cmd]);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect(caught).toMatchObject({
      code: 'INVALID_TRANSITION',
      status: 409,
      message: `cannot ${cmd} a project that is ${status}`,
    });
  });
});

describe('project machine: details', () => {
  it('starts as a never-submitted draft', () => {
    expect(initialProjectState).toEqual({ status: 'draft', round: 0 });
  });

  it('withdraw without a reason emits no reason', () => {
    expect(decide(stateIn('draft'), { type: 'withdraw' })).toStrictEqual([{ type: 'withdrawn' }]);
  });

  it('does not share the requested-changes array with the command', () => {
    const changes = ['a'];
    const [event] = decide(stateIn('submitted'), { type: 'request_revision', poleId: 'p', requestedChanges: changes });
    changes.push('b');
    expect(event).toEqual({ type: 'revision_requested', poleId: 'p', requestedChanges: ['a'] });
  });

  it('counts rounds: n revision cycles end in round n + 1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), (cycles) => {
        let s = execute(initialProjectState, commands.submit).state;
        for (let i = 0; i < cycles; i++) {
          s = execute(s, commands.request_revision).state;
          s = execute(s, commands.resubmit).state;
        }
        expect(s).toEqual({ status: cycles === 0 ? 'submitted' : 'resubmitted', round: cycles + 1 });
      }),
    );
  });

  it('never leaves withdrawn, whatever the command sequence', () => {
    const cmd = fc.constantFrom(...Object.values(commands));
    fc.assert(
      fc.property(fc.array(cmd, { maxLength: 12 }), (seq) => {
        let s: ProjectState = initialProjectState;
        let withdrawn = false;
        for (const c of seq) {
          try {
            s = execute(s, c).state;
          } catch (e) {
            expect((e as DomainError).code).toBe('INVALID_TRANSITION');
          }
          if (withdrawn) expect(s.status).toBe('withdrawn');
          withdrawn = s.status === 'withdrawn';
        }
      }),
    );
  });

  it.each<[ProjectStatus, boolean, boolean, boolean]>([
    ['draft', true, true, false],
    ['submitted', false, false, false],
    ['revision_requested', true, false, true],
    ['resubmitted', false, false, false],
    ['withdrawn', false, false, false],
  ])('%s: editable %p, canSubmit %p, canResubmit %p', (status, editable, submit, resubmit) => {
    expect(isEditable(status)).toBe(editable);
    expect(canSubmit(status)).toBe(submit);
    expect(canResubmit(status)).toBe(resubmit);
  });
});

describe('validateForSubmission', () => {
  const valid: SubmittableProject = {
    trlStart: 3,
    trlTarget: 6,
    poles: ['pole-a', 'pole-b'],
    partners: [
      { organisationId: 'org-1', role: 'coordinator', kind: 'company', totalCostCents: 100_000_00 },
      { organisationId: 'org-2', role: 'partner', kind: 'research_organisation', totalCostCents: 50_000_00 },
    ],
  };
  const p = valid.partners;

  it('accepts a complete project', () => {
    expect(validateForSubmission(valid)).toEqual([]);
    expect(() => assertSubmittable(valid)).not.toThrow();
  });

  it('accepts a single coordinator and equal TRLs', () => {
    expect(validateForSubmission({ ...valid, trlStart: 9, trlTarget: 9, partners: [p[0]] })).toEqual([]);
  });

  it.each<[string, Partial<SubmittableProject>, { path: string; message: string }[]]>([
    ['no pole', { poles: [] }, [{ path: 'poles', message: 'at least one targeted pole is required' }]],
    ['duplicate pole', { poles: ['pole-a', 'pole-b', 'pole-a'] }, [{ path: 'poles[2]', message: 'pole pole-a is targeted twice' }]],
    ['trlStart 0', { trlStart: 0 }, [{ path: 'trlStart', message: 'must be an integer TRL between 1 and 9' }]],
    ['trlTarget 10', { trlTarget: 10 }, [{ path: 'trlTarget', message: 'must be an integer TRL between 1 and 9' }]],
    ['trlStart 2.5', { trlStart: 2.5 }, [{ path: 'trlStart', message: 'must be an integer TRL between 1 and 9' }]],
    ['target below start', { trlStart: 6, trlTarget: 5 }, [{ path: 'trlTarget', message: 'must be at least trlStart (6)' }]],
    ['no partner', { partners: [] }, [
      { path: 'partners', message: 'at least one partner is required' },
      { path: 'partners', message: 'exactly one coordinator is required (found 0)' },
    ]],
    ['no coordinator', { partners: [{ ...p[0], role: 'partner' }, p[1]] }, [
      { path: 'partners', message: 'exactly one coordinator is required (found 0)' },
    ]],
    ['two coordinators', { partners: [p[0], { ...p[1], role: 'coordinator' }] }, [
      { path: 'partners', message: 'exactly one coordinator is required (found 2)' },
    ]],
    ['duplicate organisation', { partners: [p[0], p[1], { ...p[1] }] }, [
      { path: 'partners[2].organisationId', message: 'organisation org-2 appears twice' },
    ]],
    ['zero cost', { partners: [p[0], { ...p[1], totalCostCents: 0 }] }, [
      { path: 'partners[1].totalCostCents', message: 'the partner total cost must be greater than 0' },
    ]],
    ['negative cost', { partners: [{ ...p[0], totalCostCents: -1 }, p[1]] }, [
      { path: 'partners[0].totalCostCents', message: 'the partner total cost must be greater than 0' },
    ]],
  ])('%s', (_label, patch, expected) => {
    const project = { ...valid, ...patch };
    expect(validateForSubmission(project)).toEqual(expected);
    expect(() => assertSubmittable(project)).toThrow(
      expect.objectContaining({ code: 'PROJECT_NOT_SUBMITTABLE', status: 422, message: 'the project is not complete', details: { errors: expected } }),
    );
  });

  it('reports every issue at once', () => {
    const errors = validateForSubmission({ trlStart: 0, trlTarget: 0, poles: [], partners: [] });
    expect(errors.map((e) => e.path)).toEqual(['poles', 'trlStart', 'trlTarget', 'partners', 'partners']);
  });
});
