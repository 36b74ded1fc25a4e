import { Center, Loader, Stack, Title } from '@mantine/core';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemMessage } from './ProblemMessage';

/** A page: its document title, one h1, loading and error states in words. */
export function Page({ title, children, loading, error, actions }: { title: string; children?: ReactNode; loading?: boolean; error?: unknown; actions?: ReactNode }) {
  const { t } = useTranslation();
  useEffect(() => { document.title = `${title} · poleflow`; }, [title]);
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
