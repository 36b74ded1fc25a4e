import { Badge, Button, Group, SegmentedControl, Stack, Table, Text, TextInput, Textarea, Title, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data, idem } from '../../api/client';
import { usePublicOrganisations, useProjectInvitations, type Invitation } from '../../api/consortium';
import type { Project } from '../../api/projects';
import { date } from '../../components/format';
import { ProblemMessage, fieldErrors } from '../../components/ProblemMessage';

const STATUS_COLOR: Record<Invitation['status'], string> = { pending: 'orange', accepted: 'green', declined: 'red', withdrawn: 'gray' };

/** The consortium step: partners who accepted, invitations sent (and their answers), a new invitation by SIREN, name or e-mail. */
export function ConsortiumStep({ project, onNext }: { project: Project; onNext(): void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const invitations = useProjectInvitations(project.id);
  const [by, setBy] = useState<'organisation' | 'email'>('organisation');
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 250);
  const found = usePublicOrganisations(by === 'organisation' ? q : '');
  const [email, setEmail] = useState('');
  const [message, setMessage] = useState('');
  const [error, setError] = useState<unknown>();
  const [emailError, setEmailError] = useState<string>();
  const partnerIds = new Set(project.partners.map((p) => p.organisationId));
  const pendingIds = new Set((invitations.data?.items ?? []).filter((i) => i.status === 'pending').map((i) => i.organisationId));

  async function invite(body: { organisationId: string } | { email: string }, name: string) {
    setError(undefined);
    setEmailError(undefined);
    try {
      await data(api.POST('/api/v1/projects/{id}/invitations', { params: { path: { id: project.id }, header: { 'Idempotency-Key': idem() } }, body: { ...body, role: 'partner', ...(message.trim() ? { message: message.trim() } : {}) } } as never));
      notifications.show({ color: 'green', message: t('consortium.invited', { name }) });
      setText('');
      setEmail('');
      await qc.invalidateQueries({ queryKey: ['invitations', 'project', project.id] });
    } catch (e) {
      setError(e);
      setEmailError(fieldErrors(e).email);
    }
  }
  async function withdraw(i: Invitation) {
    if (!window.confirm(t('consortium.withdrawConfirm', { name: i.organisationName ?? i.email }))) return;
    try {
      await data(api.POST('/api/v1/invitations/{invitationId}/withdraw', { params: { path: { invitationId: i.id }, header: { 'Idempotency-Key': idem() } } } as never));
      await qc.invalidateQueries({ queryKey: ['invitations', 'project', project.id] });
    } catch (e) {
      setError(e);
    }
  }

  const sent = (invitations.data?.items ?? []).filter((i) => i.status !== 'accepted');
  return (
    <Stack maw={860}>
      <Title order={2} size="h4">{t('consortium.members')}</Title>
      <Table>
        <Table.Thead><Table.Tr><Table.Th>{t('projects.partner')}</Table.Th><Table.Th>{t('projects.role')}</Table.Th><Table.Th>{t('consortium.budgetStatus')}</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {project.partners.map((p) => (
            <Table.Tr key={p.organisationId}>
              <Table.Td>{p.name}</Table.Td>
              <Table.Td>{t(`projects.roles.${p.role}`)}</Table.Td>
              <Table.Td>
                <Badge color={p.confirmed ? 'green' : 'orange'} variant="light">{p.confirmed ? t('consortium.confirmed') : t('consortium.toConfirm')}</Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>

      <Title order={2} size="h4">{t('consortium.sent')}</Title>
      {sent.length === 0 ? <Text c="dimmed">{t('consortium.noneSent')}</Text> : (
        <Table>
          <Table.Thead><Table.Tr><Table.Th>{t('consortium.invitee')}</Table.Th><Table.Th>{t('consortium.sentOn')}</Table.Th><Table.Th>{t('consortium.answer')}</Table.Th><Table.Th><VisuallyHidden>{t('common.actions')}</VisuallyHidden></Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {sent.map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td>{i.organisationName ?? i.email}</Table.Td>
                <Table.Td>{date(i.invitedAt)}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLOR[i.status]} variant="light">{t(`consortium.status.${i.status}`)}</Badge>
                  {i.declineReason && <Text size="sm">{i.declineReason}</Text>}
                </Table.Td>
                <Table.Td>
                  {i.status === 'pending' && <Button size="compact-sm" variant="subtle" color="red" onClick={() => void withdraw(i)} aria-label={t('consortium.withdrawOf', { name: i.organisationName ?? i.email })}>{t('consortium.withdraw')}</Button>}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}

      <Title order={2} size="h4">{t('projects.inviteTitle')}</Title>
      <ProblemMessage error={error} />
      <SegmentedControl value={by} onChange={(v) => setBy(v as 'organisation' | 'email')} aria-label={t('consortium.inviteBy')}
        data={[{ value: 'organisation', label: t('consortium.byOrganisation') }, { value: 'email', label: t('consortium.byEmail') }]} style={{ alignSelf: 'flex-start' }} />
      <Textarea label={t('consortium.message')} description={t('consortium.messageHint')} autosize minRows={2} maxLength={2000} value={message} onChange={(e) => setMessage(e.currentTarget.value)} />
      {by === 'organisation' ? (
        <>
          <TextInput type="search" label={t('consortium.find')} description={t('consortium.findHint')} value={text} onChange={(e) => setText(e.currentTarget.value)} />
          {q.length >= 2 && (
            <Stack gap={4} role="status">
              {found.data && found.data.items.length === 0 && <Text size="sm">{t('consortium.notFound')}</Text>}
              {(found.data?.items ?? []).map((o) => (
                <Group key={o.id} gap="xs">
                  <Button size="compact-sm" variant="light" disabled={partnerIds.has(o.id) || pendingIds.has(o.id)} onClick={() => void invite({ organisationId: o.id }, o.name)} aria-label={t('consortium.inviteOrg', { name: o.name })}>{t('consortium.invite')}</Button>
                  <Text size="sm">{o.name} · SIREN {o.siren} · {o.region} · {o.sizeClass}</Text>
                </Group>
              ))}
            </Stack>
          )}
        </>
      ) : (
        <Group align="flex-end">
          <TextInput type="email" label={t('field.email')} value={email} error={emailError} onChange={(e) => setEmail(e.currentTarget.value)} style={{ flex: 1 }} />
          <Button onClick={() => void invite({ email: email.trim() }, email.trim())} disabled={!email.includes('@')}>{t('consortium.sendEmail')}</Button>
        </Group>
      )}
      <Button onClick={onNext} style={{ alignSelf: 'flex-start' }}>{t('common.next')}</Button>
    </Stack>
  );
}
