import { Anchor, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useProjects } from '../../api/projects';
import { useAuth } from '../../app/auth';
import { euros, date } from '../../components/format';
import { Page } from '../../components/Page';
import { StageBadge } from '../../components/StageBadge';

const ORDER = ['draft', 'revision_requested', 'submitted', 'resubmitted', 'withdrawn'];

export default function ProjectsPage() {
  const { t } = useTranslation();
  const { organisation } = useAuth();
  const projects = useProjects();
  const items = [...(projects.data?.items ?? [])].sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status));
  const groups = ORDER.map((s) => [s, items.filter((p) => p.status === s)] as const).filter(([, l]) => l.length);
  return (
    <Page
      title={t('projects.title')}
      loading={projects.isPending}
      error={projects.error}
      actions={organisation ? <Button component={Link} to="/projets/nouveau">{t('projects.new')}</Button> : undefined}
    >
      {!organisation && <Text>{t('projects.needOrganisation')} <Anchor component={Link} to="/organisation">{t('nav.organisation')}</Anchor></Text>}
      {organisation && items.length === 0 && <Text>{t('projects.empty')}</Text>}
      {groups.map(([status, list]) => (
        <section key={status} aria-labelledby={`g-${status}`}>
          <Title order={2} size="h4" id={`g-${status}`} mb="xs">{t(`projectStatus.${status}`)} ({list.length})</Title>
          <Stack gap="xs">
            {list.map((p) => (
              <Card key={p.id} withBorder padding="sm">
                <Group justify="space-between" wrap="wrap">
                  <Anchor component={Link} to={`/projets/${p.id}`} fw={600}>{p.acronym} — {p.title}</Anchor>
                  <StageBadge stage={p.status} />
                </Group>
                <Text size="sm">{t('projects.line', { count: p.partners.length, total: euros(p.totalCents), updated: date(p.updatedAt) })}</Text>
              </Card>
            ))}
          </Stack>
        </section>
      ))}
    </Page>
  );
}
