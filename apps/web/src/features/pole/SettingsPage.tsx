import { Alert, Button, Card, Group, Modal, NumberInput, SimpleGrid, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, call, data, idem, type Schemas } from '../../api/client';
import { CRITERIA, useManagedPole, usePoolPeople } from '../../api/pole';
import { date } from '../../components/format';
import { Page } from '../../components/Page';
import { ProblemMessage, fieldErrors } from '../../components/ProblemMessage';

type Settings = Schemas['PoleSettingsView'];

function SettingsForm({ poleId, settings, etag }: { poleId: string; settings: Settings; etag: string | null }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [error, setError] = useState<unknown>();
  const form = useForm({
    initialValues: {
      quorum: settings.quorum, reviewDays: settings.reviewDays, labelValidityMonths: settings.labelValidityMonths, collaborativeRequired: settings.collaborativeRequired,
      maxPartnerSharePct: settings.maxPartnerSharePct, minLeadRegionalSharePct: settings.minLeadRegionalSharePct,
      weights: Object.fromEntries(CRITERIA.map((c) => [c, (settings.weights as Record<string, number>)[c] ?? 0])) as Record<string, number>,
    },
  });
  async function save(v: typeof form.values) {
    setError(undefined);
    try {
      await data(api.PUT('/api/v1/labelling/poles/{poleId}/settings', {
        params: { path: { poleId }, header: { 'If-Match': etag ?? 'W/"0"' } as never },
        body: { ...v, weights: v.weights as Settings['weights'] },
      }));
      notifications.show({ color: 'green', message: t('pole.settings.saved') });
      await qc.invalidateQueries({ queryKey: ['pole-settings', poleId] });
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) {
        notifications.show({ color: 'orange', title: t('common.changedTitle'), message: t('problem.PRECONDITION_FAILED') });
        await qc.invalidateQueries({ queryKey: ['pole-settings', poleId] });
      } else { setError(e); form.setErrors(fieldErrors(e)); }
    }
  }
  return (
    <form onSubmit={form.onSubmit((v) => void save(v))}>
      <Stack gap="md">
        {settings.version === 0 && <Alert color="gray">{t('pole.settings.defaults')}</Alert>}
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NumberInput label={t('pole.settings.quorum')} description={t('pole.settings.quorumHint')} min={1} max={10} allowDecimal={false} {...form.getInputProps('quorum')} />
          <NumberInput label={t('pole.settings.reviewDays')} min={1} max={180} allowDecimal={false} {...form.getInputProps('reviewDays')} />
          <NumberInput label={t('pole.settings.validity')} min={1} max={60} allowDecimal={false} {...form.getInputProps('labelValidityMonths')} />
        </SimpleGrid>
        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <Title order={3} size="h4" component="legend" mb={4}>{t('pole.settings.weights')}</Title>
          <Text size="sm" mb="xs">{t('pole.settings.weightsHint')}</Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {CRITERIA.map((c) => <NumberInput key={c} label={t(`pole.criterion.${c}`)} min={0} max={100} allowDecimal={false} {...form.getInputProps(`weights.${c}`)} />)}
          </SimpleGrid>
        </fieldset>
        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <Title order={3} size="h4" component="legend" mb="xs">{t('pole.settings.admissibility')}</Title>
          <Stack gap="sm">
            <Switch label={t('pole.settings.collaborative')} {...form.getInputProps('collaborativeRequired', { type: 'checkbox' })} />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NumberInput label={t('pole.settings.maxShare')} min={1} max={100} allowDecimal={false} suffix=" %" {...form.getInputProps('maxPartnerSharePct')} />
              <NumberInput label={t('pole.settings.minRegional')} min={0} max={100} allowDecimal={false} suffix=" %" {...form.getInputProps('minLeadRegionalSharePct')} />
            </SimpleGrid>
          </Stack>
        </fieldset>
        <ProblemMessage error={error} />
        <Button type="submit" style={{ alignSelf: 'flex-start' }}>{t('pole.settings.save')}</Button>
      </Stack>
    </form>
  );
}

