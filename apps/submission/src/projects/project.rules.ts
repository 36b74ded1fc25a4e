import {
  COST_TYPES, DomainError, emptyBudget, isEditable, RESEARCH_CATEGORIES, validateBudget, type PartnerBudget, type PartnerBudgetInput,
} from '@poleflow/domain';
import type { ProjectContent } from './project.commands.js';
import type { Project } from './project.entity.js';

/** Content may change only in draft or after a pole asked for a revision (project machine `isEditable`). */
export function assertEditable(project: Pick<Project, 'status'>): void {
  if (!isEditable(project.status)) {
    throw new DomainError('PROJECT_NOT_EDITABLE', `a ${project.status} project cannot be edited`, 409, { status: project.status });
  }
}

/** `validateBudget` (domain) → 400 with the failing paths under `budget.`; returns the complete budget. */
export function completeBudget(input: PartnerBudgetInput): PartnerBudget {
  const issues = validateBudget(input);
  if (issues.length) {
    throw new DomainError('INVALID_BUDGET', 'the budget is invalid', 400, {
      errors: issues.map((i) => ({ path: i.path ? `budget.${i.path}` : 'budget', message: i.message })),
    });
  }
  const budget = emptyBudget();
  for (const c of RESEARCH_CATEGORIES) for (const t of COST_TYPES) budget[c][t] = input[c]?.[t] ?? 0;
  return budget;
}

/** Copies the fields that were sent; returns whether anything was sent. */
export function applyContent(project: Project, c: ProjectContent): boolean {
  const keys = (Object.keys(c) as (keyof ProjectContent)[]).filter((k) => c[k] !== undefined);
  if (c.acronym !== undefined) project.acronym = c.acronym;
  if (c.title !== undefined) project.title = c.title;
  if (c.summary !== undefined) project.summary = c.summary;
  if (c.themes !== undefined) project.themes = [...c.themes];
  if (c.keywords !== undefined) project.keywords = [...c.keywords];
  if (c.trlStart !== undefined) project.trlStart = c.trlStart;
  if (c.trlTarget !== undefined) project.trlTarget = c.trlTarget;
  if (c.startDate !== undefined) project.startDate = c.startDate;
  if (c.durationMonths !== undefined) project.durationMonths = c.durationMonths;
  if (c.poleIds !== undefined) project.poleIds = [...c.poleIds];
  return keys.length > 0;
}
