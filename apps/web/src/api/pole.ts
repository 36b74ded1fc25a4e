import { useQuery, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../app/auth';
import { ApiError, api, call, data, type Schemas } from './client';

export type CaseView = Schemas['CaseView'];
export type CaseSummary = Schemas['CaseSummary'];
export type Snapshot = {
  acronym: string; title: string; summary: string; themes: string[]; trlStart: number; trlTarget: number; startDate: string; durationMonths: number; round: number; totalCents: number;
  partners: { organisationId: string; name: string; kind: string; region: string; sizeEu: string | null; categoryFr: string | null; role: 'coordinator' | 'partner'; totalCents: number;
    budget: Partial<Record<string, Partial<Record<string, number>>>> }[];
};
export type Check = { key: string; passed: boolean; reason: string };
export type ScoreSummary = {
  reviewCount: number; weightedAverage: number | null; disagreement: string[]; recommendations: Record<string, number>;
  criteria: { criterion: string; weight: number; mean: number; min: number; max: number; spread: number }[];
};
export type CriterionScore = { score: number; comment: string };

export const CRITERIA = ['strategy_fit', 'innovation', 'market_potential', 'consortium_quality', 'territorial_impact', 'budget_realism'] as const;
export const RECOMMENDATIONS = ['label', 'label_with_conditions', 'revise', 'reject'] as const;

/** The pole the signed-in manager works for (the first one they manage). */
export function useManagedPole(): { id: string; name: string } | undefined {
  const { me } = useAuth();
  const a = me?.affiliations.find((x) => x.kind === 'pole' && x.role === 'pole_manager');
  return a ? { id: a.targetId, name: a.targetName ?? '' } : undefined;
}

export const useCase = (id: string) => useQuery({
  queryKey: ['case', id],
  queryFn: () => call(api.GET('/api/v1/cases/{id}', { params: { path: { id } } })),
});

export const useCases = (poleId: string | undefined) => useQuery({
  queryKey: ['cases', poleId],
  enabled: !!poleId,
  queryFn: () => data(api.GET('/api/v1/cases', { params: { query: { poleId, limit: 100 } } })),
});

/** The pool as directory knows it (names and e-mails), for the pole's managers. */
export const usePoolPeople = (poleId: string | undefined) => useQuery({
  queryKey: ['pole-reviewers', poleId],
  enabled: !!poleId,
  queryFn: () => data(api.GET('/api/v1/poles/{poleId}/reviewers', { params: { path: { poleId: poleId! }, query: { limit: 100 } } })),
});

/** 412: reload the case and say so. */
export function useCaseConflictReload(id: string) {
  const qc = useQueryClient();
  const { t } = useTranslation();
  return (err: unknown): boolean => {
    if (err instanceof ApiError && (err.status === 412 || err.status === 428)) {
      notifications.show({ color: 'orange', title: t('common.changedTitle'), message: t('problem.PRECONDITION_FAILED') });
      void qc.invalidateQueries({ queryKey: ['case', id] });
      return true;
    }
    return false;
  };
}

/** Σ w·s / Σ w over complete scores (2 decimals), as the server computes it; null while a criterion is missing. */
export function weighted(scores: Partial<Record<string, { score: number } | undefined>>, weights: Record<string, number> | undefined): number | null {
  if (!weights) return null;
  let num = 0;
  let den = 0;
  for (const c of CRITERIA) {
    const s = scores[c];
    if (!s || typeof s.score !== 'number') return null;
    num += weights[c] * s.score;
    den += weights[c];
  }
  return den > 0 ? Math.round((num * 100) / den) / 100 : null;
}

