import { Badge, Button, Card, Checkbox, Group, NumberInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data, idem, type Schemas } from '../../api/client';
import { useAuth } from '../../app/auth';
import { date, euros } from '../../components/format';
import { Page } from '../../components/Page';
import { ProblemMessage, fieldErrors } from '../../components/ProblemMessage';
import { AskToJoin, JoinRequestsToDecide } from './JoinRequests';

type Region = Schemas['CreateOrganisationDto']['region'];
const REGIONS: Region[] = ['Auvergne-Rhône-Alpes', 'Bourgogne-Franche-Comté', 'Bretagne', 'Centre-Val de Loire', 'Corse', 'Grand Est', 'Hauts-de-France',
  'Île-de-France', 'Normandie', 'Nouvelle-Aquitaine', 'Occitanie', 'Pays de la Loire', "Provence-Alpes-Côte d'Azur", 'Guadeloupe', 'Martinique', 'Guyane', 'La Réunion', 'Mayotte'];

function CreateOrganisation() {
  const { t } = useTranslation();
  const { reload } = useAuth();
  const [error, setError] = useState<unknown>();
  const form = useForm({
    initialValues: { name: '', siren: '', kind: 'company' as Schemas['CreateOrganisationDto']['kind'], region: '' as string, headcount: '' as number | string, turnover: '' as number | string, balance: '' as number | string },
  });
  const submit = form.onSubmit(async (v) => {
    setError(undefined);
    const company = v.kind === 'company';
    const num = (x: number | string) => (x === '' ? undefined : Number(x));
    try {
      await data(api.POST('/api/v1/organisations', {
        body: {
          name: v.name.trim(), siren: v.siren.replace(/\s+/g, ''), kind: v.kind, region: v.region as Region,
          ...(company && v.headcount !== '' ? { headcount: num(v.headcount) } : {}),
          ...(company && v.turnover !== '' ? { turnoverCents: Math.round(Number(v.turnover) * 100) } : {}),
          ...(company && v.balance !== '' ? { balanceSheetCents: Math.round(Number(v.balance) * 100) } : {}),
        },
        headers: { 'Idempotency-Key': idem() },
      } as never));
      notifications.show({ color: 'green', message: t('org.created') });
      await reload();
    } catch (e) {
      setError(e);
      const f = fieldErrors(e);
      form.setErrors({ ...f, ...(f.turnoverCents ? { turnover: f.turnoverCents } : {}), ...(f.balanceSheetCents ? { balance: f.balanceSheetCents } : {}) });
    }
  });
  return (
    <Card withBorder padding="lg" maw={720}>
      <Title order={2} size="h3" mb="sm">{t('org.register')}</Title>
      <form onSubmit={submit} noValidate>
        <Stack>
          <ProblemMessage error={error} />
          <TextInput label={t('field.name')} required {...form.getInputProps('name')} />
          <Group grow align="flex-start">
            <TextInput label={t('field.siren')} description={t('org.sirenHint')} required inputMode="numeric" {...form.getInputProps('siren')} />
            <Select label={t('field.kind')} required data={(['company', 'research_organisation', 'training_body'] as const).map((k) => ({ value: k, label: t(`org.kind.${k}`) }))} {...form.getInputProps('kind')} allowDeselect={false} />
          </Group>
          <Select label={t('field.region')} required searchable data={REGIONS} {...form.getInputProps('region')} />
          {form.values.kind === 'company' && (
            <>
              <Text size="sm">{t('org.sizeExplained')}</Text>
              <Group grow align="flex-start">
                <NumberInput label={t('field.headcount')} min={0} {...form.getInputProps('headcount')} />
                <NumberInput label={t('field.turnover')} min={0} thousandSeparator=" " suffix=" €" {...form.getInputProps('turnover')} />
                <NumberInput label={t('field.balanceSheet')} min={0} thousandSeparator=" " suffix=" €" {...form.getInputProps('balance')} />
              </Group>
            </>
          )}
          <Button type="submit" loading={form.submitting} style={{ alignSelf: 'flex-start' }}>{t('org.registerButton')}</Button>
        </Stack>
      </form>
    </Card>
  );
}

