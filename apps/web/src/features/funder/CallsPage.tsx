import { Anchor, Badge, Button, Card, Group, Modal, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, call, data, type Schemas } from '../../api/client';
import { date } from '../../components/format';
import { Page } from '../../components/Page';
import { ProblemMessage } from '../../components/ProblemMessage';
import { NoFunder, useFunder } from './common';

type Call = Schemas['CallView'];
const STATUSES = ['all', 'draft', 'open', 'upcoming', 'closed'] as const;
const COLOR: Record<string, string> = { draft: 'gray', upcoming: 'blue', open: 'green', closed: 'dark' };

/** The funder's calls: drafts to publish, open ones to close, each with its applications. */
export default function CallsPage() {
  const { t } = useTranslation();
  const { funderId, funderName, ready } = useFunder();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const status = (STATUSES as readonly string[]).includes(params.get('statut') ?? '') ? params.get('statut')! : 'all';
  const [error, setError] = useState<unknown>();
  const [closing, setClosing] = useState<Call | null>(null);
  const calls = useQuery({
    queryKey: ['funder-calls', funderId],
    enabled: !!funderId,
    queryFn: async () => {
      const [published, drafts] = await Promise.all([
        data(api.GET('/api/v1/calls', { params: { query: { funderId, limit: 100 } } })),
        data(api.GET('/api/v1/calls', { params: { query: { funderId, status: 'draft', limit: 100 } } })),
      ]);
      return [...drafts.items, ...published.items];
    },
  });
  if (!funderId) return <Page title={t('funder.nav.calls')} loading={!ready}><NoFunder /></Page>;
  const items = (calls.data ?? []).filter((c) => status === 'all' || c.status === status);

  async function act(c: Call, what: 'publish' | 'close') {
    setError(undefined);
    try {
      const read = await call(api.GET('/api/v1/calls/{id}', { params: { path: { id: c.id } } }));
      const path = what === 'publish' ? '/api/v1/calls/{id}/publish' : '/api/v1/calls/{id}/close';
      await data(api.POST(path, { params: { path: { id: c.id }, header: { 'if-match': read.etag ?? '' } } } as never));
      notifications.show({ color: 'green', message: t(what === 'publish' ? 'funder.calls.published' : 'funder.calls.closed', { title: c.title }) });
      await qc.invalidateQueries({ queryKey: ['funder-calls'] });
    } catch (e) {
      setError(e);
    }
  }

  return (
    <Page
      title={t('funder.calls.title', { funder: funderName })}
      loading={calls.isPending}
      error={calls.error}
      actions={<Button component={Link} to="/financeur/appels/nouveau">{t('funder.calls.new')}</Button>}
    >
      <SegmentedControl
        aria-label={t('funder.calls.filter')}
        value={status}
        onChange={(v) => setParams(v === 'all' ? {} : { statut: v }, { replace: true })}
        data={STATUSES.map((s) => ({ value: s, label: s === 'all' ? t('funder.calls.all') : t(`funder.calls.status.${s}`) }))}
        style={{ alignSelf: 'flex-start' }}
      />
      <ProblemMessage error={error} />
      {items.length === 0 ? <Text>{t('funder.calls.empty')}</Text> : (
        <Stack gap="sm">
          {items.map((c) => (
            <Card key={c.id} withBorder padding="md" component="article" aria-labelledby={`appel-${c.id}`}>
              <Group justify="space-between" wrap="wrap" align="flex-start">
                <Stack gap={4}>
                  <Title order={2} size="h4" id={`appel-${c.id}`}>{c.title}</Title>
                  <Text size="sm">{t('funder.calls.dates', { opens: date(c.opensAt), closes: date(c.closesAt) })} · {c.aidForms.map((f) => t(`aidForm.${f}`)).join(', ')} · {t('funder.calls.rules', { count: c.rules.length })}</Text>
                </Stack>
                <Badge color={COLOR[c.status]} variant={c.status === 'open' ? 'filled' : 'light'}>{t(`funder.calls.state.${c.status}`)}</Badge>
              </Group>
              <Group gap="sm" mt="sm">
                {c.status === 'draft' && <Button size="xs" onClick={() => void act(c, 'publish')} aria-label={t('funder.calls.publishCall', { title: c.title })}>{t('funder.calls.publish')}</Button>}
                {(c.status === 'open' || c.status === 'upcoming') && (
                  <Button size="xs" variant="default" color="red" onClick={() => setClosing(c)} aria-label={t('funder.calls.closeCall', { title: c.title })}>{t('funder.calls.close')}</Button>
                )}
                {c.status !== 'draft' && (
                  <Anchor component={Link} to={`/financeur/candidatures?appel=${c.id}`} size="sm" aria-label={t('funder.calls.applicationsOf', { title: c.title })}>{t('funder.calls.applications')}</Anchor>
                )}
              </Group>
            </Card>
          ))}
        </Stack>
      )}
      <Modal opened={!!closing} onClose={() => setClosing(null)} title={t('funder.calls.closeConfirmTitle')}>
        <Text>{closing?.title}</Text>
        <Text size="sm" mt="xs">{t('funder.calls.closeConfirm')}</Text>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => setClosing(null)}>{t('funder.calls.cancel')}</Button>
          <Button color="red" onClick={() => { const c = closing!; setClosing(null); void act(c, 'close'); }}>{t('funder.calls.confirmClose')}</Button>
        </Group>
      </Modal>
    </Page>
  );
}
