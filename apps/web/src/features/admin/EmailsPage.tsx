import { Badge, SegmentedControl, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, data, idem, type Schemas } from '../../api/client';
import { dateTime } from '../../components/format';
import { Page } from '../../components/Page';
import { ConfirmButton, MoreButton, useAccountNames } from './shared';

type Email = Schemas['EmailView'];
const STATUSES = ['failed', 'pending', 'sent', 'digest_pending', 'digested'] as const;

/** Admin: the e-mail outbox by status; an e-mail that failed for good can be resent. */
export default function EmailsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const status = (STATUSES as readonly string[]).includes(params.get('statut') ?? '') ? params.get('statut') as Email['status'] : 'failed';
  const list = useInfiniteQuery({
    queryKey: ['admin', 'emails', status],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => data(api.GET('/api/v1/admin/emails', { params: { query: { status, limit: 50, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const names = useAccountNames(items.map((e) => e.accountId));
  const to = (e: Email) => { const a = names.get(e.accountId); return a ? `${a.displayName} <${a.email}>` : t('admin.emails.unknownAccount'); };
  const resend = async (e: Email) => {
    await data(api.POST('/api/v1/admin/emails/{id}/resend', { params: { path: { id: e.id }, header: { 'Idempotency-Key': idem() } } }));
    notifications.show({ color: 'green', message: t('admin.emails.resent') });
    await qc.invalidateQueries({ queryKey: ['admin', 'emails'] });
  };
  return (
    <Page title={t('admin.emails.title')} error={list.error}>
      <SegmentedControl aria-label={t('admin.emails.status')} value={status} onChange={(v) => setParams({ statut: v })} style={{ alignSelf: 'flex-start' }}
        data={STATUSES.map((s) => ({ value: s, label: t(`admin.emails.stateFilter.${s}`) }))} />
      {list.isPending ? <Text>{t('common.loading')}</Text> : items.length === 0 ? <Text>{t('admin.emails.empty')}</Text> : (
        <Table.ScrollContainer minWidth={820}>
          <Table striped>
            <Table.Thead>
              <Table.Tr><Table.Th>{t('admin.emails.subject')}</Table.Th><Table.Th>{t('admin.emails.to')}</Table.Th><Table.Th>{t('admin.emails.created')}</Table.Th>
                <Table.Th>{t('admin.emails.attempts')}</Table.Th><Table.Th>{t('admin.emails.lastError')}</Table.Th><Table.Th>{t('common.actions')}</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{e.subject} <Badge size="sm" variant="light" color="gray">{t(`admin.emails.kind.${e.kind}`)}</Badge></Table.Td>
                  <Table.Td>{to(e)}</Table.Td>
                  <Table.Td>{dateTime(e.createdAt)}</Table.Td>
                  <Table.Td>{e.attempts}{e.resends > 0 && ` · ${t('admin.emails.resends', { count: e.resends })}`}</Table.Td>
                  <Table.Td style={{ wordBreak: 'break-word' }}>{e.lastError ?? '—'}</Table.Td>
                  <Table.Td>
                    {e.status === 'failed' ? (
                      <ConfirmButton label={t('admin.emails.resend')} ariaLabel={t('admin.emails.resendOf', { subject: e.subject, to: to(e) })}
                        title={t('admin.emails.resendOf', { subject: e.subject, to: to(e) })} text={e.lastError ?? ''} confirmLabel={t('admin.emails.resend')} onConfirm={() => resend(e)} />
                    ) : <Text size="sm" style={{ whiteSpace: 'nowrap' }}>{t(`admin.emails.state.${e.status}`)}</Text>}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <MoreButton list={list} />
    </Page>
  );
}
