import { Badge, CloseButton, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, data, type Schemas } from '../../api/client';
import type { paths } from '../../api/schema';
import { dateTime } from '../../components/format';
import { Page } from '../../components/Page';
import { MoreButton, useAccountNames } from './shared';

type Entry = Schemas['AuditEntryView'];
type Query = NonNullable<paths['/api/v1/admin/audit']['get']['parameters']['query']>;
const ACTIONS: Entry['action'][] = ['auth.login_failed', 'auth.login_throttled', 'auth.register_throttled', 'auth.refresh_token_reused', 'auth.logout_all', 'auth.password_changed',
  'account.disabled', 'account.enabled', 'affiliation.granted', 'affiliation.removed', 'admin.republished', 'admin.dead_letter_redriven'];
const OUTCOMES: Entry['outcome'][] = ['success', 'failure', 'refused'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Paris midnight of a yyyy-mm-dd day, as an instant (the `to` day is included). */
const dayStart = (d: string, plusDays = 0): string => {
  const at = new Date(`${d}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + plusDays);
  // Europe/Paris is UTC+1 or +2: take the offset of that day
  const paris = new Date(at.toLocaleString('en-US', { timeZone: 'Europe/Paris' }));
  const utc = new Date(at.toLocaleString('en-US', { timeZone: 'UTC' }));
  return new Date(at.getTime() - (paris.getTime() - utc.getTime())).toISOString();
};

/** Admin: the audit trail, newest first, filtered by action, outcome, dates and the account concerned (all in the URL). */
export default function AuditPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const action = (params.get('action') ?? undefined) as Entry['action'] | undefined;
  const outcome = (params.get('resultat') ?? undefined) as Entry['outcome'] | undefined;
  const from = params.get('du') ?? '';
  const to = params.get('au') ?? '';
  const account = params.get('compte') ?? undefined;
  const query: Query = { action, outcome, targetId: account, from: from ? dayStart(from) : undefined, to: to ? dayStart(to, 1) : undefined, limit: 50 };
  const list = useInfiniteQuery({
    queryKey: ['admin', 'audit', query],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => data(api.GET('/api/v1/admin/audit', { params: { query: { ...query, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const names = useAccountNames([account, ...items.flatMap((e) => [e.actorId, e.target?.kind === 'account' ? e.target.id : null])]);
  const who = (id: string | null | undefined) => (id ? names.get(id)?.displayName ?? names.get(id)?.email ?? '…' : t('admin.audit.system'));
  const set = (k: string, v: string | null) => setParams((p) => { if (v) p.set(k, v); else p.delete(k); return p; });
  const details = (e: Entry) => Object.entries(e.details ?? {})
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== 'object' && !UUID.test(String(v)))
    .map(([k, v]) => {
      const shown = k === 'role' ? t(`admin.accounts.role.${String(v)}`, { defaultValue: String(v) }) : k === 'kind' ? t(`admin.accounts.roleKind.${String(v)}`, { defaultValue: String(v) }) : String(v);
      return t(`admin.audit.detail.${k}`, { v: shown, defaultValue: `${k} : ${shown}` });
    }).join(' · ');
  return (
    <Page title={t('admin.audit.title')} error={list.error}>
      <Text>{t('admin.audit.lead')}</Text>
      <Group align="flex-end" wrap="wrap">
        <Select label={t('admin.audit.action')} clearable placeholder={t('admin.any')} value={action ?? null} onChange={(v) => set('action', v)} w={300}
          data={ACTIONS.map((a) => ({ value: a, label: t(`admin.audit.actions.${a}`) }))} />
        <Select label={t('admin.audit.outcome')} clearable placeholder={t('admin.any')} value={outcome ?? null} onChange={(v) => set('resultat', v)} w={160}
          data={OUTCOMES.map((o) => ({ value: o, label: t(`admin.audit.outcomes.${o}`) }))} />
        <TextInput type="date" label={t('admin.audit.from')} value={from} onChange={(e) => set('du', e.currentTarget.value || null)} w={170} />
        <TextInput type="date" label={t('admin.audit.to')} value={to} onChange={(e) => set('au', e.currentTarget.value || null)} w={170} />
        {account && (
          <Group gap={4} wrap="nowrap" py={6} px="sm" style={{ background: 'var(--mantine-color-indigo-0)', borderRadius: 'var(--mantine-radius-sm)' }}>
            <Text size="sm">{t('admin.audit.account')} : <strong>{who(account)}</strong></Text>
            <CloseButton size="sm" onClick={() => set('compte', null)} aria-label={t('admin.audit.clearAccount', { name: who(account) })} />
          </Group>
        )}
      </Group>
      {list.isPending ? <Text>{t('common.loading')}</Text> : items.length === 0 ? <Text>{t('admin.audit.empty')}</Text> : (
        <Table.ScrollContainer minWidth={900}>
          <Table striped>
            <Table.Thead>
              <Table.Tr><Table.Th>{t('admin.audit.at')}</Table.Th><Table.Th>{t('admin.audit.action')}</Table.Th><Table.Th>{t('admin.audit.outcome')}</Table.Th>
                <Table.Th>{t('admin.audit.actor')}</Table.Th><Table.Th>{t('admin.audit.target')}</Table.Th><Table.Th>{t('admin.audit.details')}</Table.Th><Table.Th>{t('admin.audit.ip')}</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{dateTime(e.at)}</Table.Td>
                  <Table.Td>{t(`admin.audit.actions.${e.action}`, { defaultValue: e.action })}</Table.Td>
                  <Table.Td><Badge variant="light" color={e.outcome === 'success' ? 'green' : e.outcome === 'refused' ? 'orange' : 'red'}>{t(`admin.audit.outcomes.${e.outcome}`)}</Badge></Table.Td>
                  <Table.Td>{who(e.actorId)}</Table.Td>
                  <Table.Td>{e.target ? (e.target.kind === 'account' ? who(e.target.id) : t(`admin.accounts.roleKind.${e.target.kind}`, { defaultValue: e.target.kind })) : t('admin.audit.nobody')}</Table.Td>
                  <Table.Td>{details(e) || '—'}</Table.Td>
                  <Table.Td>{e.ip ?? '—'}</Table.Td>
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
