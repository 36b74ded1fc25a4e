import { Badge, Button, Card, Group, Select, Stack, Table, TagsInput, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, data, idem } from '../../api/client';
import { useAllPoles } from '../../api/public';
import { useAuth } from '../../app/auth';
import { date, euros } from '../../components/format';
import { Page } from '../../components/Page';
import { ProblemMessage } from '../../components/ProblemMessage';
import { FEE_CLASSES, useFeeGrid, useMemberships, type Membership } from './api';

const COLOR: Record<string, string> = { applied: 'orange', active: 'green', refused: 'red', left: 'gray', lapsed: 'red' };
const day = (d: string) => date(`${d}T12:00:00Z`);

/** The company's memberships of poles, their years and fees; applying to a pole. */
export default function MembershipsPage() {
  const { t } = useTranslation();
  const { organisation } = useAuth();
  const orgId = organisation?.targetId;
  const list = useMemberships({ organisationId: orgId });
  const items = list.data ?? [];
  return (
    <Page title={t('network.mine.title')} loading={list.isPending && !!orgId} error={list.error}>
      <Stack gap="md">
        {items.length === 0 && <Text>{t('network.mine.none')}</Text>}
        {items.map((m) => <MembershipCard key={m.id} m={m} />)}
        {orgId && <ApplyForm organisationId={orgId} exclude={items.filter((m) => m.status === 'applied' || m.status === 'active').map((m) => m.poleId)} />}
      </Stack>
    </Page>
  );
}

function MembershipCard({ m }: { m: Membership }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [error, setError] = useState<unknown>();
  async function act(what: 'renewal' | 'leave') {
    setError(undefined);
    if (what === 'leave' && !window.confirm(t('network.mine.leaveConfirm', { pole: m.poleName }))) return;
    try {
      const path = what === 'renewal' ? '/api/v1/memberships/{id}/renewal' : '/api/v1/memberships/{id}/leave';
      const v = await data(api.POST(path, { params: { path: { id: m.id }, header: { 'Idempotency-Key': idem() } }, body: {} } as never)) as Membership;
      notifications.show({ color: 'green', message: what === 'renewal' ? t('network.mine.renewed', { date: day(v.endsOn!) }) : t('network.mine.left', { pole: m.poleName }) });
      await qc.invalidateQueries({ queryKey: ['network'] });
    } catch (e) {
      setError(e);
    }
  }
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={`m-${m.id}`}>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h3" id={`m-${m.id}`}>{m.poleName}</Title>
        <Group gap="xs">
          <Badge color={COLOR[m.status]}>{t(`network.status.${m.status}`)}</Badge>
          {m.renewalDue && m.endsOn && <Badge color="orange" variant="light">{t('network.mine.renewalDue', { date: day(m.endsOn) })}</Badge>}
        </Group>
      </Group>
      <Text size="sm">{t(`network.feeClass.${m.feeClass}`)} · {m.city}{m.endsOn && m.status === 'active' ? ` · ${t('network.mine.until', { date: day(m.endsOn) })}` : ''}</Text>
      {m.reason && <Text size="sm">{t('network.mine.reason', { reason: m.reason })}</Text>}
      {m.years.length > 0 && (
        <Table mt="sm">
          <Table.Thead><Table.Tr><Table.Th>{t('network.mine.year')}</Table.Th><Table.Th>{t('network.mine.fee')}</Table.Th><Table.Th>{t('network.mine.invoiced')}</Table.Th><Table.Th>{t('network.mine.paid')}</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {m.years.map((y) => (
              <Table.Tr key={y.startsOn}>
                <Table.Td>{day(y.startsOn)} – {day(y.endsOn)}</Table.Td><Table.Td>{euros(y.feeCents)}</Table.Td>
                <Table.Td>{y.invoicedAt ? date(y.invoicedAt) : t('network.mine.notYet')}</Table.Td><Table.Td>{y.paidAt ? date(y.paidAt) : t('network.mine.notYet')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <ProblemMessage error={error} />
      <Group mt="sm" gap="xs">
        {m.status === 'active' && <Button component={Link} to={`/poles/${m.poleId}/adherents`} variant="light">{t('network.directory.link')}</Button>}
        {(m.renewalDue || m.status === 'lapsed') && <Button onClick={() => void act('renewal')}>{t('network.mine.renew')}</Button>}
        {(m.status === 'active' || m.status === 'applied') && (
          <Button variant="default" onClick={() => void act('leave')}>{t(m.status === 'applied' ? 'network.mine.withdraw' : 'network.mine.leave')}</Button>
        )}
      </Group>
    </Card>
  );
}

function ApplyForm({ organisationId, exclude }: { organisationId: string; exclude: string[] }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const qc = useQueryClient();
  const poles = useAllPoles();
  const [poleId, setPoleId] = useState<string | null>(null);
  const grid = useFeeGrid(poleId);
  const [city, setCity] = useState('');
  const [themes, setThemes] = useState<string[]>([]);
  const [name, setName] = useState(me?.account.displayName ?? '');
  const [email, setEmail] = useState(me?.account.email ?? '');
  const [phone, setPhone] = useState('');
  const [message, setMessage] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const options = (poles.data?.items ?? []).filter((p) => !exclude.includes(p.id)).map((p) => ({ value: p.id, label: p.name }));
  const poleName = options.find((o) => o.value === poleId)?.label ?? '';
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      await data(api.POST('/api/v1/memberships', {
        params: { header: { 'Idempotency-Key': idem() } },
        body: { poleId: poleId ?? '', organisationId, city, themes, contact: { name, email, phone: phone || null }, ...(message ? { message } : {}) },
      } as never));
      notifications.show({ color: 'green', message: t('network.mine.applied', { pole: poleName }) });
      setPoleId(null);
      await qc.invalidateQueries({ queryKey: ['network'] });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="apply-title">
      <Title order={2} size="h3" id="apply-title" mb="sm">{t('network.mine.applyTitle')}</Title>
      <form onSubmit={(e) => void submit(e)}>
        <Stack gap="sm" maw={560}>
          <Select label={t('network.mine.pole')} data={options} value={poleId} onChange={setPoleId} searchable required />
          {poleId && grid.data && (
            <Table aria-label={t('network.mine.gridTitle', { pole: poleName })}>
              <Table.Caption>{t('network.mine.gridTitle', { pole: poleName })}</Table.Caption>
              <Table.Tbody>
                {FEE_CLASSES.map((c) => <Table.Tr key={c}><Table.Td>{t(`network.feeClass.${c}`)}</Table.Td><Table.Td>{euros(grid.data.fees[c])}</Table.Td></Table.Tr>)}
              </Table.Tbody>
            </Table>
          )}
          <TextInput label={t('network.mine.city')} value={city} onChange={(e) => setCity(e.currentTarget.value)} required maxLength={120} />
          <TagsInput label={t('network.mine.themes')} value={themes} onChange={setThemes} maxTags={10} />
          <TextInput label={t('network.mine.contactName')} value={name} onChange={(e) => setName(e.currentTarget.value)} required maxLength={200} />
          <TextInput label={t('network.mine.contactEmail')} type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} required maxLength={254} />
          <TextInput label={t('network.mine.contactPhone')} value={phone} onChange={(e) => setPhone(e.currentTarget.value)} maxLength={40} />
          <Textarea label={t('network.mine.message')} value={message} onChange={(e) => setMessage(e.currentTarget.value)} maxLength={2000} autosize minRows={2} />
          <ProblemMessage error={error} />
          <Group><Button type="submit" loading={busy}>{t('network.mine.apply')}</Button></Group>
        </Stack>
      </form>
    </Card>
  );
}
