import { Anchor, Badge, Button, Card, Group, Select, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, data, idem } from '../../api/client';
import { useAuth } from '../../app/auth';
import { date } from '../../components/format';
import { Page } from '../../components/Page';
import { ProblemMessage } from '../../components/ProblemMessage';
import { SUPPORT_AREAS, useMemberships, useStaffPole, useSupportRequests, type SupportRequest } from './api';

export const STATUS_COLOR: Record<string, string> = { open: 'blue', in_progress: 'indigo', awaiting_member: 'orange', closed: 'gray' };
const day = (d: string) => date(`${d}T12:00:00Z`);

/** The member's support requests and a form to ask its pole. */
export function MemberSupportPage() {
  const { t } = useTranslation();
  const { organisation } = useAuth();
  const list = useSupportRequests({});
  const memberships = useMemberships({ organisationId: organisation?.targetId });
  const active = (memberships.data ?? []).filter((m) => m.status === 'active');
  return (
    <Page title={t('network.support.mineTitle')} loading={list.isPending} error={list.error}>
      <Stack gap="lg">
        <Requests items={list.data ?? []} staff={false} />
        {organisation && (active.length ? <NewRequest organisationId={organisation.targetId} poles={active.map((m) => ({ value: m.poleId, label: m.poleName }))} /> : <Text>{t('network.support.notMember')}</Text>)}
      </Stack>
    </Page>
  );
}

/** The pole staff's inbox of support requests. */
export function PoleSupportPage() {
  const { t } = useTranslation();
  const pole = useStaffPole();
  const [status, setStatus] = useState<string | null>(null);
  const list = useSupportRequests({ poleId: pole?.id, ...(status ? { status } : {}) });
  return (
    <Page title={pole ? `${t('network.support.inboxTitle')} · ${pole.name}` : t('network.support.inboxTitle')} loading={list.isPending && !!pole} error={list.error}>
      <Select label={t('network.support.filterStatus')} maw={280} value={status} onChange={setStatus} clearable placeholder={t('network.support.all')}
        data={['open', 'in_progress', 'awaiting_member', 'closed'].map((s) => ({ value: s, label: t(`network.support.staffStatus.${s}`) }))} />
      <Requests items={list.data ?? []} staff />
    </Page>
  );
}

function Requests({ items, staff }: { items: SupportRequest[]; staff: boolean }) {
  const { t } = useTranslation();
  if (items.length === 0) return <Text>{t('network.support.none')}</Text>;
  return (
    <Table.ScrollContainer minWidth={700}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('network.support.subject')}</Table.Th><Table.Th>{staff ? t('network.support.organisation') : t('network.support.pole')}</Table.Th>
            <Table.Th>{t('network.support.areaLabel')}</Table.Th><Table.Th>{t('network.support.filterStatus')}</Table.Th><Table.Th>{t('network.support.due')}</Table.Th><Table.Th>{t('network.support.opened')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td><Anchor component={Link} to={`/accompagnement/${r.id}`}>{r.subject}</Anchor></Table.Td>
              <Table.Td>{staff ? r.organisationName : r.poleName}</Table.Td>
              <Table.Td>{t(`network.support.area.${r.area}`)}{r.areaDetail ? ` (${r.areaDetail})` : ''}</Table.Td>
              <Table.Td><Badge color={STATUS_COLOR[r.status]}>{t(`network.support.${staff ? 'staffStatus' : 'status'}.${r.status}`)}</Badge></Table.Td>
              <Table.Td>{day(r.dueOn)} {r.overdue && <Badge color="red">{t('network.support.overdue')}</Badge>}</Table.Td>
              <Table.Td>{date(r.openedAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function NewRequest({ organisationId, poles }: { organisationId: string; poles: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [poleId, setPoleId] = useState<string | null>(poles.length === 1 ? poles[0].value : null);
  const [area, setArea] = useState<string | null>(null);
  const [areaDetail, setAreaDetail] = useState('');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [error, setError] = useState<unknown>();
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      await data(api.POST('/api/v1/support-requests', {
        params: { header: { 'Idempotency-Key': idem() } },
        body: { poleId: poleId ?? '', organisationId, area: area ?? '', ...(area === 'other' ? { areaDetail } : {}), subject, body },
      } as never));
      notifications.show({ color: 'green', message: t('network.support.sent', { pole: poles.find((p) => p.value === poleId)?.label ?? '' }) });
      setSubject('');
      setBody('');
      await qc.invalidateQueries({ queryKey: ['network'] });
    } catch (err) {
      setError(err);
    }
  }
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="new-support">
      <Title order={2} size="h3" id="new-support" mb="sm">{t('network.support.newTitle')}</Title>
      <form onSubmit={(e) => void submit(e)}>
        <Stack gap="sm" maw={560}>
          <Select label={t('network.support.pole')} data={poles} value={poleId} onChange={setPoleId} required />
          <Select label={t('network.support.areaLabel')} data={SUPPORT_AREAS.map((a) => ({ value: a, label: t(`network.support.area.${a}`) }))} value={area} onChange={setArea} required />
          {area === 'other' && <TextInput label={t('network.support.areaDetail')} value={areaDetail} onChange={(e) => setAreaDetail(e.currentTarget.value)} required maxLength={120} />}
          <TextInput label={t('network.support.subject')} value={subject} onChange={(e) => setSubject(e.currentTarget.value)} required maxLength={200} />
          <Textarea label={t('network.support.body')} value={body} onChange={(e) => setBody(e.currentTarget.value)} required maxLength={8000} autosize minRows={4} />
          <ProblemMessage error={error} />
          <Group><Button type="submit">{t('network.support.send')}</Button></Group>
        </Stack>
      </form>
    </Card>
  );
}
