import { Alert, Anchor, Badge, Button, Card, Group, List, Stack, Text, Timeline, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, data } from '../../api/client';
import { useProject, useTimeline } from '../../api/projects';
import { useAllPoles } from '../../api/public';
import { date, dateTime, euros } from '../../components/format';
import { Page } from '../../components/Page';
import { StageBadge } from '../../components/StageBadge';
import { CallsForProject } from '../funding/CallsForProject';
import { Milestones } from '../milestones/Milestones';

const JOURNEY = ['conception', 'submitted', 'in_labelling', 'labelled', 'funding_requested', 'funded', 'prototype', 'industrialisation', 'market'];

/** The tracker's consortium summaries end with their date (" — 6 décembre 2026"): the entry shows the date below its title already. */
const withoutDate = (summary: string): string => summary.replace(/\s+—\s+\d{1,2}(er)?\s+\p{L}+\s+\d{4}\s*$/u, '');

export default function ProjectPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const p = useProject(id);
  const timeline = useTimeline(id);
  const poles = useAllPoles();
  const apps = useQuery({ queryKey: ['applications', id], queryFn: () => data(api.GET('/api/v1/applications', { params: { query: { projectId: id, limit: 100 } } })) });
  const project = p.data?.data;
  const poleName = (pid: string) => poles.data?.items.find((x) => x.id === pid)?.name ?? '…';
  const stage = timeline.data?.stage ?? (project?.status === 'draft' ? 'conception' : 'submitted');
  const entries = timeline.data?.items ?? timeline.data?.entries ?? [];
  const at = Math.max(0, JOURNEY.indexOf(stage));
  return (
    <Page
      title={project ? `${project.acronym} — ${project.title}` : t('projects.project')}
      loading={p.isPending}
      error={p.error}
      actions={project && ['draft', 'revision_requested'].includes(project.status) ? <Button component={Link} to={`/projets/${id}/modifier`}>{t('projects.edit')}</Button> : undefined}
    >
      {project && (
        <Stack gap="lg">
          <Group><StageBadge stage={stage} /><Text size="sm">{t('projects.line', { count: project.partners.length, total: euros(project.totalCents), updated: date(project.updatedAt) })}</Text></Group>
          <Group component="ol" gap={6} aria-label={t('projects.stages')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {JOURNEY.map((s, i) => (
              <li key={s} aria-current={i === at ? 'step' : undefined}>
                <Badge size="lg" radius="sm" variant={i < at ? 'light' : i === at ? 'filled' : 'outline'} color={i <= at ? 'indigo' : 'gray'}>
                  {i + 1}. {t(`stage.${s}`)}{i < at ? ' ✓' : ''}
                </Badge>
              </li>
            ))}
          </Group>
          {project.openRevisionRequests.length > 0 && (
            <Alert color="orange" title={t('projects.revisionTitle')}>
              {project.openRevisionRequests.map((r) => (
                <Stack key={r.poleId} gap={4}>
                  <Text fw={600}>{poleName(r.poleId)}</Text>
                  {r.motivation && <Text size="sm">{r.motivation}</Text>}
                  <List size="sm">{r.requestedChanges.map((c) => <List.Item key={c}>{c}</List.Item>)}</List>
                </Stack>
              ))}
              <Button mt="sm" component={Link} to={`/projets/${id}/modifier`}>{t('projects.amend')}</Button>
            </Alert>
          )}
          <section aria-labelledby="labellisation">
            <Title order={2} size="h3" id="labellisation" mb="xs">{t('projects.labelling')}</Title>
            {project.poleIds.length === 0 ? <Text>{t('projects.noPoles')}</Text> : (
              <Stack gap="xs">
                {project.poleIds.map((pid, i) => {
                  const o = project.labelling.find((l) => l.poleId === pid);
                  return (
                    <Card key={pid} withBorder padding="sm">
                      <Group justify="space-between" wrap="wrap">
                        <Text fw={600}>{poleName(pid)} <Badge variant="light" ml={4}>{i === 0 ? t('projects.leadPole') : t('projects.coPole')}</Badge></Text>
                        <Badge color={o?.status === 'labelled' ? 'green' : o ? 'orange' : 'gray'}>{o ? t(`outcome.${o.status}`) : t('outcome.pending')}</Badge>
                      </Group>
                      {o?.labelNumber && (
                        <Text size="sm">{t('projects.labelNumber')} <Anchor component={Link} to={`/labels/${o.labelNumber}`}>{o.labelNumber}</Anchor>{o.validUntil ? ` · ${t('labels.validUntil')} ${date(o.validUntil)}` : ''}</Text>
                      )}
                      {o?.conditions?.length ? <Text size="sm">{t('labels.conditions')} : {o.conditions.join(' ; ')}</Text> : null}
                    </Card>
                  );
                })}
              </Stack>
            )}
          </section>
          {project.status === 'draft' ? (
            <section aria-labelledby="financement">
              <Title order={2} size="h3" id="financement" mb="xs">{t('funding.title')}</Title>
              <Text size="sm" c="dimmed">{t('funding.previewDraft')}</Text>
            </section>
          ) : (
            <section aria-labelledby="financement">
              <Title order={2} size="h3" id="financement" mb="xs">{t('funding.title')}</Title>
              {(apps.data?.items ?? []).map((a) => (
                <Card key={a.id} withBorder padding="sm" mb="xs">
                  <Group justify="space-between">
                    <Anchor component={Link} to={`/candidatures/${a.id}`}>{a.callTitle}</Anchor>
                    <Badge>{t(`application.${a.status}`)}</Badge>
                  </Group>
                  <Text size="sm">{a.funderName} · {t('funding.appliedOn', { date: date(a.appliedAt) })}</Text>
                </Card>
              ))}
              <CallsForProject projectId={id} applied={(apps.data?.items ?? []).map((a) => a.callId)} />
            </section>
          )}
          <Milestones projectId={id} />
          <section aria-labelledby="historique">
            <Title order={2} size="h3" id="historique" mb="xs">{t('projects.timeline')}</Title>
            {entries.length === 0 ? <Text>{t('projects.timelineEmpty')}</Text> : (
              <Timeline bulletSize={14} lineWidth={2} active={entries.length}>
                {entries.map((e) => (
                  <Timeline.Item key={e.eventId} title={t(`event.${e.type}`, { defaultValue: withoutDate(e.summary) })}>
                    <Text size="sm">{[dateTime(e.occurredAt), e.actorRole ? t(`actor.${e.actorRole}`, { defaultValue: '' }) : ''].filter(Boolean).join(' · ')}</Text>
                    {/* the tracker writes its summaries in English today: shown in English only (TIMELINE seam) */}
                    {i18n.language === 'en' && <Text size="sm">{e.summary}</Text>}
                  </Timeline.Item>
                ))}
              </Timeline>
            )}
          </section>
        </Stack>
      )}
    </Page>
  );
}
