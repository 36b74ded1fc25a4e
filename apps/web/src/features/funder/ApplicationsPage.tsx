import { Anchor, Badge, Button, Group, Select, Table, Text } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, data } from '../../api/client';
import { date, euros } from '../../components/format';
import { Page } from '../../components/Page';
import { NoFunder, useFunder } from './common';

const STATUSES = ['assessing', 'eligible', 'ineligible', 'granted', 'refused'] as const;
export const STATUS_COLOR: Record<string, string> = { assessing: 'gray', eligible: 'blue', ineligible: 'orange', granted: 'green', refused: 'red' };

/** The applications to the funder's calls, filtered by call, status and eligibility (the filters live in the URL). */
export default function ApplicationsPage() {
  const { t } = useTranslation();
  const { funderId, ready } = useFunder();
  const [params, setParams] = useSearchParams();
  const callId = params.get('appel') ?? undefined;
  const status = params.get('statut') ?? undefined;
  const eligible = params.get('eligibilite') ?? undefined;
  const set = (k: string, v: string | null) => { const p = new URLSearchParams(params); if (v) p.set(k, v); else p.delete(k); setParams(p, { replace: true }); };
  const calls = useQuery({
    queryKey: ['funder-calls-published', funderId],
    enabled: !!funderId,
    queryFn: () => data(api.GET('/api/v1/calls', { params: { query: { funderId, limit: 100 } } })),
  });
  const apps = useInfiniteQuery({
    queryKey: ['funder-applications', funderId, callId, status, eligible],
    enabled: !!funderId,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => data(api.GET('/api/v1/applications', { params: { query: {
      callId, status: status as never, eligible: eligible === 'oui' ? 'true' : eligible === 'non' ? 'false' : undefined, limit: 50, cursor: pageParam,
    } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (!funderId) return <Page title={t('funder.applications.title')} loading={!ready}><NoFunder /></Page>;
  // an officer may also belong to a company: only its funder's applications here
  const items = (apps.data?.pages.flatMap((p) => p.items) ?? []).filter((a) => a.funderId === funderId);
  return (
    <Page title={t('funder.applications.title')} error={apps.error}>
      <Group align="flex-end" wrap="wrap">
        <Select
          label={t('funder.applications.call')} placeholder={t('funder.applications.allCalls')} clearable value={callId ?? null} onChange={(v) => set('appel', v)}
          data={(calls.data?.items ?? []).map((c) => ({ value: c.id, label: c.title }))} w={360}
        />
        <Select
          label={t('funder.applications.status')} placeholder={t('funder.applications.allStatuses')} clearable value={status ?? null} onChange={(v) => set('statut', v)}
          data={STATUSES.map((s) => ({ value: s, label: t(`application.${s}`) }))} w={200}
        />
        <Select
          label={t('funder.applications.eligibility')} value={eligible ?? 'tout'} onChange={(v) => set('eligibilite', v === 'tout' ? null : v)} allowDeselect={false}
          data={[{ value: 'tout', label: t('funder.applications.any') }, { value: 'oui', label: t('funder.applications.eligible') }, { value: 'non', label: t('funder.applications.ineligible') }]} w={200}
        />
      </Group>
      {apps.isPending ? <Text>{t('common.loading')}</Text> : items.length === 0 ? <Text>{t('funder.applications.empty')}</Text> : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover>
            <Table.Thead><Table.Tr>
              <Table.Th>{t('funder.applications.project')}</Table.Th><Table.Th>{t('funder.applications.call')}</Table.Th><Table.Th>{t('funder.applications.status')}</Table.Th>
              <Table.Th>{t('funder.applications.eligibility')}</Table.Th><Table.Th>{t('funder.applications.appliedAt')}</Table.Th><Table.Th ta="right">{t('funder.applications.granted')}</Table.Th>
            </Table.Tr></Table.Thead>
            <Table.Tbody>
              {items.map((a) => {
                const s = a.assessment as { eligible?: boolean } | null;
                const d = a.decision as { totalCents?: number; outcome?: string } | null;
                return (
                  <Table.Tr key={a.id}>
                    <Table.Td><Anchor component={Link} to={`/financeur/candidatures/${a.id}`} aria-label={t('funder.applications.open', { acronym: a.acronym })} fw={600}>{a.acronym}</Anchor></Table.Td>
                    <Table.Td>{a.callTitle}</Table.Td>
                    <Table.Td><Badge color={STATUS_COLOR[a.status]} variant="light">{t(`application.${a.status}`)}</Badge></Table.Td>
                    <Table.Td>{s ? (s.eligible ? t('funder.review.eligibleYes') : t('funder.review.eligibleNo')) : '—'}</Table.Td>
                    <Table.Td>{date(a.appliedAt)}</Table.Td>
                    <Table.Td ta="right">{d?.outcome === 'granted' ? euros(d.totalCents) : '—'}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {apps.hasNextPage && <Button variant="default" onClick={() => void apps.fetchNextPage()} loading={apps.isFetchingNextPage} style={{ alignSelf: 'flex-start' }}>{t('funder.applications.more')}</Button>}
    </Page>
  );
}
