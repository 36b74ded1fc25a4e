import '@mantine/charts/styles.layer.css';
import { BarChart, DonutChart } from '@mantine/charts';
import { Alert, Button, Card, Group, List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client';
import { download } from '../../api/download';
import { useManagedPole } from '../../api/pole';
import { euros, percent } from '../../components/format';
import { Page } from '../../components/Page';
import { ProblemMessage } from '../../components/ProblemMessage';

const STAGES = ['submitted', 'in_labelling', 'labelled', 'revision_requested', 'not_labelled', 'funding_requested', 'funded', 'not_funded', 'prototype', 'industrialisation', 'market', 'withdrawn'] as const;

/** The pole's dashboard: projects by stage, label rate, time to label, aid obtained by its labelled projects; charts with their figures, exports. */
export default function DashboardPage() {
  const { t, i18n } = useTranslation();
  const pole = useManagedPole();
  const [error, setError] = useState<unknown>();
  const q = useQuery({
    queryKey: ['pole-dashboard', pole?.id],
    enabled: !!pole,
    queryFn: () => data(api.GET('/api/v1/dashboards/poles/{poleId}', { params: { path: { poleId: pole!.id } } })),
  });
  if (!pole) return <Page title={t('pole.dashboard.title')}><Alert color="orange">{t('pole.noPole')}</Alert></Page>;
  const d = q.data;
  const byStage = (d?.projects.byStage ?? {}) as Record<string, number>;
  const rows = STAGES.map((s) => ({ stage: t(`stage.${s}`), key: s, projects: byStage[s] ?? 0 })).filter((r) => r.projects > 0 || ['submitted', 'in_labelling', 'labelled', 'funded', 'market'].includes(r.key));
  const l = d?.labelling;
  const nf = new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'fr-FR', { maximumFractionDigits: 1 });
  async function exportAs(format: 'xlsx' | 'csv-fr') {
    setError(undefined);
    try {
      await download(`/api/v1/dashboards/poles/${pole!.id}?format=${format}`, `pole.${format === 'xlsx' ? 'xlsx' : 'csv'}`, { serverName: true });
      notifications.show({ color: 'green', message: t('pole.dashboard.exported') });
    } catch (e) { setError(e); }
  }
  return (
    <Page
      title={`${t('pole.dashboard.title')} — ${pole.name}`}
      loading={q.isPending}
      error={q.error}
      actions={(
        <Group className="no-print">
          <Button variant="default" onClick={() => void exportAs('xlsx')}>{t('pole.dashboard.xlsx')}</Button>
          <Button variant="default" onClick={() => void exportAs('csv-fr')}>{t('pole.dashboard.csv')}</Button>
        </Group>
      )}
    >
      <ProblemMessage error={error} />
      {d && l && (
        <Stack gap="lg">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Card withBorder>
              <Text size="sm" fw={600}>{t('pole.dashboard.labelRate')}</Text>
              <Text size="xl" fw={800}>{l.labelRate == null ? '—' : percent(l.labelRate, false)}</Text>
              <Text size="sm">{t('pole.dashboard.labelRateValue', { labelled: l.labelled, decided: l.decided })}</Text>
            </Card>
            <Card withBorder>
              <Text size="sm" fw={600}>{t('pole.dashboard.timeToLabel')}</Text>
              <Text size="xl" fw={800}>{l.medianDaysToLabel == null ? '—' : t('pole.dashboard.days', { count: l.medianDaysToLabel, value: nf.format(l.medianDaysToLabel) })}</Text>
            </Card>
            <Card withBorder>
              <Text size="sm" fw={600}>{t('pole.dashboard.aid')}</Text>
              <Text size="xl" fw={800}>{euros(d.aid.leveragedCents)}</Text>
              <Text size="sm">{t('pole.dashboard.aidValue', { count: d.aid.labelledProjects, per: euros(d.aid.perLabelledProjectCents) })}</Text>
            </Card>
          </SimpleGrid>
          <section aria-labelledby="par-etape">
            <Title order={2} size="h3" id="par-etape" mb="xs">{t('pole.dashboard.byStage')}</Title>
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
              <div role="img" aria-label={`${t('pole.dashboard.byStage')} : ${rows.map((r) => `${r.stage} ${r.projects}`).join(', ')}`}>
                <BarChart h={280} data={rows} dataKey="stage" series={[{ name: 'projects', label: t('pole.dashboard.projects'), color: 'indigo.8' }]} tickLine="y" withBarValueLabel valueFormatter={(v) => nf.format(v)} yAxisProps={{ allowDecimals: false }}
                  xAxisProps={{ interval: 0, angle: -30, textAnchor: 'end', height: 70 }} />
              </div>
              <Table withTableBorder striped aria-label={t('pole.dashboard.byStage')}>
                <Table.Thead><Table.Tr><Table.Th>{t('pole.dashboard.stage')}</Table.Th><Table.Th ta="right">{t('pole.dashboard.projects')}</Table.Th></Table.Tr></Table.Thead>
                <Table.Tbody>
                  {rows.map((r) => <Table.Tr key={r.key}><Table.Td>{r.stage}</Table.Td><Table.Td ta="right">{r.projects}</Table.Td></Table.Tr>)}
                  <Table.Tr><Table.Th scope="row">{t('pole.project.totalRow')}</Table.Th><Table.Td ta="right" fw={700}>{d.projects.total}</Table.Td></Table.Tr>
                </Table.Tbody>
              </Table>
            </SimpleGrid>
          </section>
          <section aria-labelledby="decisions">
            <Title order={2} size="h3" id="decisions" mb="xs">{t('pole.dashboard.rateChart')}</Title>
            {l.decided === 0 ? <Text>{t('pole.dashboard.none')}</Text> : (
              <Group gap="xl" align="center">
                <div role="img" aria-label={`${t('pole.dashboard.labelled')} ${l.labelled}, ${t('pole.dashboard.notLabelled')} ${l.decided - l.labelled}`}>
                  <DonutChart size={160} thickness={26} withTooltip={false} chartLabel={l.labelRate == null ? '' : percent(l.labelRate, false)}
                    data={[{ name: t('pole.dashboard.labelled'), value: l.labelled, color: 'green.8' }, { name: t('pole.dashboard.notLabelled'), value: l.decided - l.labelled, color: 'gray.5' }]} />
                </div>
                <List>
                  <List.Item>{t('pole.dashboard.labelled')} : {l.labelled}</List.Item>
                  <List.Item>{t('pole.dashboard.notLabelled')} : {l.decided - l.labelled}</List.Item>
                </List>
              </Group>
            )}
          </section>
          {/* the tracker writes its notes in English: shown in English only (as the timeline's summaries) */}
          {i18n.language === 'en' && d.notes.length > 0 && (
            <section aria-labelledby="notes">
              <Title order={2} size="h4" id="notes" mb="xs">{t('pole.dashboard.notes')}</Title>
              <List size="sm">{d.notes.map((n) => <List.Item key={n}>{n}</List.Item>)}</List>
            </section>
          )}
        </Stack>
      )}
    </Page>
  );
}
