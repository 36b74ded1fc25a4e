import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, data, idem } from '../../api/client';
import { dateTime } from '../../components/format';
import { Page } from '../../components/Page';
import { ProblemMessage } from '../../components/ProblemMessage';
import type { Contact } from './shared';

export function useAnswer(c: Contact) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [error, setError] = useState<unknown>();
  async function answer(kind: 'accept' | 'decline') {
    setError(undefined);
    try {
      const path = kind === 'accept' ? '/api/v1/contacts/{id}/accept' : '/api/v1/contacts/{id}/decline';
      await data(api.POST(path, { params: { path: { id: c.id }, header: { 'Idempotency-Key': idem() } } } as never));
      notifications.show({ color: 'green', message: t(kind === 'accept' ? 'partners.contact.accepted' : 'partners.contact.declined') });
      await qc.invalidateQueries({ queryKey: ['contacts'] });
      await qc.invalidateQueries({ queryKey: ['contact', c.id] });
    } catch (e) {
      setError(e);
    }
  }
  return { answer, error };
}

export function AnswerButtons({ c }: { c: Contact }) {
  const { t } = useTranslation();
  const { answer, error } = useAnswer(c);
  return (
    <Stack gap={4}>
      <Group>
        <Button onClick={() => void answer('accept')} aria-label={t('partners.contact.acceptOf', { name: c.fromOrganisationName })}>{t('partners.contact.accept')}</Button>
        <Button variant="default" onClick={() => void answer('decline')} aria-label={t('partners.contact.declineOf', { name: c.fromOrganisationName })}>{t('partners.contact.decline')}</Button>
      </Group>
      <ProblemMessage error={error} />
    </Stack>
  );
}

function ContactCard({ c }: { c: Contact }) {
  const { t } = useTranslation();
  const other = c.side === 'sent' ? c.toOrganisationName : c.fromOrganisationName;
  return (
    <Card withBorder component="article" aria-label={other}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="wrap">
          <Title order={3} size="h4"><Anchor component={Link} to={`/partenaires/contacts/${c.id}`} inherit>{c.side === 'sent' ? t('partners.contact.to', { name: other }) : t('partners.contact.from', { name: other })}</Anchor></Title>
          <Badge variant="light" color={c.status === 'accepted' ? 'green' : c.status === 'declined' ? 'gray' : 'orange'}>{t(`partners.contact.status.${c.status}`)}</Badge>
        </Group>
        {c.partnerRequestTitle && <Text size="sm">{t('partners.contact.about', { title: c.partnerRequestTitle })}</Text>}
        <Text size="sm" fs="italic">« {c.message} »</Text>
        <Text size="xs" c="dimmed">{dateTime(c.lastActivityAt)}</Text>
        {c.side === 'received' && c.status === 'pending' && <AnswerButtons c={c} />}
      </Stack>
    </Card>
  );
}

/** Contact requests received (to answer) and sent. */
export default function ContactsPage() {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ['contacts'], queryFn: () => data(api.GET('/api/v1/contacts')) as Promise<{ items: Contact[] }> });
  const items = list.data?.items ?? [];
  const received = items.filter((c) => c.side === 'received');
  const sent = items.filter((c) => c.side === 'sent');
  return (
    <Page title={t('partners.contact.title')} loading={list.isPending} error={list.error}>
      {items.length === 0 && <Text>{t('partners.contact.empty')}</Text>}
      {received.length > 0 && <><Title order={2} size="h3">{t('partners.contact.received')}</Title><Stack gap="sm">{received.map((c) => <ContactCard key={c.id} c={c} />)}</Stack></>}
      {sent.length > 0 && <><Title order={2} size="h3">{t('partners.contact.sent')}</Title><Stack gap="sm">{sent.map((c) => <ContactCard key={c.id} c={c} />)}</Stack></>}
    </Page>
  );
}
