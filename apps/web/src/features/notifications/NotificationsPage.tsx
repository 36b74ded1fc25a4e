import { Anchor, Badge, Button, Card, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, data, type Schemas } from '../../api/client';
import { dateTime } from '../../components/format';
import { Page } from '../../components/Page';

type Notification = Schemas['NotificationView'];

/** A notification's page in the web app (the API's `link` names an API path; the project page is where to act). */
const pageOf = (n: Notification): string => {
  const contact = /^\/api\/v1\/contacts\/([0-9a-f-]+)$/.exec(n.link ?? ''); // matchmaking: the contact's page
  if (contact) return `/partenaires/contacts/${contact[1]}`;
  // network: a membership on the pole's page (its managers) or the member's; a support request on its page.
  if (/^\/api\/v1\/memberships\/[0-9a-f-]+$/.test(n.link ?? '')) return n.audience === 'pole' ? '/pole/adhesions' : '/adhesions';
  const support = /^\/api\/v1\/support-requests\/([0-9a-f-]+)$/.exec(n.link ?? '');
  if (support) return `/accompagnement/${support[1]}`;
  return n.projectId ? `/projets/${n.projectId}` : '/projets';
};

export default function NotificationsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const status = params.get('statut') === 'toutes' ? 'all' : 'unread';
  const list = useQuery({ queryKey: ['notifications', status], queryFn: () => data(api.GET('/api/v1/notifications', { params: { query: { status, limit: 100 } } })) as unknown as Promise<{ items: Notification[] }> });
  const read = useMutation({
    mutationFn: (id: string) => data(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['notifications'] }),
  });
  const items = list.data?.items ?? [];
  return (
    <Page title={t('notifications.title')} loading={list.isPending} error={list.error}>
      <SegmentedControl aria-label={t('notifications.filter')} value={status === 'all' ? 'toutes' : 'non-lues'} onChange={(v) => setParams({ statut: v })}
        data={[{ value: 'non-lues', label: t('notifications.unread') }, { value: 'toutes', label: t('notifications.all') }]} style={{ alignSelf: 'flex-start' }} />
      {items.length === 0 && <Text>{t('notifications.empty')}</Text>}
      <Stack gap="xs">
        {items.map((n) => (
          <Card key={n.id} withBorder padding="sm">
            <Group justify="space-between" wrap="wrap">
              <Anchor component={Link} to={pageOf(n)} onClick={() => !n.readAt && read.mutate(n.id)}>{t(`event.${n.eventType}`, { defaultValue: n.message })}</Anchor>
              {n.readAt ? <Badge color="gray" variant="light">{t('notifications.read')}</Badge> : (
                <Button size="compact-xs" variant="light" onClick={() => read.mutate(n.id)}>{t('notifications.markRead')}</Button>
              )}
            </Group>
            <Text size="sm">{n.message}</Text>
            <Text size="xs" c="dimmed">{dateTime(n.createdAt)}</Text>
          </Card>
        ))}
      </Stack>
    </Page>
  );
}
