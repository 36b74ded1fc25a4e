import { Badge, Button, Card, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, data, idem } from '../../api/client';
import { useProjects } from '../../api/projects';
import { useAuth } from '../../app/auth';
import { dateTime } from '../../components/format';
import { Page } from '../../components/Page';
import { ProblemMessage } from '../../components/ProblemMessage';
import { AnswerButtons } from './ContactsPage';
import type { Contact } from './shared';

/** The requester invites the other organisation into one of its draft projects (submission's invitation flow). */
function InviteIntoProject({ organisationId, name }: { organisationId: string; name: string }) {
  const { t } = useTranslation();
  const { organisation } = useAuth();
  const projects = useProjects();
  const mine = (projects.data?.items ?? []).filter((p) => p.status === 'draft' && p.coordinatorOrganisationId === organisation?.targetId);
  const [projectId, setProjectId] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  if (!mine.length) return null;
  async function invite() {
    setError(undefined);
    try {
      await data(api.POST('/api/v1/projects/{id}/invitations', { params: { path: { id: projectId! }, header: { 'Idempotency-Key': idem() } }, body: { organisationId } } as never));
      notifications.show({ color: 'green', message: t('partners.contact.invited', { name }) });
    } catch (e) {
      setError(e);
    }
  }
  return (
    <Stack gap="xs">
      <Title order={2} size="h3">{t('partners.contact.invite')}</Title>
      <Text size="sm">{t('partners.contact.inviteIntro', { name })}</Text>
      <Select label={t('partners.suggestions.project')} data={mine.map((p) => ({ value: p.id, label: `${p.acronym} — ${p.title}` }))} value={projectId} onChange={setProjectId} maw={520} />
      <ProblemMessage error={error} />
      <Button onClick={() => void invite()} disabled={!projectId} style={{ alignSelf: 'flex-start' }}>{t('partners.contact.inviteSend')}</Button>
    </Stack>
  );
}

/** One contact: the request, its answer, the messages between the two organisations. */
export default function ContactPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const contact = useQuery({ queryKey: ['contact', id], queryFn: () => data(api.GET('/api/v1/contacts/{id}', { params: { path: { id } } })) as Promise<Contact> });
  const [body, setBody] = useState('');
  const [error, setError] = useState<unknown>();
  const c = contact.data;
  const other = c ? (c.side === 'sent' ? c.toOrganisationName : c.fromOrganisationName) : '';
  async function post() {
    setError(undefined);
    try {
      await data(api.POST('/api/v1/contacts/{id}/messages', { params: { path: { id }, header: { 'Idempotency-Key': idem() } }, body: { body: body.trim() } } as never));
      setBody('');
      notifications.show({ color: 'green', message: t('partners.contact.posted') });
      await qc.invalidateQueries({ queryKey: ['contact', id] });
    } catch (e) {
      setError(e);
    }
  }
  return (
    <Page title={c ? t('partners.contact.with', { name: other }) : t('partners.contact.title')} loading={contact.isPending} error={contact.error}>
      {c && (
        <Stack gap="sm">
          <Badge variant="light" color={c.status === 'accepted' ? 'green' : c.status === 'declined' ? 'gray' : 'orange'}>{t(`partners.contact.status.${c.status}`)}</Badge>
          {c.partnerRequestTitle && <Text size="sm">{t('partners.contact.about', { title: c.partnerRequestTitle })}</Text>}
          <Card withBorder><Text size="sm" fw={600}>{c.fromOrganisationName}</Text><Text size="sm">{c.message}</Text><Text size="xs" c="dimmed">{dateTime(c.requestedAt)}</Text></Card>
          {c.side === 'received' && c.status === 'pending' && <AnswerButtons c={c} />}
          <Title order={2} size="h3">{t('partners.contact.messages')}</Title>
          {c.status !== 'accepted' ? <Text>{t('partners.contact.waiting', { name: c.toOrganisationName })}</Text> : (
            <>
              {c.messages.length === 0 && <Text>{t('partners.contact.noMessages')}</Text>}
              <Stack gap="xs" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                {c.messages.map((m) => (
                  <Card key={m.id} withBorder component="li">
                    <Text size="sm" fw={600}>{m.authorOrganisationName}</Text>
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{m.body}</Text>
                    <Text size="xs" c="dimmed">{dateTime(m.postedAt)}</Text>
                  </Card>
                ))}
              </Stack>
              <Textarea label={t('partners.contact.write')} value={body} onChange={(e) => setBody(e.currentTarget.value)} maxLength={4000} autosize minRows={2} maw={720} />
              <ProblemMessage error={error} />
              <Button onClick={() => void post()} disabled={!body.trim()} style={{ alignSelf: 'flex-start' }}>{t('partners.contact.post')}</Button>
              {c.side === 'sent' && <InviteIntoProject organisationId={c.toOrganisationId} name={c.toOrganisationName} />}
            </>
          )}
        </Stack>
      )}
    </Page>
  );
}
