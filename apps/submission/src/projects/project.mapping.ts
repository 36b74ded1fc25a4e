import type { PartnerBudgetInput } from '@poleflow/domain';
import type { BudgetDto } from './budget.dto.js';
import type { ProjectContent } from './project.commands.js';
import type { ProjectContentDto, UpdateProjectDto } from './project.dto.js';

/** DTO → command data: only the fields that were sent, as plain values. */
export function contentOf(dto: ProjectContentDto & Partial<Pick<UpdateProjectDto, 'acronym' | 'title'>>): ProjectContent {
  const c: ProjectContent = {
    acronym: dto.acronym, title: dto.title, summary: dto.summary, themes: dto.themes, keywords: dto.keywords, trlStart: dto.trlStart,
    trlTarget: dto.trlTarget, startDate: dto.startDate, durationMonths: dto.durationMonths, poleIds: dto.poleIds,
  };
  return Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as ProjectContent;
}

export function budgetOf(dto: BudgetDto): PartnerBudgetInput {
  return JSON.parse(JSON.stringify(dto)) as PartnerBudgetInput;
}
