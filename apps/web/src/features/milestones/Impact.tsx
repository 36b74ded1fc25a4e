import { Button, Card, Group, NumberInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data, idem, type Schemas } from '../../api/client';
import { bps, euros } from '../../components/format';
import { ProblemMessage, fieldErrors } from '../../components/ProblemMessage';

type ImpactView = Schemas['ImpactView'];
type ImpactYear = Schemas['ImpactYearView'];

/** Yearly impact after the market launch: the years reported, their totals, and the form for this or last year. */
export function Impact({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const impact = useQuery({ queryKey: ['impact', projectId], retry: false, queryFn: () => data(api.GET('/api/v1/impact/{projectId}', { params: { path: { projectId } } })) as Promise<ImpactView> });
  const [error, setError] = useState<unknown>();
  const thisYear = new Date().getFullYear();
  const form = useForm({ initialValues: { year: String(thisYear), revenue: '' as number | string, jobs: '' as number | string, patents: '' as number | string, exportsPct: '' as number | string, comment: '' } });
  const submit = form.onSubmit(async (v) => {
    setError(undefined);
    try {
      await data(api.PUT('/api/v1/impact/{projectId}/{year}', {
        params: { path: { projectId, year: Number(v.year) }, header: { 'Idempotency-Key': idem() } },
        body: {
          revenueCents: Math.round(Number(v.revenue || 0) * 100), jobsCreated: Number(v.jobs || 0), patentsFiled: Number(v.patents || 0),
          ...(v.exportsPct !== '' ? { exportsShareBps: Math.round(Number(v.exportsPct) * 100) } : {}), ...(v.comment.trim() ? { comment: v.comment.trim() } : {}),
        },
      } as never));
      notifications.show({ color: 'green', message: t('impact.saved', { year: v.year }) });
      await qc.invalidateQueries({ queryKey: ['impact', projectId] });
    } catch (e) {
      setError(e);
      const f = fieldErrors(e);
      form.setErrors({ ...(f.revenueCents ? { revenue: f.revenueCents } : {}), ...(f.jobsCreated ? { jobs: f.jobsCreated } : {}), ...(f.patentsFiled ? { patents: f.patentsFiled } : {}) });
    }
  });
  // before a validated market launch the API answers 4xx: nothing to show yet
  if (!impact.data) return null;
  const view = impact.data;
  const years = [thisYear, thisYear - 1].filter((y) => view.launchYear != null && y >= view.launchYear).map(String);
  return (
    <Card withBorder padding="sm" component="section" aria-labelledby="impact">
      <Title order={3} size="h4" id="impact">{t('impact.title')}</Title>
      <Text size="sm">{t('impact.hint', { year: view.launchYear })}</Text>
      {(view.years as ImpactYear[]).length > 0 && (
        <Table mt="xs">
          <Table.Thead><Table.Tr><Table.Th>{t('impact.year')}</Table.Th><Table.Th>{t('impact.revenue')}</Table.Th><Table.Th>{t('impact.jobs')}</Table.Th><Table.Th>{t('impact.patents')}</Table.Th><Table.Th>{t('impact.exports')}</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {(view.years as ImpactYear[]).map((y) => (
              <Table.Tr key={y.year}><Table.Td>{y.year}</Table.Td><Table.Td>{euros(y.revenueCents)}</Table.Td><Table.Td>{y.jobsCreated}</Table.Td><Table.Td>{y.patentsFiled}</Table.Td><Table.Td>{bps(y.exportsShareBps)}</Table.Td></Table.Tr>
            ))}
            <Table.Tr><Table.Th scope="row">{t('impact.total')}</Table.Th><Table.Td>{euros(view.totals.revenueCents)}</Table.Td><Table.Td>{view.totals.jobsCreated}</Table.Td><Table.Td>{view.totals.patentsFiled}</Table.Td><Table.Td /></Table.Tr>
          </Table.Tbody>
        </Table>
      )}
      {years.length > 0 && (
        <form onSubmit={submit} noValidate>
          <Stack gap="xs" mt="xs">
            <ProblemMessage error={error} />
            <Group grow align="flex-start">
              <Select label={t('impact.year')} data={years} allowDeselect={false} {...form.getInputProps('year')} />
              <NumberInput label={t('impact.revenue')} min={0} thousandSeparator=" " suffix=" €" {...form.getInputProps('revenue')} />
              <NumberInput label={t('impact.jobs')} min={0} {...form.getInputProps('jobs')} />
              <NumberInput label={t('impact.patents')} min={0} {...form.getInputProps('patents')} />
              <NumberInput label={t('impact.exports')} min={0} max={100} suffix=" %" decimalSeparator="," {...form.getInputProps('exportsPct')} />
            </Group>
            <TextInput label={t('impact.comment')} maxLength={2000} {...form.getInputProps('comment')} />
            <Button type="submit" loading={form.submitting} style={{ alignSelf: 'flex-start' }}>{t('impact.save')}</Button>
          </Stack>
        </form>
      )}
    </Card>
  );
}
