import { Badge, Button, Card, Group, NumberInput, SimpleGrid, Stack, Switch, Table, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, data, idem } from '../../api/client';
import { date, euros, percent } from '../../components/format';
import { Page } from '../../components/Page';
import { ProblemMessage } from '../../components/ProblemMessage';
import { FEE_CLASSES, useFeeGrid, useMemberships, useNetworkDashboard, useStaffPole, type FeeGrid as FeeGridView, type Membership } from './api';

const day = (d: string | null) => date(d ? `${d}T12:00:00Z` : null);

/** The pole manager's memberships: the dashboard figures, applications to decide, members and their fees, the fee grid. */
export default function PoleMembershipsPage() {
  const { t } = useTranslation();
  const pole = useStaffPole();
  const list = useMemberships({ poleId: pole?.id });
  const items = list.data ?? [];
  return (
    <Page title={pole ? `${t('network.manage.title')} · ${pole.name}` : t('network.manage.title')} loading={list.isPending && !!pole} error={list.error}>
      {pole && (
        <Stack gap="lg">
          <Dashboard poleId={pole.id} />
          <Applications items={items.filter((m) => m.status === 'applied')} manager={pole.manager} />
          <Members items={items.filter((m) => m.status === 'active')} manager={pole.manager} poleId={pole.id} />
          {pole.manager && <Grid poleId={pole.id} />}
        </Stack>
      )}
    </Page>
  );
}

function Figure({ label, value }: { label: string; value: string | number }) {
  return (
    <Card withBorder padding="sm">
      <Text size="sm">{label}</Text>
      <Text fw={700} size="xl">{value}</Text>
    </Card>
  );
}