/** An establishment (SIRET) of the organisation: its members' admins add one, optionally as the new head office. */
function AddEstablishment({ organisationId, siren, region }: { organisationId: string; siren: string; region: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [error, setError] = useState<unknown>();
  const form = useForm({ initialValues: { siret: siren, address: '', region, headOffice: false } });
  const submit = form.onSubmit(async (v) => {
    setError(undefined);
    try {
      await data(api.POST('/api/v1/organisations/{id}/establishments', {
        params: { path: { id: organisationId }, header: { 'Idempotency-Key': idem() } },
        body: { siret: v.siret.replace(/\s+/g, ''), address: v.address.trim() || undefined, region: v.region as Region, headOffice: v.headOffice },
      }));
      notifications.show({ color: 'green', message: t('org.establishmentAdded') });
      form.reset();
      await qc.invalidateQueries({ queryKey: ['organisation', organisationId] });
    } catch (e) {
      setError(e);
      form.setErrors(fieldErrors(e));
    }
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack mt="md" gap="sm">
        <Title order={3} size="h4">{t('org.addEstablishment')}</Title>
        <ProblemMessage error={error} />
        <Group grow align="flex-start" wrap="wrap">
          <TextInput label={t('field.siret')} description={t('org.siretHint')} required inputMode="numeric" maxLength={17} {...form.getInputProps('siret')} />
          <Select label={t('field.region')} required searchable data={REGIONS} {...form.getInputProps('region')} allowDeselect={false} />
        </Group>
        <TextInput label={t('org.address')} maxLength={300} {...form.getInputProps('address')} />
        <Checkbox label={t('org.makeHeadOffice')} {...form.getInputProps('headOffice', { type: 'checkbox' })} />
        <Button type="submit" loading={form.submitting} style={{ alignSelf: 'flex-start' }}>{t('org.addEstablishmentButton')}</Button>
      </Stack>
    </form>
  );
}

function Members({ id }: { id: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const org = useQuery({ queryKey: ['organisation', id], queryFn: () => data(api.GET('/api/v1/organisations/{id}', { params: { path: { id } } })) });
  const [email, setEmail] = useState('');
  const add = useMutation({
    mutationFn: () => data(api.POST('/api/v1/organisations/{id}/members', { params: { path: { id } }, body: { email: email.trim() } })),
    onSuccess: () => { setEmail(''); notifications.show({ color: 'green', message: t('org.memberAdded') }); void qc.invalidateQueries({ queryKey: ['organisation', id] }); },
  });
  const o = org.data;
  if (org.error) return <ProblemMessage error={org.error} />;
  if (!o) return <Text>{t('common.loading')}</Text>;
  return (
    <Stack>
      <Card withBorder padding="lg">
        <Title order={2} size="h3">{o.name}</Title>
        <Text>{t('field.siren')} {o.siren.replace(/(\d{3})(\d{3})(\d{3})/, '$1 $2 $3')} · {t(`org.kind.${o.kind}`)} · {o.region}</Text>
        {o.sizeEu && <Text>{t('org.sizeIs', { size: t(`org.size.${o.sizeEu}`), category: o.categoryFr })}</Text>}
        {o.headcount != null && <Text size="sm">{t('org.financials', { headcount: o.headcount, turnover: euros(o.turnoverCents), balance: euros(o.balanceSheetCents) })}</Text>}
      </Card>
      <Card withBorder padding="lg">
        <Title order={2} size="h3" mb="sm">{t('org.members')}</Title>
        <Table>
          <Table.Thead><Table.Tr><Table.Th>{t('field.displayName')}</Table.Th><Table.Th>{t('field.email')}</Table.Th><Table.Th>{t('org.role')}</Table.Th><Table.Th>{t('org.since')}</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>{o.members.map((m) => <Table.Tr key={m.accountId}><Table.Td>{m.displayName}</Table.Td><Table.Td>{m.email}</Table.Td><Table.Td>{t(`org.roles.${m.role}`)}</Table.Td><Table.Td>{date(m.since)}</Table.Td></Table.Tr>)}</Table.Tbody>
        </Table>
        <form onSubmit={(e) => { e.preventDefault(); add.mutate(); }}>
          <Group align="flex-end" mt="sm">
            <TextInput label={t('org.addMember')} type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
            <Button type="submit" loading={add.isPending}>{t('org.addMemberButton')}</Button>
          </Group>
        </form>
        <ProblemMessage error={add.error} />
      </Card>
      <Card withBorder padding="lg">
        <Title order={2} size="h3" mb="sm">{t('org.establishments')}</Title>
        {o.establishments.length === 0 ? <Text>{t('org.noEstablishment')}</Text> : (
          <Table>
            <Table.Thead><Table.Tr><Table.Th>{t('field.siret')}</Table.Th><Table.Th>{t('org.address')}</Table.Th><Table.Th>{t('field.region')}</Table.Th><Table.Th>{t('org.headOffice')}</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>{o.establishments.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>{e.siret.replace(/(\d{3})(\d{3})(\d{3})(\d{5})/, '$1 $2 $3 $4')}</Table.Td><Table.Td>{e.address || '—'}</Table.Td><Table.Td>{e.region}</Table.Td>
                <Table.Td>{e.headOffice ? <Badge variant="light">{t('org.headOffice')}</Badge> : ''}</Table.Td>
              </Table.Tr>
            ))}</Table.Tbody>
          </Table>
        )}
        {o.myRole === 'admin' && <AddEstablishment organisationId={o.id} siren={o.siren} region={o.region} />}
      </Card>
      {o.myRole === 'admin' && <JoinRequestsToDecide organisationId={o.id} />}
    </Stack>
  );
}

export default function OrganisationPage() {
  const { t } = useTranslation();
  const { organisation } = useAuth();
  return (
    <Page title={t('org.title')}>
      {organisation ? <Members id={organisation.targetId} /> : <Stack><CreateOrganisation /><AskToJoin /></Stack>}
    </Page>
  );
}
