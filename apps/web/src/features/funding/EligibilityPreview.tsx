import { List, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError, data } from '../../api/client';

/**
 * Whether the project would pass a call's rules, before applying: funding's preview on the project as last
 * submitted. Words, not colours: "Éligible…" or the count of failed rules and each one's reason.
 */
export function EligibilityPreview({ callId, projectId }: { callId: string; projectId: string }) {
  const { t, i18n } = useTranslation();
  const preview = useQuery({
    queryKey: ['eligibility-preview', callId, projectId, i18n.language],
    queryFn: () => data(api.GET('/api/v1/calls/{id}/eligibility-preview', {
      params: { path: { id: callId }, query: { projectId }, header: { 'Accept-Language': i18n.language.startsWith('en') ? 'en' : 'fr' } },
    })),
    retry: (n, e) => !(e instanceof ApiError && e.status === 404) && n < 2,
  });
  if (preview.isPending) return <Text size="sm" c="dimmed">{t('funding.previewLoading')}</Text>;
  // Funding knows a project from its submission on: until then (a draft, or the submission on its way), nothing to say.
  if (preview.error) return <Text size="sm" c="dimmed">{preview.error instanceof ApiError && preview.error.status === 404 ? t('funding.previewDraft') : t('funding.previewUnavailable')}</Text>;
  const failed = preview.data.rules.filter((r) => !r.passed);
  if (preview.data.eligible) return <Text size="sm" fw={600}>✓ {t('funding.previewEligible')}</Text>;
  return (
    <div>
      <Text size="sm" fw={600}>✗ {t('funding.previewFailed', { count: failed.length })}</Text>
      <List size="sm">{failed.map((r) => <List.Item key={r.type}>{r.reasonText}</List.Item>)}</List>
    </div>
  );
}
