import '@mantine/charts/styles.layer.css';
import { BarChart } from '@mantine/charts';
import { Box, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { euros } from '../../components/format';
import { Page } from '../../components/Page';
import { ProblemMessage } from '../../components/ProblemMessage';
import { StageBadge } from '../../components/StageBadge';
import { NoFunder, useFunder } from './common';
import { download as save } from '../../api/download';
import { useFunderDashboard } from './PortfolioPage';

const monthLabel = (m: string, lang: string) => new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${m}-01T00:00:00Z`));

function Figure({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="sm">{label}</Text>
      <Text fw={800} size="xl">{value}</Text>
      {hint && <Text size="xs">{hint}</Text>}
    </Card>
  );
}

/** The funder's dashboard: applications, committed vs released over time, overdue milestones, projects by stage, as charts with the figures beside them; exports. */
export default function DashboardPage() {
  const { t, i18n } = useTranslation();
  const { funderId, funderName, ready } = useFunder();
  const dash = useFunderDashboard(funderId);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<string | null>(null);
  if (!funderId) return <Page title={t('funder.nav.dashboard')} loading={!ready}><NoFunder /></Page>;
  const d = dash.data;

  async function download(format: 'xlsx' | 'csv-fr') {
    setError(undefined);
    setBusy(format);
    try {
      const name = `candidatures-${funderName.toLowerCase().normalize('NFD').replace(/[^a-z0-9]+/g, '-')}-${new Date().toISOString().slice(0, 10)}.${format === 'xlsx' ? 'xlsx' : 'csv'}`;
      await save(`/api/v1/dashboards/funders/${funderId}?format=${format}`, name);
      notifications.show({ color: 'green', message: t('funder.dashboard.exported', { name }) });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  const months = (d?.months ?? []).map((m) => ({ month: monthLabel(m.month, i18n.language), committed: m.committedCents / 100, released: m.releasedCents / 100 }));
  const stages = Object.entries((d?.projectsByStage.byStage ?? {}) as Record<string, number>).filter(([, n]) => n > 0).map(([stage, n]) => ({ stage: t(`stage.${stage}`, { defaultValue: stage }), key: stage, n }));
  const eur = (v: number) => euros(Math.round(v * 100));
  return (
    <Page
      title={t('funder.dashboard.title', { funder: funderName })}
      loading={dash.isPending}
      error={dash.error}
      actions={(
        <Group gap="xs" className="no-print">
          <Button variant="default" loading={busy === 'xlsx'} onClick={() => void download('xlsx')}>{t('funder.dashboard.exportXlsx')}</Button>
          <Button variant="default" loading={busy === 'csv-fr'} onClick={() => void download('csv-fr')}>{t('funder.dashboard.exportCsv')}</Button>
        </Group>
      )}
    >
      <ProblemMessage error={error} />
      {d && (
        <Stack gap="lg">
          <SimpleGrid cols={{ base: 2, sm: 3, md: 5 }}>
            <Figure label={t('funder.dashboard.applications')} value={String(d.applications.total)} hint={`${t('application.granted')} : ${d.applications.granted} · ${t('application.refused')} : ${d.applications.refused}`} />
            <Figure label={t('funder.dashboard.projects')} value={String(d.projects)} />
            <Figure label={t('funder.dashboard.committed')} value={euros(d.delivery.committedCents)} />
            <Figure label={t('funder.dashboard.released')} value={euros(d.delivery.releasedCents)} />
            <Figure label={t('funder.dashboard.overdue')} value={String(d.delivery.overdueMilestones)} hint={`${t('funder.dashboard.escalated')} : ${d.delivery.escalatedMilestones}`} />
          </SimpleGrid>
          <Card withBorder component="section" aria-labelledby="dans-le-temps">
            <Title order={2} size="h3" id="dans-le-temps" mb="sm">{t('funder.dashboard.overTime')}</Title>
            {months.length === 0 ? <Text>{t('funder.dashboard.noData')}</Text> : (
              <SimpleGrid cols={{ base: 1, md: 2 }}>
                <Box aria-hidden inert>
                  <BarChart h={260} barChartProps={{ accessibilityLayer: false }} data={months} dataKey="month" withLegend valueFormatter={eur} yAxisProps={{ width: 110 }}
                    series={[{ name: 'committed', label: t('funder.dashboard.committed'), color: 'indigo.7' }, { name: 'released', label: t('funder.dashboard.released'), color: 'teal.7' }]} />
                </Box>
                <Table style={{ alignSelf: 'start' }}>
                  <Table.Thead><Table.Tr><Table.Th>{t('funder.dashboard.month')}</Table.Th><Table.Th ta="right">{t('funder.dashboard.committed')}</Table.Th><Table.Th ta="right">{t('funder.dashboard.released')}</Table.Th></Table.Tr></Table.Thead>
                  <Table.Tbody>{months.map((m) => <Table.Tr key={m.month}><Table.Td>{m.month}</Table.Td><Table.Td ta="right">{eur(m.committed)}</Table.Td><Table.Td ta="right">{eur(m.released)}</Table.Td></Table.Tr>)}</Table.Tbody>
                </Table>
              </SimpleGrid>
            )}
          </Card>
          <Card withBorder component="section" aria-labelledby="par-etape">
            <Title order={2} size="h3" id="par-etape" mb="sm">{t('funder.dashboard.byStage')}</Title>
            {stages.length === 0 ? <Text>{t('funder.dashboard.noData')}</Text> : (
              <SimpleGrid cols={{ base: 1, md: 2 }}>
                <Box aria-hidden inert>
                  <BarChart h={260} barChartProps={{ accessibilityLayer: false }} yAxisProps={{ allowDecimals: false }} data={stages} dataKey="stage" series={[{ name: 'n', label: t('funder.dashboard.count'), color: 'indigo.6' }]} />
                </Box>
                <Table style={{ alignSelf: 'start' }}>
                  <Table.Thead><Table.Tr><Table.Th>{t('funder.dashboard.stage')}</Table.Th><Table.Th ta="right">{t('funder.dashboard.count')}</Table.Th></Table.Tr></Table.Thead>
                  <Table.Tbody>{stages.map((s) => <Table.Tr key={s.key}><Table.Td><StageBadge stage={s.key} /></Table.Td><Table.Td ta="right">{s.n}</Table.Td></Table.Tr>)}</Table.Tbody>
                </Table>
              </SimpleGrid>
            )}
          </Card>
          <Card withBorder component="section" aria-labelledby="dernieres">
            <Title order={2} size="h3" id="dernieres" mb="sm">{t('funder.dashboard.latest')}</Title>
            <Table.ScrollContainer minWidth={640}>
              <Table>
                <Table.Thead><Table.Tr><Table.Th>{t('funder.applications.project')}</Table.Th><Table.Th>{t('funder.applications.call')}</Table.Th><Table.Th>{t('funder.applications.status')}</Table.Th><Table.Th ta="right">{t('funder.applications.granted')}</Table.Th></Table.Tr></Table.Thead>
                <Table.Tbody>{d.latest.map((a) => (
                  <Table.Tr key={a.applicationId}><Table.Td fw={600}>{a.acronym}</Table.Td><Table.Td>{a.callTitle}</Table.Td><Table.Td>{t(`application.${a.status === 'requested' ? 'assessing' : a.status}`)}</Table.Td><Table.Td ta="right">{euros(a.amountCents)}</Table.Td></Table.Tr>
                ))}</Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
        </Stack>
      )}
    </Page>
  );
}
