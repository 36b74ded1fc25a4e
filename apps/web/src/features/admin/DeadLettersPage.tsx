import { Alert, Badge, Card, Code, Group, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, data, idem, type Schemas } from '../../api/client';
import { dateTime } from '../../components/format';
import { Page } from '../../components/Page';
import { ConfirmButton, MoreButton } from './shared';
import { QueuesLink } from './QueuesLink';

type DeadLetter = Schemas['DeadLetterView'];
const SERVICES = ['directory', 'submission', 'labelling', 'funding', 'milestones', 'tracker'] as const;
const STATUS = { 'a-traiter': 'open', relancees: 'redriven', resolues: 'resolved', toutes: 'all' } as const;

/** Admin: the messages each service gave up on, with their error; redrive one once its cause is fixed. */
export default function DeadLettersPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const statusKey = (params.get('statut') ?? 'a-traiter') as keyof typeof STATUS;
  const status = STATUS[statusKey] ?? 'open';
  const service = (params.get('service') ?? undefined) as (typeof SERVICES)[number] | undefined;
  const list = useInfiniteQuery({
    queryKey: ['admin', 'dead-letters', status, service],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => data(api.GET('/api/v1/admin/dead-letters', { params: { query: { status, service, limit: 50, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const unavailable = [...new Set(list.data?.pages.flatMap((p) => p.unavailable) ?? [])];
  const redrive = async (d: DeadLetter) => {
    await data(api.POST('/api/v1/admin/dead-letters/{id}/redrive', { params: { path: { id: d.id }, query: { service: d.service as 'tracker' }, header: { 'Idempotency-Key': idem() } } }));
    notifications.show({ color: 'green', message: t('admin.deadLetters.redriven') });
    await qc.invalidateQueries({ queryKey: ['admin', 'dead-letters'] });
  };
  const set = (k: string, v: string | null) => setParams((p) => { if (v) p.set(k, v); else p.delete(k); return p; });
  return (
    <Page title={t('admin.deadLetters.title')} error={list.error}>
      <Text>{t('admin.deadLetters.lead')}</Text>
      <QueuesLink />
      <Group align="flex-end" wrap="wrap">
        <SegmentedControl aria-label={t('admin.deadLetters.status')} value={statusKey} onChange={(v) => set('statut', v === 'a-traiter' ? null : v)}
          data={[{ value: 'a-traiter', label: t('admin.deadLetters.statusOpen') }, { value: 'relancees', label: t('admin.deadLetters.statusRedriven') },
            { value: 'resolues', label: t('admin.deadLetters.statusResolved') }, { value: 'toutes', label: t('admin.deadLetters.statusAll') }]} />
        <Select label={t('admin.deadLetters.service')} clearable placeholder={t('admin.any')} value={service ?? null} onChange={(v) => set('service', v)} data={[...SERVICES]} w={200} />
      </Group>
      {unavailable.length > 0 && <Alert color="orange">{t('admin.deadLetters.unavailable', { services: unavailable.join(', ') })}</Alert>}
      {list.isPending ? <Text>{t('common.loading')}</Text> : items.length === 0 ? <Text>{t('admin.deadLetters.empty')}</Text> : (
        <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {items.map((d) => (
            <Card key={`${d.service}-${d.id}`} component="li" withBorder padding="sm" aria-label={`${d.eventType} (${d.service})`}>
              <Group justify="space-between" wrap="wrap" align="flex-start">
                <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
                  <Group gap="xs" wrap="wrap">
                    <Text fw={600}>{d.eventType}</Text>
                    <Badge variant="light">{d.service}</Badge>
                    <Badge variant="light" color={d.status === 'open' ? 'red' : 'gray'}>{t(`admin.deadLetters.state.${d.status}`)}</Badge>
                  </Group>
                  <Text size="sm">{t('admin.deadLetters.failedAt', { date: dateTime(d.failedAt) })} · {t('admin.deadLetters.attempts', { count: d.attempts })}
                    {d.redriveCount > 0 && ` · ${t('admin.deadLetters.redriveCount', { count: d.redriveCount })}`}</Text>
                  <Text size="sm" fw={600}>{t('admin.deadLetters.error')} : {d.errorCode}</Text>
                  <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{d.error}</Code>
                </Stack>
                {d.status !== 'resolved' && (
                  <ConfirmButton label={t('admin.deadLetters.redrive')} ariaLabel={t('admin.deadLetters.redriveOf', { event: d.eventType, service: d.service })}
                    title={t('admin.deadLetters.redriveTitle')} text={t('admin.deadLetters.redriveText', { event: d.eventType, service: d.service })}
                    confirmLabel={t('admin.deadLetters.redrive')} onConfirm={() => redrive(d)} />
                )}
              </Group>
            </Card>
          ))}
        </Stack>
      )}
      <MoreButton list={list} />
    </Page>
  );
}
