import { Anchor, Center, Loader, Stack, Text, Title } from '@mantine/core';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api/client';
import { ProblemMessage } from './ProblemMessage';

/**
 * What the page is about does not exist for this user: the API answers 404 (or 403) for another party's
 * project, case or application. The page says "not found" like an unknown address, and shows nothing of it.
 */
const isNotFound = (error: unknown): boolean => error instanceof ApiError && (error.status === 404 || error.status === 403);

/** A page: its document title, one h1, loading and error states in words. */
export function Page({ title, children, loading, error, actions }: { title: string; children?: ReactNode; loading?: boolean; error?: unknown; actions?: ReactNode }) {
  const { t } = useTranslation();
  const notFound = isNotFound(error);
  const shown = notFound ? t('notFound.title') : title;
  useEffect(() => { document.title = `${shown} · poleflow`; }, [shown]);
  if (notFound) {
    return (
      <Stack gap="md">
        <Title order={1} size="h2">{shown}</Title>
        <Text>{t('notFound.text')}</Text>
        <Anchor component={Link} to="/">{t('notFound.home')}</Anchor>
      </Stack>
    );
  }
  return (
    <Stack gap="md">
      <Stack gap="xs" style={{ flexDirection: 'row', justifyContent: 'space-between', flexWrap: 'wrap', alignItems: 'center' }}>
        <Title order={1} size="h2">{title}</Title>
        {actions}
      </Stack>
      {error ? <ProblemMessage error={error} /> : loading ? <Center p="xl"><Loader aria-label={t('common.loading')} /></Center> : children}
    </Stack>
  );
}
