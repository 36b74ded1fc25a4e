import { Button, Card, Group, List, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, data, idem } from '../../api/client';
import { useCalls } from '../../api/public';
import { date } from '../../components/format';
import { ProblemMessage } from '../../components/ProblemMessage';
import { ruleWords } from '../../components/rules';
import { EligibilityPreview } from './EligibilityPreview';

/**
 * Open calls for a project: under each title, whether the project as last submitted passes the call's rules
 * (funding's eligibility preview, nothing applied), then the rules in words and "Candidater".
 */
export function CallsForProject({ projectId, applied }: { projectId: string; applied: string[] }) {
  const { t, i18n } = useTranslation();
  const calls = useCalls('open');
  const qc = useQueryClient();
  const navigate = useNavigate();
  const apply = useMutation({
    mutationFn: (callId: string) => data(api.POST('/api/v1/calls/{id}/applications', { params: { path: { id: callId }, header: { 'Idempotency-Key': idem() } }, body: { projectId } } as never)) as Promise<{ id: string }>,
    onSuccess: (a) => { notifications.show({ color: 'green', message: t('funding.applied') }); void qc.invalidateQueries({ queryKey: ['applications', projectId] }); navigate(`/candidatures/${a.id}`); },
  });
  const open = (calls.data?.items ?? []).filter((c) => !applied.includes(c.id));
  if (!open.length) return null;
  return (
    <Stack gap="xs" mt="sm">
      <Text fw={600}>{t('funding.openCalls')}</Text>
      <ProblemMessage error={apply.error} />
      {open.map((c) => (
        <Card key={c.id} withBorder padding="sm">
          <Group justify="space-between" wrap="wrap">
            <Text fw={600}>{c.title}</Text>
            <Button size="xs" onClick={() => apply.mutate(c.id)} loading={apply.isPending && apply.variables === c.id} aria-label={t('funding.applyTo', { call: c.title })}>{t('funding.apply')}</Button>
          </Group>
          <EligibilityPreview callId={c.id} projectId={projectId} />
          <Text size="sm">{c.funderName} · {t('calls.closes')} {date(c.closesAt)}</Text>
          <List size="sm">{c.rules.map((r, i) => <List.Item key={i}>{ruleWords(r as { type: string }, i18n.language)}</List.Item>)}</List>
        </Card>
      ))}
    </Stack>
  );
}