function Dashboard({ poleId }: { poleId: string }) {
  const { t } = useTranslation();
  const d = useNetworkDashboard(poleId).data;
  if (!d) return null;
  const p = d.partnerRequests;
  const tally = (title: string, rows: { key: string; count: number }[], prefix: string) => (
    <Table aria-label={title}>
      <Table.Caption>{title}</Table.Caption>
      <Table.Tbody>{rows.map((r) => <Table.Tr key={r.key}><Table.Td>{t(`${prefix}.${r.key}`)}</Table.Td><Table.Td>{r.count}</Table.Td></Table.Tr>)}</Table.Tbody>
    </Table>
  );
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="dash-title">
      <Title order={2} size="h3" id="dash-title" mb="sm">{t('network.manage.dashboard')}</Title>
      <SimpleGrid cols={{ base: 2, md: 4 }} mb="md">
        <Figure label={t('network.manage.stats.members')} value={d.members} />
        <Figure label={t('network.manage.stats.applications')} value={d.applications} />
        <Figure label={t('network.manage.stats.renewals')} value={d.renewalsDue90Days} />
        <Figure label={t('network.manage.stats.lapsed')} value={d.lapsedLastYear} />
        <Figure label={t('network.manage.stats.due')} value={euros(d.feesDueCents)} />
        <Figure label={t('network.manage.stats.invoiced')} value={euros(d.feesInvoicedCents)} />
        <Figure label={t('network.manage.stats.paid')} value={euros(d.feesPaidCents)} />
        <Figure label={t('network.manage.stats.outstanding')} value={euros(d.feesOutstandingCents)} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        {tally(t('network.manage.stats.byClass'), d.byClass, 'network.feeClass')}
        {tally(t('network.manage.stats.byKind'), d.byKind, 'network.kind')}
        {tally(t('network.manage.stats.bySize'), d.bySize, 'network.size')}
      </SimpleGrid>
      <Table mt="md" aria-label={t('network.manage.stats.support')}>
        <Table.Caption>{t('network.manage.stats.support')}</Table.Caption>
        <Table.Thead><Table.Tr><Table.Th>{t('network.manage.stats.area')}</Table.Th><Table.Th>{t('network.manage.stats.open')}</Table.Th><Table.Th>{t('network.manage.stats.closed')}</Table.Th><Table.Th>{t('network.manage.stats.median')}</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {d.support.map((r) => (
            <Table.Tr key={r.area}>
              <Table.Td>{t(`network.support.area.${r.area}`)}</Table.Td><Table.Td>{r.open}</Table.Td><Table.Td>{r.closed}</Table.Td>
              <Table.Td>{r.medianDaysToClose === null ? '—' : t('network.manage.stats.days', { count: r.medianDaysToClose })}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="sm" mt="xs">{t('network.manage.stats.overdue')} : {d.supportOverdue}</Text>
      <Title order={3} size="h4" mt="md" mb="xs" id="partners-title">{t('network.manage.stats.partners')}</Title>
      <SimpleGrid cols={{ base: 2, md: 5 }} aria-labelledby="partners-title" component="section">
        <Figure label={t('network.manage.stats.partnersOpen')} value={p.open} />
        <Figure label={t('network.manage.stats.partnersFound')} value={p.found} />
        <Figure label={t('network.manage.stats.partnersClosed')} value={p.closed} />
        <Figure label={t('network.manage.stats.partnersShare')} value={percent(p.foundShare, false)} />
        <Figure label={t('network.manage.stats.partnersMedian')} value={p.medianDaysToFind === null ? '—' : t('network.manage.stats.days', { count: p.medianDaysToFind })} />
      </SimpleGrid>
    </Card>
  );
}

function useAct() {
  const qc = useQueryClient();
  const [error, setError] = useState<unknown>();
  async function run(path: string, id: string, body: object, message: string) {
    setError(undefined);
    try {
      await data(api.POST(path as never, { params: { path: { id }, header: { 'Idempotency-Key': idem() } }, body } as never));
      notifications.show({ color: 'green', message });
      await qc.invalidateQueries({ queryKey: ['network'] });
    } catch (e) {
      setError(e);
    }
  }
  return { error, run };
}

function Applications({ items, manager }: { items: Membership[]; manager: boolean }) {
  const { t } = useTranslation();
  const { error, run } = useAct();
  const [reasons, setReasons] = useState<Record<string, string>>({});
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="apps-title">
      <Title order={2} size="h3" id="apps-title" mb="sm">{t('network.manage.applications')}</Title>
      <ProblemMessage error={error} />
      {items.length === 0 ? <Text>{t('network.manage.noApplications')}</Text> : (
        <Stack gap="sm">
          {items.map((m) => (
            <Card key={m.id} withBorder padding="sm">
              <Text fw={600}>{m.organisationName}</Text>
              <Text size="sm">{t(`network.feeClass.${m.feeClass}`)} · {m.city} · {euros(m.currentFeeCents)} · {date(m.appliedAt)}</Text>
              {m.message && <Text size="sm">« {m.message} »</Text>}
              {manager && (
                <Group align="end" mt="xs">
                  <Button onClick={() => void run('/api/v1/memberships/{id}/decision', m.id, { decision: 'accepted' }, t('network.manage.accepted', { name: m.organisationName }))}
                    aria-label={t('network.manage.acceptOf', { name: m.organisationName })}>{t('network.manage.accept')}</Button>
                  <Textarea label={t('network.manage.refuseReason')} value={reasons[m.id] ?? ''} onChange={(e) => setReasons({ ...reasons, [m.id]: e.currentTarget.value })} autosize minRows={1} maxLength={2000} />
                  <Button variant="default" onClick={() => void run('/api/v1/memberships/{id}/decision', m.id, { decision: 'refused', reason: reasons[m.id] ?? '' }, t('network.manage.refused', { name: m.organisationName }))}
                    aria-label={t('network.manage.refuseOf', { name: m.organisationName })}>{t('network.manage.refuse')}</Button>
                </Group>
              )}
            </Card>
          ))}
        </Stack>
      )}
    </Card>
  );
}

function Members({ items, manager, poleId }: { items: Membership[]; manager: boolean; poleId: string }) {
  const { t } = useTranslation();
  const { error, run } = useAct();
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="members-title">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h3" id="members-title">{t('network.manage.members')}</Title>
        <Button component={Link} to={`/poles/${poleId}/adherents`} variant="light">{t('network.directory.link')}</Button>
      </Group>
      <ProblemMessage error={error} />
      {items.length === 0 ? <Text>{t('network.manage.noMembers')}</Text> : (
        <Table.ScrollContainer minWidth={700}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('network.directory.name')}</Table.Th><Table.Th>{t('network.directory.size')}</Table.Th><Table.Th>{t('network.manage.endsOn')}</Table.Th>
                <Table.Th>{t('network.manage.feeStatus')}</Table.Th>{manager && <Table.Th>{t('common.actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((m) => {
                const y = m.years.at(-1)!;
                return (
                  <Table.Tr key={m.id}>
                    <Table.Td>{m.organisationName}</Table.Td>
                    <Table.Td>{t(`network.feeClass.${m.feeClass}`)}</Table.Td>
                    <Table.Td>{day(m.endsOn)} {m.renewalDue && <Badge color="orange" variant="light">{t('network.mine.renew')}</Badge>}</Table.Td>
                    <Table.Td>
                      {euros(y.feeCents)} · {y.paidAt ? <Badge color="green">{t('network.mine.paid')}</Badge> : y.invoicedAt ? <Badge color="orange">{t('network.mine.invoiced')}</Badge> : <Badge color="gray">{t('network.mine.notYet')}</Badge>}
                    </Table.Td>
                    {manager && (
                      <Table.Td>
                        <Group gap="xs">
                          {!y.invoicedAt && <Button size="compact-sm" variant="default" onClick={() => void run('/api/v1/memberships/{id}/invoice', m.id, {}, t('network.manage.invoicedOk', { name: m.organisationName }))}
                            aria-label={t('network.manage.invoiceOf', { name: m.organisationName })}>{t('network.manage.invoice')}</Button>}
                          {!y.paidAt && <Button size="compact-sm" onClick={() => void run('/api/v1/memberships/{id}/payment', m.id, {}, t('network.manage.paidOk', { name: m.organisationName }))}
                            aria-label={t('network.manage.payOf', { name: m.organisationName })}>{t('network.manage.pay')}</Button>}
                        </Group>
                      </Table.Td>
                    )}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}

function Grid({ poleId }: { poleId: string }) {
  const grid = useFeeGrid(poleId);
  return grid.data ? <GridForm key={grid.data.version} poleId={poleId} grid={grid.data} /> : null;
}

function GridForm({ poleId, grid }: { poleId: string; grid: FeeGridView }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [fees, setFees] = useState<Record<string, number>>(() => Object.fromEntries(FEE_CLASSES.map((c) => [c, (grid.fees[c] ?? 0) / 100])));
  const [required, setRequired] = useState(grid.leadMembershipRequired);
  const [error, setError] = useState<unknown>();
  async function save(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      await data(api.PUT('/api/v1/poles/{id}/membership-fees', {
        params: { path: { id: poleId } },
        body: { fees: Object.fromEntries(FEE_CLASSES.map((c) => [c, Math.round((fees[c] ?? 0) * 100)])), leadMembershipRequired: required },
      } as never));
      notifications.show({ color: 'green', message: t('network.manage.saved') });
      await qc.invalidateQueries({ queryKey: ['network'] });
    } catch (err) {
      setError(err);
    }
  }
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="grid-title">
      <Title order={2} size="h3" id="grid-title" mb="sm">{t('network.manage.fees')}</Title>
      <form onSubmit={(e) => void save(e)}>
        <Stack gap="sm" maw={560}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {FEE_CLASSES.map((c) => (
              <NumberInput key={c} label={t('network.manage.feeOf', { class: t(`network.feeClass.${c}`) })} value={fees[c] ?? 0} min={0} max={1_000_000} step={50}
                thousandSeparator=" " onChange={(v) => setFees({ ...fees, [c]: Number(v) || 0 })} />
            ))}
          </SimpleGrid>
          <Switch label={t('network.manage.leadRequired')} checked={required} onChange={(e) => setRequired(e.currentTarget.checked)} />
          <ProblemMessage error={error} />
          <Group><Button type="submit">{t('network.manage.save')}</Button></Group>
        </Stack>
      </form>
    </Card>
  );
}
