import { useQuery, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { ApiError, api, call, data, type Schemas } from './client';

export type Project = Schemas['ProjectView'];
export type Budget = Schemas['BudgetDto'];
export const CATEGORIES = ['fundamental', 'industrial', 'experimental', 'feasibility'] as const;
export const COSTS = ['personnel', 'equipment', 'subcontracting', 'overheads', 'other'] as const;

export const useProjects = () => useQuery({
  queryKey: ['projects'],
  queryFn: () => data(api.GET('/api/v1/projects', { params: { query: { limit: 100 } } })),
});

/** A project with its ETag (If-Match of every change). */
export const useProject = (id: string | undefined) => useQuery({
  queryKey: ['project', id],
  enabled: !!id,
  queryFn: () => call(api.GET('/api/v1/projects/{id}', { params: { path: { id: id! } } })),
});

/** The tracker's view: stage, timeline entries, labelling cases (its response is not typed in the OpenAPI yet). */
export interface TimelineEntry { eventId: string; type: string; occurredAt: string; source: string; actorRole: string | null; stage: string; summary: string }
export interface Timeline { stage?: string; items?: TimelineEntry[]; entries?: TimelineEntry[]; cases?: { poleId: string; poleName: string; lead: boolean; status: string }[] }
export const useTimeline = (id: string) => useQuery({
  queryKey: ['timeline', id],
  queryFn: async () => (await data(api.GET('/api/v1/projects/{id}/timeline', { params: { path: { id }, query: { limit: 100 } } }))) as unknown as Timeline,
});

/** 412 (someone changed it meanwhile): reload the project and say so; other errors go to the caller. */
export function useConflictReload(id: string | undefined) {
  const qc = useQueryClient();
  const { t } = useTranslation();
  return (err: unknown): boolean => {
    if (err instanceof ApiError && (err.status === 412 || err.status === 428)) {
      notifications.show({ color: 'orange', title: t('common.changedTitle'), message: t('problem.PRECONDITION_FAILED') });
      void qc.invalidateQueries({ queryKey: ['project', id] });
      return true;
    }
    return false;
  };
}

export const partnerTotal = (b: Budget | undefined): number =>
  CATEGORIES.reduce((n, c) => n + COSTS.reduce((m, k) => m + (b?.[c]?.[k] ?? 0), 0), 0);

/** What still blocks a submission, in the words of the review step. */
export function missing(p: Project): string[] {
  const out: string[] = [];
  if (!p.summary) out.push('summary');
  if (!p.themes?.length) out.push('themes');
  if (p.trlStart == null || p.trlTarget == null) out.push('trl');
  if (!p.startDate || !p.durationMonths) out.push('schedule');
  if (!p.poleIds.length) out.push('poles');
  if (p.partners.some((x) => !(x.totalCents > 0))) out.push('budgets');
  else if (p.partners.some((x) => !x.confirmed)) out.push('confirmations');
  return out;
}
