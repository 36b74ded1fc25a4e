import { Anchor, Badge, Card, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useCalls } from '../../api/public';
import { date } from '../../components/format';
import { Page } from '../../components/Page';

export default function CallsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const status = (params.get('statut') ?? 'open') as 'open' | 'upcoming' | 'closed';
  const calls = useCalls(status);
  const items = calls.data?.items ?? [];
  return (
    <Page title={t('calls.title')} error={calls.error}>
      <SegmentedControl
        aria-label={t('calls.filter')}
        value={status}
        onChange={(v) => setParams({ statut: v })}
        data={[{ value: 'open', label: t('calls.status.open') }, { value: 'upcoming', label: t('calls.status.upcoming') }, { value: 'closed', label: t('calls.status.closed') }]}
        style={{ alignSelf: 'flex-start' }}
      />
      {calls.isPending ? <Text>{t('common.loading')}</Text> : items.length === 0 ? <Text>{t('calls.empty')}</Text> : (
        <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {items.map((c) => (
            <li key={c.id}>
              <Card withBorder padding="md">
                <Group justify="space-between" wrap="wrap">
                  <Title order={2} size="h4"><Anchor component={Link} to={`/appels/${c.id}`}>{c.title}</Anchor></Title>
                  <Badge color={c.status === 'open' ? 'green' : c.status === 'upcoming' ? 'blue' : 'gray'}>{t(`calls.state.${c.status}`)}</Badge>
                </Group>
                <Text size="sm">{c.funderName} · {t('calls.dates', { opens: date(c.opensAt), closes: date(c.closesAt) })}</Text>
              </Card>
            </li>
          ))}
        </Stack>
      )}
    </Page>
  );
}
