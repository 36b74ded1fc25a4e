import { Anchor, Badge, Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, data, idem } from '../../api/client';
import { ProblemMessage } from '../../components/ProblemMessage';
import { KindBadge, Reasons, type Suggestion } from './shared';

function SuggestionCard({ s, fromOrganisationId, partnerRequestId }: { s: Suggestion; fromOrganisationId: string | undefined; partnerRequestId?: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState('');
  const [error, setError] = useState<unknown>();
  async function send() {
    setError(undefined);
    try {
      await data(api.POST('/api/v1/contacts', {
        params: { header: { 'Idempotency-Key': idem() } },
        body: { fromOrganisationId: fromOrganisationId!, toOrganisationId: s.organisationId, message: message.trim(), ...(partnerRequestId ? { partnerRequestId } : {}) },
      } as never));
      notifications.show({ color: 'green', message: t('partners.suggestions.sent', { name: s.name }) });
      setOpen(false);
      await qc.invalidateQueries({ queryKey: ['matches'] });
      await qc.invalidateQueries({ queryKey: ['contacts'] });
    } catch (e) {
      setError(e);
    }
  }
  return (
    <Card withBorder component="article" aria-label={s.name}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap">
          <Title order={3} size="h4">{s.name}</Title>
          <Group gap={6}><KindBadge kind={s.partnerKind} /><Badge variant="outline">{s.region}</Badge><Badge color="teal">{t('partners.suggestions.score', { score: s.score })}</Badge></Group>
        </Group>
        <Reasons s={s} />
        {s.contactStatus ? (
          <Group gap="xs">
            <Badge variant="light">{t(`partners.suggestions.contactStatus.${s.contactStatus}`)}</Badge>
            {s.contactId && <Anchor component={Link} to={`/partenaires/contacts/${s.contactId}`}>{t('partners.suggestions.seeContact')}</Anchor>}
          </Group>
        ) : fromOrganisationId && (open ? (
          <Stack gap="xs">
            <Textarea label={t('partners.suggestions.message', { name: s.name })} value={message} onChange={(e) => setMessage(e.currentTarget.value)} maxLength={2000} autosize minRows={2} />
            <ProblemMessage error={error} />
            <Button onClick={() => void send()} disabled={!message.trim()} style={{ alignSelf: 'flex-start' }}>{t('partners.suggestions.send')}</Button>
          </Stack>
        ) : (
          <Button variant="light" onClick={() => setOpen(true)} aria-label={t('partners.suggestions.contactOf', { name: s.name })} style={{ alignSelf: 'flex-start' }}>{t('partners.suggestions.contact')}</Button>
        ))}
      </Stack>
    </Card>
  );
}

/** Ranked suggestions with their reasons, and a contact request from each. */
export function Suggestions({ items, fromOrganisationId, partnerRequestId }: { items: Suggestion[]; fromOrganisationId: string | undefined; partnerRequestId?: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      <Title order={2} size="h3">{t('partners.suggestions.title')}</Title>
      <Text size="sm">{t('partners.suggestions.intro')}</Text>
      {items.length === 0 ? <Text>{t('partners.suggestions.empty')}</Text>
        : items.map((s) => <SuggestionCard key={s.organisationId} s={s} fromOrganisationId={fromOrganisationId} partnerRequestId={partnerRequestId} />)}
    </Stack>
  );
}
