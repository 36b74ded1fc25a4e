import { DomainError } from './domain-error.js';

/*
 * Submission-side lifecycle of a collaborative R&D project (house style: decide/evolve, pure).
 * Labelling (a pole reviewing the project) lives elsewhere; it sends back `request_revision`,
 * comparable to Démarches Simplifiées' "repasser en construction" (DOMAIN.md §9.1).
 *
 *   draft --submit--> submitted --request_revision--> revision_requested --resubmit--> resubmitted
 *   resubmitted --request_revision--> revision_requested ...
 *   draft | submitted | revision_requested | resubmitted --withdraw--> withdrawn (terminal)
 */

export const PROJECT_STATUSES = ['draft', 'submitted', 'revision_requested', 'resubmitted', 'withdrawn'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export type ProjectCommand =
  | { type: 'submit' }
  | { type: 'request_revision'; poleId: string; requestedChanges: string[] }
  | { type: 'resubmit' }
  | { type: 'withdraw'; reason?: string };

export type ProjectCommandType = ProjectCommand['type'];

/** Domain events (facts of this aggregate), not wire events: the service maps them to contracts. */
export type ProjectEvent =
  | { type: 'submitted' }
  | { type: 'revision_requested'; poleId: string; requestedChanges: string[] }
  | { type: 'resubmitted'; round: number }
  | { type: 'withdrawn'; reason?: string };

/** `round` is 0 while never submitted, 1 after the first submission, +1 per resubmission. */
export interface ProjectState {
  status: ProjectStatus;
  round: number;
}

export const initialProjectState: ProjectState = Object.freeze({ status: 'draft', round: 0 });

function assertNever(x: never): never {
  throw new Error(`unexpected value ${JSON.stringify(x)}`);
}

function refuse(cmd: ProjectCommandType, status: ProjectStatus): never {
  throw new DomainError('INVALID_TRANSITION', `cannot ${cmd} a project that is ${status}`, 409, { command: cmd, status });
}

export function decide(state: ProjectState, command: ProjectCommand): ProjectEvent[] {
  switch (command.type) {
    case 'submit':
      if (state.status !== 'draft') refuse(command.type, state.status);
      return [{ type: 'submitted' }];
    case 'request_revision':
      if (state.status !== 'submitted' && state.status !== 'resubmitted') refuse(command.type, state.status);
      return [{ type: 'revision_requested', poleId: command.poleId, requestedChanges: [...command.requestedChanges] }];
    case 'resubmit':
      if (state.status !== 'revision_requested') refuse(command.type, state.status);
      return [{ type: 'resubmitted', round: state.round + 1 }];
    case 'withdraw':
      if (state.status === 'withdrawn') refuse(command.type, state.status);
      return [command.reason === undefined ? { type: 'withdrawn' } : { type: 'withdrawn', reason: command.reason }];
    default:
      return assertNever(command);
  }
}

/** Applies a fact; never refuses (facts already happened). */
export function evolve(state: ProjectState, event: ProjectEvent): ProjectState {
  switch (event.type) {
    case 'submitted':
      return { status: 'submitted', round: 1 };
    case 'revision_requested':
      return { ...state, status: 'revision_requested' };
    case 'resubmitted':
      return { status: 'resubmitted', round: event.round };
    case 'withdrawn':
      return { ...state, status: 'withdrawn' };
    default:
      return assertNever(event);
  }
}

/** Convenience: decide then fold the events; returns both. */
export function execute(state: ProjectState, command: ProjectCommand): { events: ProjectEvent[]; state: ProjectState } {
  const events = decide(state, command);
  return { events, state: events.reduce(evolve, state) };
}

/** The applicant may edit the content only in draft or when a pole asked for a revision. */
export function isEditable(status: ProjectStatus): boolean {
  return status === 'draft' || status === 'revision_requested';
}

/** A first submission (`submit`) is possible only from draft. */
export function canSubmit(status: ProjectStatus): boolean {
  return status === 'draft';
}

/** A resubmission (`resubmit`) is possible only after a revision request. */
export function canResubmit(status: ProjectStatus): boolean {
  return status === 'revision_requested';
}

// ---------------------------------------------------------------------------------------------
// Completeness check before (re)submission
// ---------------------------------------------------------------------------------------------

export type PartnerRole = 'coordinator' | 'partner';
export type PartnerKind = 'company' | 'research_organisation' | 'training_body';

export interface SubmittableProject {
  trlStart: number;
  trlTarget: number;
  poles: string[];
  partners: { organisationId: string; role: PartnerRole; kind: PartnerKind; totalCostCents: number }[];
}

export interface ValidationIssue {
  path: string;
  message: string;
}

const isTrlValue = (n: number): boolean => Number.isInteger(n) && n >= 1 && n <= 9;

/**
 * Platform completeness rules (the call-specific consortium rules, e.g. FUI's "≥ 2 companies +
 * ≥ 1 lab", belong to the funding-call engine). A pole R&D project names the pole(s) it belongs
 * to (loi 2004-1484 art. 24); one coordinator ("chef de file") leads the consortium.
 * Returns every issue; an empty array means submittable.
 */
export function validateForSubmission(project: SubmittableProject): ValidationIssue[] {
  const errors: ValidationIssue[] = [];

  if (project.poles.length === 0) errors.push({ path: 'poles', message: 'at least one targeted pole is required' });
  const seenPoles = new Set<string>();
  project.poles.forEach((p, i) => {
    if (seenPoles.has(p)) errors.push({ path: `poles[${i}]`, message: `pole ${p} is targeted twice` });
    seenPoles.add(p);
  });

  if (!isTrlValue(project.trlStart)) errors.push({ path: 'trlStart', message: 'must be an integer TRL between 1 and 9' });
  if (!isTrlValue(project.trlTarget)) errors.push({ path: 'trlTarget', message: 'must be an integer TRL between 1 and 9' });
  else if (isTrlValue(project.trlStart) && project.trlTarget < project.trlStart) {
    errors.push({ path: 'trlTarget', message: `must be at least trlStart (${project.trlStart})` });
  }

  if (project.partners.length === 0) errors.push({ path: 'partners', message: 'at least one partner is required' });
  const coordinators = project.partners.filter((p) => p.role === 'coordinator').length;
  if (coordinators !== 1) errors.push({ path: 'partners', message: `exactly one coordinator is required (found ${coordinators})` });

  const seenOrgs = new Set<string>();
  project.partners.forEach((p, i) => {
    if (seenOrgs.has(p.organisationId)) errors.push({ path: `partners[${i}].organisationId`, message: `organisation ${p.organisationId} appears twice` });
    seenOrgs.add(p.organisationId);
    if (!(Number.isFinite(p.totalCostCents) && p.totalCostCents > 0)) {
      errors.push({ path: `partners[${i}].totalCostCents`, message: 'the partner total cost must be greater than 0' });
    }
  });

  return errors;
}

/** Throws PROJECT_NOT_SUBMITTABLE (422) with `details: { errors }` when the project is incomplete. */
export function assertSubmittable(project: SubmittableProject): void {
  const errors = validateForSubmission(project);
  if (errors.length > 0) throw new DomainError('PROJECT_NOT_SUBMITTABLE', 'the project is not complete', 422, { errors });
}
