import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useAuth } from '../../app/auth';
import NotFoundPage from '../public/NotFoundPage';

/** The funder the signed-in officer works for (the first funder affiliation). */
export function useFunder(): { funderId: string | undefined; funderName: string; ready: boolean } {
  const { me } = useAuth();
  const a = me?.affiliations.find((x) => x.kind === 'funder' && x.role === 'funder_officer');
  return { funderId: a?.targetId, funderName: a?.targetName ?? '', ready: !!me };
}

export function NoFunder() {
  const { t } = useTranslation();
  return <Alert color="orange">{t('funder.noFunder')}</Alert>;
}

/** Another funder's application, milestone…: the "not found" page, never a hint that it exists. */
export const isNotFound = (err: unknown): boolean => err instanceof ApiError && err.status === 404;
export { NotFoundPage };

/** Euros typed in a field → cents (null when empty or not a number). */
export const toCents = (v: number | string | undefined | null): number | null => {
  if (v === '' || v == null) return null;
  const n = typeof v === 'number' ? v : Number(String(v).replace(/\s/g, '').replace(',', '.'));
  return Number.isFinite(n) ? Math.round(n * 100) : null;
};

