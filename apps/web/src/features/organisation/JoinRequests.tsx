import { Badge, Button, Card, Group, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data, idem, type Schemas } from '../../api/client';
import { date } from '../../components/format';
import { ProblemMessage, fieldErrors } from '../../components/ProblemMessage';

type JoinRequest = Schemas['JoinRequestView'];
const COLOR: Record<JoinRequest['status'], string> = { pending: 'orange', approved: 'green', refused: 'red', cancelled: 'gray' };

/** An organisation's pending join requests, approved or refused by its admins. */
export function JoinRequestsToDecide({ organisationId }: { organisationId: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const list = useQuery({
    queryKey: ['join-requests', organisationId],
    queryFn: () => data(api.GET('/api/v1/organisations/{id}/join-requests', { params: { path: { id: organisationId }, query: { status: 'pending' } } } as never)) as Promise<JoinRequest[]>,
  });
  const [error, setError] = useState<unknown>();
  async function decide(r: JoinRequest, approve: boolean) {
    setError(undefined);
    if (!approve && !window.confirm(t('org.join.refuseConfirm', { name: r.displayName }))) return;
    try {
      const path = approve ? '/api/v1/organisations/{id}/join-requests/{requestId}/approve' : '/api/v1/organisations/{id}/join-requests/{requestId}/refuse';
      await data(api.POST(path, { params: { path: { id: organisationId, requestId: r.id }, header: { 'Idempotency-Key': idem() } }, body: {} } as never));
      notifications.show({ color: 'green', message: t(approve ? 'org.join.approved' : 'org.join.refused', { name: r.displayName }) });
      await qc.invalidateQueries({ queryKey: ['join-requests', organisationId] });
      await qc.invalidateQueries({ queryKey: ['organisation', organisationId] });
    } catch (e) {
      setError(e);
    }
  }
  const items = list.data ?? [];
  return (
    <Card withBorder padding="lg">
      <Title order={2} size="h3" mb="sm">{t('org.join.toDecide')}</Title>
      <ProblemMessage error={error ?? list.error} />
      {items.length === 0 ? <Text>{t('org.join.noneToDecide')}</Text> : (
        <Table>
          <Table.Thead><Table.Tr><Table.Th>{t('field.displayName')}</Table.Th><Table.Th>{t('field.email')}</Table.Th><Table.Th>{t('org.join.message')}</Table.Th><Table.Th>{t('org.join.on')}</Table.Th><Table.Th>{t('common.actions')}</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {items.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{r.displayName}</Table.Td><Table.Td>{r.email}</Table.Td><Table.Td>{r.message ?? '—'}</Table.Td><Table.Td>{date(r.createdAt)}</Table.Td>
                <Table.Td>
                  <Group gap="xs">
                    <Button size="compact-sm" onClick={() => void decide(r, true)} aria-label={t('org.join.approveOf', { name: r.displayName })}>{t('org.join.approve')}</Button>
                    <Button size="compact-sm" variant="default" onClick={() => void decide(r, false)} aria-label={t('org.join.refuseOf', { name: r.displayName })}>{t('org.join.refuse')}</Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

/** A newcomer asks to join a registered organisation by its SIREN; its own requests, cancellable while pending. */
export function AskToJoin() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const mine = useQuery({ queryKey: ['join-requests', 'mine'], queryFn: () => data(api.GET('/api/v1/me/join-requests')) });
  const [siren, setSiren] = useState('');
  const [message, setMessage] = useState('');
  const [error, setError] = useState<unknown>();
  async function ask(e: React.FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      await data(api.POST('/api/v1/organisations/join-requests', { params: { header: { 'Idempotency-Key': idem() } }, body: { siren: siren.replace(/\s+/g, ''), ...(message.trim() ? { message: message.trim() } : {}) } } as never));
      notifications.show({ color: 'green', message: t('org.join.sent') });
      setSiren('');
      setMessage('');
      await qc.invalidateQueries({ queryKey: ['join-requests', 'mine'] });
    } catch (err) {
      setError(err);
    }
  }
  async function cancel(r: JoinRequest) {
    try {
      await data(api.POST('/api/v1/me/join-requests/{requestId}/cancel', { params: { path: { requestId: r.id }, header: { 'Idempotency-Key': idem() } } } as never));
      await qc.invalidateQueries({ queryKey: ['join-requests', 'mine'] });
    } catch (err) {
      setError(err);
    }
  }
  return (
    <Card withBorder padding="lg" maw={720}>
      <Title order={2} size="h3" mb="sm">{t('org.join.title')}</Title>
      <Text size="sm" mb="sm">{t('org.join.hint')}</Text>
      <form onSubmit={(e) => void ask(e)} noValidate>
        <Stack>
          <ProblemMessage error={error} />
          <TextInput label={t('org.join.siren')} inputMode="numeric" value={siren} error={fieldErrors(error).siren} onChange={(e) => setSiren(e.currentTarget.value)} />
          <Textarea label={t('org.join.message')} autosize minRows={2} maxLength={2000} value={message} onChange={(e) => setMessage(e.currentTarget.value)} />
          <Button type="submit" style={{ alignSelf: 'flex-start' }} disabled={siren.replace(/\s+/g, '').length !== 9}>{t('org.join.ask')}</Button>
        </Stack>
      </form>
      {(mine.data ?? []).length > 0 && (
        <Stack gap="xs" mt="md">
          <Title order={3} size="h4">{t('org.join.mine')}</Title>
          {mine.data!.map((r) => (
            <Group key={r.id} gap="xs">
              <Text>{r.organisationName}</Text>
              <Badge color={COLOR[r.status]} variant="light">{t(`org.join.status.${r.status}`)}</Badge>
              {r.status === 'pending' && <Button size="compact-sm" variant="subtle" onClick={() => void cancel(r)}>{t('org.join.cancel')}</Button>}
            </Group>
          ))}
        </Stack>
      )}
    </Card>
  );
}
