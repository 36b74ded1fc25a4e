import { Button, Group, Modal, Stack, Text, type ButtonProps } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data, type Schemas } from '../../api/client';
import { ProblemMessage } from '../../components/ProblemMessage';

/** Names for account ids (audit trail, outbox): one request for the ids on screen. */
export function useAccountNames(ids: (string | null | undefined)[]): Map<string, Schemas['AccountView']> {
  const unique = [...new Set(ids.filter((i): i is string => !!i))].sort().slice(0, 100);
  const q = useQuery({
    queryKey: ['admin', 'accounts', 'ids', unique],
    enabled: unique.length > 0,
    staleTime: 60_000,
    queryFn: () => data(api.GET('/api/v1/admin/accounts', { params: { query: { ids: unique.join(','), limit: 100 } } })),
  });
  return new Map((q.data?.items ?? []).map((a) => [a.id, a]));
}

/**
 * A button that asks first (an action that cannot simply be undone): the modal names what happens, the
 * action's error stays in the modal, in words.
 */
export function ConfirmButton({ label, ariaLabel, title, text, confirmLabel, onConfirm, color, ...rest }: {
  label: ReactNode; ariaLabel?: string; title: string; text: ReactNode; confirmLabel: string; onConfirm: () => Promise<unknown>; color?: string;
} & Omit<ButtonProps, 'children' | 'onClick'>) {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      close();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button size="compact-sm" variant="light" color={color} aria-label={ariaLabel} onClick={open} {...rest}>{label}</Button>
      <Modal opened={opened} onClose={close} title={title} centered>
        <Stack>
          <Text>{text}</Text>
          {error ? <ProblemMessage error={error} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>{t('admin.cancel')}</Button>
            <Button color={color} loading={busy} onClick={() => void confirm()} data-autofocus>{confirmLabel}</Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** "Show more" under a cursor-paginated list. */
/** "Plus" under a list read page by page (a TanStack infinite query): shown while there is a next page. */
export function MoreButton({ list }: { list: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> } }) {
  const { t } = useTranslation();
  if (!list.hasNextPage) return null;
  return <Button variant="default" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()} style={{ alignSelf: 'center' }}>{t('admin.more')}</Button>;
}
