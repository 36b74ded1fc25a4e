import { Alert, Anchor, Badge, Button, Card, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, data } from '../../api/client';
import { date } from '../../components/format';
import { Page } from '../../components/Page';
import { KindBadge, ThemeList, useMyPoles, type PartnerRequest } from './shared';

export function RequestCard({ r }: { r: PartnerRequest }) {
  const { t } = useTranslation();
  return (
    <Card withBorder component="article" aria-label={r.title}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="wrap">
          <Title order={3} size="h4"><Anchor component={Link} to={`/partenaires/recherches/${r.id}`} inherit>{r.title}</Anchor></Title>
          <Badge color={r.status === 'open' ? 'green' : 'gray'} variant="light">{t(`partners.status.${r.status}`)}</Badge>
        </Group>
        <Text size="sm">{t('partners.by', { name: r.authorOrganisationName, pole: r.poleName })} · {t(`partners.visibility.${r.visibility}`)}</Text>
        <Text size="sm" lineClamp={2}>{r.competence}</Text>
        <Group gap={4}>{r.kindsSought.map((k) => <KindBadge key={k} kind={k} />)}{r.regionsSought.map((g) => <Badge key={g} variant="outline">{g}</Badge>)}</Group>
        <ThemeList themes={r.themes} />
        <Text size="xs" c="dimmed">{t('partners.deadline', { date: date(r.deadline) })}</Text>
      </Stack>
    </Card>
  );
}

/** Partner requests the caller may read (its own, or all), with the ways in: profile, new request, contacts. */
export default function PartnersPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const mine = params.get('vue') === 'miennes';
  const poles = useMyPoles();
  const list = useQuery({
    queryKey: ['partner-requests', mine],
    queryFn: () => data(api.GET('/api/v1/partner-requests', { params: { query: { status: 'open', ...(mine ? { mine: 'true' } : {}) } } } as never)) as unknown as Promise<{ items: PartnerRequest[] }>,
  });
  const items = list.data?.items ?? [];
  return (
    <Page title={t('partners.title')} loading={list.isPending} error={list.error} actions={(
      <Group gap="xs">
        <Button component={Link} to="/partenaires/profil" variant="default">{t('partners.myProfile')}</Button>
        <Button component={Link} to="/partenaires/contacts" variant="default">{t('partners.contacts')}</Button>
        <Button component={Link} to="/partenaires/projets" variant="default">{t('partners.suggestions.forProject')}</Button>
        <Button component={Link} to="/partenaires/recherches/nouvelle">{t('partners.newRequest')}</Button>
      </Group>
    )}>
      <Text>{t('partners.intro')}</Text>
      {poles.data && poles.data.length === 0 && <Alert color="blue">{t('partners.notMember')}</Alert>}
      <Title order={2} size="h3">{t('partners.requests')}</Title>
      <SegmentedControl aria-label={t('partners.requests')} value={mine ? 'miennes' : 'toutes'} onChange={(v) => setParams(v === 'miennes' ? { vue: v } : {})}
        data={[{ value: 'toutes', label: t('partners.all') }, { value: 'miennes', label: t('partners.mine') }]} style={{ alignSelf: 'flex-start' }} />
      {items.length === 0 ? <Text>{t('partners.requestsEmpty')}</Text> : <Stack gap="sm">{items.map((r) => <RequestCard key={r.id} r={r} />)}</Stack>}
    </Page>
  );
}
