import { Alert, Badge, Button, Card, Code, CopyButton, Group, MultiSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call, data, idem, type Schemas } from '../../api/client';
import { dateTime } from '../../components/format';
import { Page } from '../../components/Page';
import { ProblemMessage, fieldErrors } from '../../components/ProblemMessage';
import { NoFunder, useFunder } from './common';

type Webhook = Schemas['WebhookView'];
const EVENTS = ['funding.requested', 'eligibility.assessed', 'funding.granted', 'funding.refused', 'milestones.plan_created', 'milestone.reported',
  'milestone.validated', 'milestone.rejected', 'milestone.overdue', 'tranche.released', 'project.market_launched'] as const;
const STATE_COLOR: Record<string, string> = { active: 'green', paused: 'orange', inactive: 'gray' };
const DELIVERY_COLOR: Record<string, string> = { pending: 'gray', delivered: 'green', failed: 'red' };

function Secret({ secret }: { secret: string }) {
  const { t } = useTranslation();
  return (
    <Alert color="blue" title={t('funder.webhooks.secret')} role="status">
      <Group gap="xs" wrap="nowrap"><Code style={{ wordBreak: 'break-all' }}>{secret}</Code>
        <CopyButton value={secret}>{({ copied, copy }) => <Button size="xs" variant="light" onClick={copy}>{copied ? '✓' : 'Copier'}</Button>}</CopyButton>
      </Group>
    </Alert>
  );
}

