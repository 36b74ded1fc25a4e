import { Badge, Button, Group, Select, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, data, idem } from '../../api/client';
import { date } from '../../components/format';
import { Page } from '../../components/Page';
import { ProblemMessage } from '../../components/ProblemMessage';
import { KindBadge, ThemeList, type PartnerRequest, type Suggestion } from './shared';
import { Suggestions } from './Suggestions';

function Close({ r, suggestions }: { r: PartnerRequest; suggestions: Suggestion[] }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [found, setFound] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  async function close(outcome: 'found' | 'closed') {
    setError(undefined);
    try {
      await data(api.POST('/api/v1/partner-requests/{id}/close', {
        params: { path: { id: r.id }, header: { 'Idempotency-Key': idem() } }, body: { outcome, ...(outcome === 'found' && found ? { organisationId: found } : {}) },
      } as never));
      notifications.show({ color: 'green', message: t('partners.request.closed') });
      await qc.invalidateQueries();
    } catch (e) {
      setError(e);
    }
  }
  return (
    <Stack gap="xs">
      <Title order={2} size="h3">{t('partners.request.close')}</Title>
      <Group align="flex-end">
        <Select label={t('partners.request.found')} data={suggestions.map((s) => ({ value: s.organisationId, label: s.name }))} value={found} onChange={setFound} clearable />
        <Button onClick={() => void close('found')} disabled={!found}>{t('partners.request.found')}</Button>
        <Button variant="default" onClick={() => void close('closed')}>{t('partners.request.giveUp')}</Button>
      </Group>
      <ProblemMessage error={error} />
    </Stack>
  );
}

/** A request: what is sought and, for its author, the suggested partners with their reasons. */
export default function RequestPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const req = useQuery({ queryKey: ['partner-request', id], queryFn: () => data(api.GET('/api/v1/partner-requests/{id}', { params: { path: { id } } })) as Promise<PartnerRequest> });
  const r = req.data;
  const matches = useQuery({
    queryKey: ['matches', id], enabled: !!r?.mine,
    queryFn: () => data(api.GET('/api/v1/partner-requests/{id}/matches', { params: { path: { id } } })) as Promise<{ items: Suggestion[] }>,
  });
  return (
    <Page title={r?.title ?? t('partners.requests')} loading={req.isPending} error={req.error}>
      {r && (
        <Stack gap="sm">
          <Group gap="xs"><Badge color={r.status === 'open' ? 'green' : 'gray'} variant="light">{t(`partners.status.${r.status}`)}</Badge>
            {r.foundOrganisationName && <Text>{t('partners.request.foundWith', { name: r.foundOrganisationName })}</Text>}</Group>
          <Text size="sm">{t('partners.by', { name: r.authorOrganisationName, pole: r.poleName })} · {t(`partners.visibility.${r.visibility}`)} · {t('partners.deadline', { date: date(r.deadline) })}</Text>
          <Title order={2} size="h3">{t('partners.request.idea')}</Title>
          <Text>{r.idea}</Text>
          <Title order={2} size="h3">{t('partners.request.competence')}</Title>
          <Text>{r.competence}</Text>
          <Group gap={4}>{r.kindsSought.map((k) => <KindBadge key={k} kind={k} />)}{r.regionsSought.map((g) => <Badge key={g} variant="outline">{g}</Badge>)}</Group>
          <ThemeList themes={r.themes} />
          {r.mine && (matches.error ? <ProblemMessage error={matches.error} /> : matches.data && (
            <>
              <Suggestions items={matches.data.items} fromOrganisationId={r.authorOrganisationId} partnerRequestId={r.id} />
              {r.status === 'open' && <Close r={r} suggestions={matches.data.items} />}
            </>
          ))}
        </Stack>
      )}
    </Page>
  );
}
