import { Anchor, Button, Progress, Table, Text, Timeline } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, data, type Schemas } from '../../api/client';
import { useTimeline } from '../../api/projects';
import { date, dateTime, euros, percent } from '../../components/format';
import { Page } from '../../components/Page';
import { StageBadge } from '../../components/StageBadge';
import { NoFunder, useFunder } from './common';

export type FunderDashboard = Schemas['FunderDashboardWithDelivery'];

export const useFunderDashboard = (funderId: string | undefined) => useQuery({
  queryKey: ['funder-dashboard', funderId],
  enabled: !!funderId,
  queryFn: () => data(api.GET('/api/v1/dashboards/funders/{funderId}', { params: { path: { funderId: funderId! } } })) as Promise<FunderDashboard>,
});

function ProjectTimeline({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const tl = useTimeline(projectId);
  const entries = tl.data?.items ?? tl.data?.entries ?? [];
  if (tl.isPending) return <Text size="sm">{t('common.loading')}</Text>;
  return (
    <Timeline bulletSize={12} lineWidth={2} active={entries.length} py="xs">
      {entries.map((e) => (
        <Timeline.Item key={e.eventId} title={t(`event.${e.type}`, { defaultValue: e.summary })}>
          <Text size="xs">{dateTime(e.occurredAt)}</Text>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

/** The funder's funded projects: stage, amounts granted and released, and each one's journey on request. */
export default function PortfolioPage() {
  const { t } = useTranslation();
  const { funderId, ready } = useFunder();
  const dash = useFunderDashboard(funderId);
  const [open, setOpen] = useState<string | null>(null);
  if (!funderId) return <Page title={t('funder.portfolio.title')} loading={!ready}><NoFunder /></Page>;
  const items = dash.data?.portfolio ?? [];
  return (
    <Page title={t('funder.portfolio.title')} loading={dash.isPending} error={dash.error}>
      {items.length === 0 ? <Text>{t('funder.portfolio.empty')}</Text> : (
        <Table.ScrollContainer minWidth={860}>
          <Table>
            <Table.Thead><Table.Tr>
              <Table.Th>{t('funder.portfolio.project')}</Table.Th><Table.Th>{t('funder.applications.call')}</Table.Th><Table.Th miw={170}>{t('funder.portfolio.stage')}</Table.Th>
              <Table.Th ta="right">{t('funder.portfolio.granted')}</Table.Th><Table.Th ta="right">{t('funder.portfolio.released')}</Table.Th><Table.Th>{t('funder.portfolio.grantedAt')}</Table.Th><Table.Th>{t('funder.portfolio.timeline')}</Table.Th>
            </Table.Tr></Table.Thead>
            <Table.Tbody>
              {items.map((p) => {
                const share = p.grantedCents ? p.releasedCents / p.grantedCents : 0;
                return (
                  <Fragment key={p.applicationId}>
                    <Table.Tr>
                      <Table.Td><Anchor component={Link} to={`/financeur/candidatures/${p.applicationId}`} fw={600}>{p.acronym}</Anchor><Text size="xs">{p.title}</Text></Table.Td>
                      <Table.Td><Text size="sm">{p.callTitle}</Text></Table.Td>
                      <Table.Td miw={170}><StageBadge stage={p.stage} /><Text size="xs">{date(p.stageAt)}</Text></Table.Td>
                      <Table.Td ta="right">{euros(p.grantedCents)}</Table.Td>
                      <Table.Td ta="right">{euros(p.releasedCents)}<Progress value={share * 100} size="sm" mt={4} aria-label={t('funder.portfolio.releasedShare', { percent: percent(share, false) })} /></Table.Td>
                      <Table.Td>{date(p.grantedAt)}</Table.Td>
                      <Table.Td>
                        <Button size="xs" variant="subtle" aria-expanded={open === p.applicationId} onClick={() => setOpen(open === p.applicationId ? null : p.applicationId)}>
                          {open === p.applicationId ? t('funder.portfolio.hideTimeline', { acronym: p.acronym }) : t('funder.portfolio.showTimeline', { acronym: p.acronym })}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                    {open === p.applicationId && <Table.Tr><Table.Td colSpan={7}><ProjectTimeline projectId={p.projectId} /></Table.Td></Table.Tr>}
                  </Fragment>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Page>
  );
}