function Deliveries({ w }: { w: Webhook }) {
  const { t } = useTranslation();
  const log = useQuery({ queryKey: ['webhook-deliveries', w.id], queryFn: () => data(api.GET('/api/v1/webhooks/{id}/deliveries', { params: { path: { id: w.id }, query: { limit: 50 } } })) });
  if (log.error) return <ProblemMessage error={log.error} />;
  const items = log.data?.items ?? [];
  if (!items.length) return <Text size="sm">{log.isPending ? t('common.loading') : t('funder.webhooks.noDelivery')}</Text>;
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table>
        <Table.Thead><Table.Tr><Table.Th>{t('funder.webhooks.date')}</Table.Th><Table.Th>{t('funder.webhooks.event')}</Table.Th><Table.Th>{t('funder.webhooks.status')}</Table.Th><Table.Th /></Table.Tr></Table.Thead>
        <Table.Tbody>{items.map((d) => (
          <Table.Tr key={d.id}>
            <Table.Td>{dateTime(d.createdAt)}</Table.Td>
            <Table.Td>{t(`event.${d.eventType}`, { defaultValue: d.eventType })}</Table.Td>
            <Table.Td><Badge color={DELIVERY_COLOR[d.status]} variant="light">{t(`funder.webhooks.delivery.${d.status}`)}</Badge> <Text span size="xs">{t('funder.webhooks.attempts', { count: d.attemptCount })}</Text></Table.Td>
            <Table.Td><Button size="xs" variant="subtle" onClick={() => { void api.POST('/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver', { params: { path: { id: w.id, deliveryId: d.id }, header: { 'idempotency-key': idem() } } } as never).then(() => log.refetch()); }}>{t('funder.webhooks.redeliver')}</Button></Table.Td>
          </Table.Tr>
        ))}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The funder's webhook subscriptions: create, delivery log, secret rotation, switch off and on, delete. */
export default function WebhooksPage() {
  const { t } = useTranslation();
  const { funderId, ready } = useFunder();
  const qc = useQueryClient();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<string[]>(['funding.granted', 'milestone.validated', 'tranche.released']);
  const [error, setError] = useState<unknown>();
  const [secret, setSecret] = useState<{ id: string; secret: string } | null>(null);
  const [log, setLog] = useState<string | null>(null);
  const hooks = useQuery({
    queryKey: ['webhooks', funderId],
    enabled: !!funderId,
    queryFn: () => data(api.GET('/api/v1/webhooks', { params: { query: { ownerId: funderId, limit: 100 } } })),
  });
  if (!funderId) return <Page title={t('funder.webhooks.title')} loading={!ready}><NoFunder /></Page>;
  const refresh = () => qc.invalidateQueries({ queryKey: ['webhooks'] });

  async function run(fn: () => Promise<unknown>) {
    setError(undefined);
    try { await fn(); } catch (e) { setError(e); }
  }
  const create = () => run(async () => {
    const w = await data(api.POST('/api/v1/webhooks', { params: { header: { 'idempotency-key': idem() } }, body: { url: url.trim(), description: description.trim() || undefined, eventTypes: events, ownerKind: 'funder', ownerId: funderId } } as never)) as { id: string; secret: string };
    setSecret({ id: w.id, secret: w.secret });
    notifications.show({ color: 'green', message: t('funder.webhooks.created') });
    setUrl(''); setDescription('');
    await refresh();
  });
  const rotate = (w: Webhook) => run(async () => {
    const r = await data(api.POST('/api/v1/webhooks/{id}/rotate-secret', { params: { path: { id: w.id }, header: { 'idempotency-key': idem() } }, body: {} } as never)) as { secret: string };
    setSecret({ id: w.id, secret: r.secret });
    notifications.show({ color: 'green', message: t('funder.webhooks.rotated') });
    await refresh();
  });
  const toggle = (w: Webhook) => run(async () => {
    const read = await call(api.GET('/api/v1/webhooks/{id}', { params: { path: { id: w.id } } }));
    await data(api.PATCH('/api/v1/webhooks/{id}', { params: { path: { id: w.id }, header: { 'if-match': read.etag ?? '', 'idempotency-key': idem() } }, body: { active: !w.active } } as never));
    await refresh();
  });
  const resume = (w: Webhook) => run(async () => {
    await data(api.POST('/api/v1/webhooks/{id}/resume', { params: { path: { id: w.id }, header: { 'idempotency-key': idem() } } } as never));
    await refresh();
  });
  const remove = (w: Webhook) => run(async () => {
    if (!window.confirm(t('funder.webhooks.removeOf', { url: w.url }))) return;
    await call(api.DELETE('/api/v1/webhooks/{id}', { params: { path: { id: w.id } } } as never));
    notifications.show({ color: 'green', message: t('funder.webhooks.removed') });
    await refresh();
  });
  const fe = fieldErrors(error);
  const items = hooks.data?.items ?? [];
  return (
    <Page title={t('funder.webhooks.title')} loading={hooks.isPending} error={hooks.error}>
      <Text>{t('funder.webhooks.intro')}</Text>
      <ProblemMessage error={error} />
      {items.length === 0 ? <Text>{t('funder.webhooks.empty')}</Text> : (
        <Stack gap="sm">
          {items.map((w) => (
            <Card key={w.id} withBorder component="article" aria-labelledby={`hook-${w.id}`}>
              <Group justify="space-between" wrap="wrap">
                <Title order={2} size="h4" id={`hook-${w.id}`} style={{ wordBreak: 'break-all' }}>{w.url}</Title>
                <Badge color={STATE_COLOR[w.state]}>{t(`funder.webhooks.state.${w.state}`)}</Badge>
              </Group>
              {w.description && <Text size="sm">{w.description}</Text>}
              <Text size="sm">{t('funder.webhooks.events')} : {w.eventTypes.map((e) => t(`event.${e}`, { defaultValue: e })).join(', ')}</Text>
              {w.lastSuccessAt && <Text size="sm">{t('funder.webhooks.lastSuccess', { date: dateTime(w.lastSuccessAt) })}</Text>}
              {secret?.id === w.id && <Secret secret={secret.secret} />}
              <Group gap="xs" mt="sm">
                <Button size="xs" variant="light" aria-expanded={log === w.id} onClick={() => setLog(log === w.id ? null : w.id)} aria-label={t('funder.webhooks.deliveriesOf', { url: w.url })}>{t('funder.webhooks.deliveries')}</Button>
                <Button size="xs" variant="light" onClick={() => void rotate(w)} aria-label={t('funder.webhooks.rotateOf', { url: w.url })}>{t('funder.webhooks.rotate')}</Button>
                {w.state === 'paused' && <Button size="xs" variant="light" onClick={() => void resume(w)}>{t('funder.webhooks.resume')}</Button>}
                <Button size="xs" variant="default" onClick={() => void toggle(w)}>{w.active ? t('funder.webhooks.pause') : t('funder.webhooks.activate')}</Button>
                <Button size="xs" variant="subtle" color="red" onClick={() => void remove(w)} aria-label={t('funder.webhooks.removeOf', { url: w.url })}>{t('funder.webhooks.remove')}</Button>
              </Group>
              {log === w.id && <Stack mt="sm"><Title order={3} size="h5">{t('funder.webhooks.deliveries')}</Title><Deliveries w={w} /></Stack>}
            </Card>
          ))}
        </Stack>
      )}
      <Card withBorder component="section" aria-labelledby="nouvel-abonnement">
        <Title order={2} size="h3" id="nouvel-abonnement" mb="sm">{t('funder.webhooks.new')}</Title>
        <form noValidate onSubmit={(e) => { e.preventDefault(); void create(); }}>
          <Stack gap="sm">
            <TextInput label={t('funder.webhooks.url')} required type="url" placeholder="https://si.financeur.example/poleflow" value={url} onChange={(e) => setUrl(e.currentTarget.value)} error={fe.url} />
            <TextInput label={t('funder.webhooks.description')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
            <MultiSelect label={t('funder.webhooks.events')} data={EVENTS.map((e) => ({ value: e, label: t(`event.${e}`) }))} value={events} onChange={setEvents} error={fe.eventTypes} />
            <Button type="submit" style={{ alignSelf: 'flex-start' }}>{t('funder.webhooks.create')}</Button>
          </Stack>
        </form>
      </Card>
    </Page>
  );
}
