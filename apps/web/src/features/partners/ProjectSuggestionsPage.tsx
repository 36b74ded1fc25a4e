import { Select, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, data } from '../../api/client';
import { useProjects } from '../../api/projects';
import { useAuth } from '../../app/auth';
import { Page } from '../../components/Page';
import { ProblemMessage } from '../../components/ProblemMessage';
import type { Suggestion } from './shared';
import { Suggestions } from './Suggestions';

/** Suggestions for one of my draft projects: what its consortium lacks first. */
export default function ProjectSuggestionsPage() {
  const { t } = useTranslation();
  const { organisation } = useAuth();
  const [params, setParams] = useSearchParams();
  const projects = useProjects();
  const drafts = (projects.data?.items ?? []).filter((p) => p.status === 'draft');
  const projectId = params.get('projet') ?? drafts[0]?.id ?? '';
  const matches = useQuery({
    queryKey: ['matches', 'project', projectId], enabled: !!projectId,
    queryFn: () => data(api.GET('/api/v1/matches', { params: { query: { projectId } } })) as Promise<{ items: Suggestion[] }>,
  });
  return (
    <Page title={t('partners.suggestions.forProject')} loading={projects.isPending} error={projects.error}>
      <Text>{t('partners.suggestions.forProjectIntro')}</Text>
      {drafts.length === 0 ? <Text>{t('partners.suggestions.noDraft')}</Text> : (
        <>
          <Select label={t('partners.suggestions.project')} data={drafts.map((p) => ({ value: p.id, label: `${p.acronym} — ${p.title}` }))} value={projectId}
            onChange={(v) => v && setParams({ projet: v })} allowDeselect={false} maw={520} />
          {matches.error ? <ProblemMessage error={matches.error} /> : matches.data && <Suggestions items={matches.data.items} fromOrganisationId={organisation?.targetId} />}
        </>
      )}
    </Page>
  );
}