function Pool({ poleId }: { poleId: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const people = usePoolPeople(poleId);
  const pool = useQuery({ queryKey: ['pool', poleId], queryFn: () => data(api.GET('/api/v1/labelling/poles/{poleId}/reviewers', { params: { path: { poleId } } })) });
  const [email, setEmail] = useState('');
  const [error, setError] = useState<unknown>();
  const [removing, setRemoving] = useState<{ accountId: string; displayName: string }>();
  const load = new Map((pool.data ?? []).map((m) => [m.userId, m]));
  const refresh = () => Promise.all([qc.invalidateQueries({ queryKey: ['pole-reviewers', poleId] }), qc.invalidateQueries({ queryKey: ['pool', poleId] })]);
  async function appoint() {
    setError(undefined);
    try {
      await data(api.POST('/api/v1/poles/{poleId}/reviewers', { params: { path: { poleId }, header: { 'Idempotency-Key': idem() } as never }, body: { email: email.trim() } }));
      notifications.show({ color: 'green', message: t('pole.settings.appointed', { email: email.trim() }) });
      setEmail('');
      await refresh();
    } catch (e) { setError(e); }
  }
  async function remove() {
    if (!removing) return;
    setError(undefined);
    try {
      await call(api.DELETE('/api/v1/poles/{poleId}/reviewers/{accountId}', { params: { path: { poleId, accountId: removing.accountId }, header: { 'Idempotency-Key': idem() } as never } }));
      notifications.show({ color: 'green', message: t('pole.settings.removed', { name: removing.displayName }) });
      await refresh();
    } catch (e) { setError(e); } finally { setRemoving(undefined); }
  }
  const items = people.data?.items ?? [];
  return (
    <section aria-labelledby="vivier">
      <Title order={2} size="h3" id="vivier" mb="xs">{t('pole.settings.pool')}</Title>
      <Stack gap="sm">
        <form onSubmit={(e) => { e.preventDefault(); if (email.trim()) void appoint(); }}>
          <Group align="flex-end">
            <TextInput type="email" label={t('pole.settings.email')} description={t('pole.settings.emailHint')} value={email} onChange={(e) => setEmail(e.currentTarget.value)} style={{ minWidth: 320 }} />
            <Button type="submit" disabled={!email.trim()}>{t('pole.settings.appoint')}</Button>
          </Group>
        </form>
        <ProblemMessage error={error ?? people.error} />
        {items.length === 0 ? <Text>{t('pole.settings.empty')}</Text> : (
          <Table.ScrollContainer minWidth={720}>
            <Table striped withTableBorder aria-label={t('pole.settings.pool')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('pole.case.name')}</Table.Th><Table.Th>{t('pole.case.organisations')}</Table.Th><Table.Th>{t('pole.case.expertise')}</Table.Th>
                  <Table.Th>{t('pole.case.workload')}</Table.Th><Table.Th>{t('pole.settings.since')}</Table.Th><Table.Th>{t('common.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((p) => {
                  const m = load.get(p.accountId);
                  return (
                    <Table.Tr key={p.accountId}>
                      <Table.Td><Text fw={600} size="sm">{p.displayName}</Text><Text size="sm">{p.email}</Text></Table.Td>
                      <Table.Td>{p.organisations.map((o) => o.name).join(', ') || '—'}</Table.Td>
                      <Table.Td>{m?.expertise.join(', ') || '—'}</Table.Td>
                      <Table.Td>{m ? t('pole.case.workloadValue', { open: m.openAssignments }) : '—'}{m && m.overdueAssignments > 0 ? ` (${t('pole.case.workloadOverdue', { overdue: m.overdueAssignments })})` : ''}</Table.Td>
                      <Table.Td>{date(p.since)}</Table.Td>
                      <Table.Td>
                        <Button size="xs" variant="default" color="red" onClick={() => setRemoving(p)} aria-label={t('pole.settings.removeOf', { name: p.displayName })}>{t('pole.settings.remove')}</Button>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      <Modal opened={!!removing} onClose={() => setRemoving(undefined)} title={t('pole.settings.removeTitle', { name: removing?.displayName ?? '' })}>
        <Text mb="md">{t('pole.settings.removeText')}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setRemoving(undefined)}>{t('pole.review.cancel')}</Button>
          <Button color="red" onClick={() => void remove()}>{t('pole.settings.remove')}</Button>
        </Group>
      </Modal>
    </section>
  );
}

/** The pole's labelling settings and its reviewer pool. */
export default function SettingsPage() {
  const { t } = useTranslation();
  const pole = useManagedPole();
  const settings = useQuery({
    queryKey: ['pole-settings', pole?.id],
    enabled: !!pole,
    queryFn: () => call(api.GET('/api/v1/labelling/poles/{poleId}/settings', { params: { path: { poleId: pole!.id } } })),
  });
  if (!pole) return <Page title={t('pole.settings.title')}><Alert color="orange">{t('pole.noPole')}</Alert></Page>;
  return (
    <Page title={`${t('pole.settings.title')} — ${pole.name}`} loading={settings.isPending} error={settings.error}>
      <Stack gap="xl">
        <section aria-labelledby="reglages-labellisation">
          <Title order={2} size="h3" id="reglages-labellisation" mb="xs">{t('pole.settings.labelling')}</Title>
          <Card withBorder>
            {settings.data && <SettingsForm key={settings.data.data.version} poleId={pole.id} settings={settings.data.data} etag={settings.data.etag} />}
          </Card>
        </section>
        <Pool poleId={pole.id} />
      </Stack>
    </Page>
  );
}
