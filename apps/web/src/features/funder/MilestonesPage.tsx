import { Alert, Badge, Button, Card, Group, List, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, call, data, type Schemas } from '../../api/client';
import { session } from '../../app/session';
import { date, euros } from '../../components/format';
import { Page } from '../../components/Page';
import { ProblemMessage } from '../../components/ProblemMessage';
import { NoFunder, useFunder } from './common';

type Milestone = Schemas['MilestoneView'];
interface Report { attempt: number; trlReached: number; spentCents: number; summary: string; reportedAt: string; evidence: { id: string; filename: string }[]; marketLaunch: { product: string; launchDate: string; firstCustomers: string[] } | null }
interface Review { decision: 'validated' | 'rejected'; comment: string; at: string }

/** Opens an evidence file in a new tab (the API wants the bearer token: fetched, then shown from a blob). */
async function openEvidence(id: string): Promise<void> {
  const tab = window.open('', '_blank');
  const res = await fetch(`/api/v1/evidence/${id}/content`, { headers: { authorization: `Bearer ${session.token() ?? ''}` } });
  if (!res.ok) { tab?.close(); throw new ApiError(res.status, { code: res.status === 404 ? 'EVIDENCE_NOT_FOUND' : 'ERROR' }); }
  const url = URL.createObjectURL(await res.blob());
  if (tab) tab.location.href = url; else window.location.assign(url);
}

function ReviewCard({ m, onDone }: { m: Milestone; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [comment, setComment] = useState('');
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<string | null>(null);
  const report = (m.reports as unknown as Report[]).at(-1);
  const reviews = m.reviews as unknown as Review[];
  const name = t(`milestone.${m.key}`);
  async function review(decision: 'validated' | 'rejected') {
    setTried(decision === 'rejected');
    setError(undefined);
    if (decision === 'rejected' && !comment.trim()) return;
    setBusy(decision);
    try {
      const read = await call(api.GET('/api/v1/milestones/{id}', { params: { path: { id: m.id } } }));
      const done = await data(api.POST('/api/v1/milestones/{id}/review', { params: { path: { id: m.id }, header: { 'if-match': read.etag ?? '' } }, body: { decision, comment: comment.trim() } } as never)) as Milestone;
      const message = decision === 'validated'
        ? t('funder.milestones.validated', { milestone: name, project: m.acronym, amount: euros(done.amountCents) })
        : t('funder.milestones.rejected', { milestone: name, project: m.acronym });
      notifications.show({ color: 'green', message });
      onDone(message);
      await qc.invalidateQueries({ queryKey: ['funder-milestones'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }
  return (
    <Card withBorder padding="md" component="article" aria-labelledby={`jalon-${m.id}`}>
      <Group justify="space-between" wrap="wrap">
        <Title order={3} size="h4" id={`jalon-${m.id}`}>{m.acronym} · {name}</Title>
        <Group gap="xs">
          {m.escalated && <Badge color="red">{t('funder.milestones.escalated')}</Badge>}
          {m.overdue && <Badge color="orange">{t('funder.milestones.overdue')}</Badge>}
          <Badge color="blue" variant="light">{t(`milestones.status.${m.status}`)}</Badge>
        </Group>
      </Group>
      <Text size="sm">{t('funder.milestones.line', { due: date(m.dueAt), amount: euros(m.amountCents), percent: m.percent })}</Text>
      {report && (
        <Stack gap={4} mt="sm">
          <Text fw={600}>{t('funder.milestones.report', { attempt: report.attempt, date: date(report.reportedAt) })}</Text>
          <Text size="sm">{t('funder.milestones.trl', { trl: report.trlReached, expected: m.trlExpected })} · {t('funder.milestones.spent', { amount: euros(report.spentCents) })}</Text>
          <Text style={{ whiteSpace: 'pre-wrap' }}>{report.summary}</Text>
          {report.marketLaunch && <Text size="sm">{t('funder.milestones.market', { product: report.marketLaunch.product, date: date(`${report.marketLaunch.launchDate}T12:00:00Z`), customers: report.marketLaunch.firstCustomers.join(', ') })}</Text>}
          <Text size="sm" fw={600} mt={4}>{t('funder.milestones.evidence')}</Text>
          {report.evidence.length === 0 ? <Text size="sm">{t('funder.milestones.noEvidence')}</Text> : (
            <Group gap="xs">
              {report.evidence.map((f) => (
                <Button key={f.id} size="xs" variant="light" aria-label={t('funder.milestones.open', { name: f.filename })} onClick={() => { openEvidence(f.id).catch(setError); }}>{f.filename}</Button>
              ))}
            </Group>
          )}
        </Stack>
      )}
      {reviews.length > 0 && (
        <>
          <Text size="sm" fw={600} mt="sm">{t('funder.milestones.previousReviews')}</Text>
          <List size="sm">{reviews.map((r, i) => <List.Item key={i}>{t('funder.milestones.reviewLine', { decision: t(`funder.milestones.decision.${r.decision}`), date: date(r.at), comment: r.comment || '—' })}</List.Item>)}</List>
        </>
      )}
      <Stack gap="xs" mt="sm">
        <Textarea label={t('funder.milestones.comment')} autosize minRows={2} value={comment} onChange={(e) => setComment(e.currentTarget.value)}
          error={tried && !comment.trim() ? t('funder.milestones.commentRequired') : undefined} />
        <ProblemMessage error={error} />
        <Group>
          <Button color="green" loading={busy === 'validated'} onClick={() => void review('validated')}>{t('funder.milestones.validate')}</Button>
          <Button color="red" variant="outline" loading={busy === 'rejected'} onClick={() => void review('rejected')}>{t('funder.milestones.reject')}</Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** The milestones of the funder's projects: reports to review (escalated and overdue first), late ones, validated ones with their tranche. */
export default function MilestonesPage() {
  const { t } = useTranslation();
  const { funderId, ready } = useFunder();
  const [last, setLast] = useState<string>();
  const ms = useQuery({
    queryKey: ['funder-milestones', funderId],
    enabled: !!funderId,
    queryFn: () => data(api.GET('/api/v1/milestones', { params: { query: { funderId } } })) as Promise<Milestone[]>,
  });
  if (!funderId) return <Page title={t('funder.milestones.title')} loading={!ready}><NoFunder /></Page>;
  const all = ms.data ?? [];
  const toReview = all.filter((m) => m.status === 'reported');
  const late = all.filter((m) => m.overdue && m.status !== 'reported');
  const validated = all.filter((m) => m.status === 'validated').sort((a, b) => (b.releasedAt ?? '').localeCompare(a.releasedAt ?? ''));
  return (
    <Page title={t('funder.milestones.title')} loading={ms.isPending} error={ms.error}>
      {last && <Alert color="green" role="status" withCloseButton onClose={() => setLast(undefined)} closeButtonLabel={t('funder.webhooks.hide')}>{last}</Alert>}
      <section aria-labelledby="a-examiner">
        <Title order={2} size="h3" id="a-examiner" mb="xs">{t('funder.milestones.toReview')} ({toReview.length})</Title>
        {toReview.length === 0 ? <Text>{t('funder.milestones.empty')}</Text> : <Stack gap="sm">{toReview.map((m) => <ReviewCard key={`${m.id}-${m.version}`} m={m} onDone={setLast} />)}</Stack>}
      </section>
      <section aria-labelledby="en-retard">
        <Title order={2} size="h3" id="en-retard" mb="xs">{t('funder.milestones.late')} ({late.length})</Title>
        {late.length === 0 ? <Text>{t('funder.milestones.noLate')}</Text> : (
          <List>{late.map((m) => (
            <List.Item key={m.id}>
              {m.escalated && <Badge color="red" mr="xs">{t('funder.milestones.escalated')}</Badge>}
              {m.acronym} · {t(`milestone.${m.key}`)} · {t('funder.milestones.line', { due: date(m.dueAt), amount: euros(m.amountCents), percent: m.percent })}
            </List.Item>
          ))}</List>
        )}
      </section>
      <section aria-labelledby="valides">
        <Title order={2} size="h3" id="valides" mb="xs">{t('funder.milestones.validatedList')} ({validated.length})</Title>
        {validated.length === 0 ? <Text>{t('funder.milestones.noValidated')}</Text> : (
          <List>{validated.map((m) => (
            <List.Item key={m.id}>{m.acronym} · {t(`milestone.${m.key}`)} · {t('funder.milestones.released', { amount: euros(m.amountCents), date: date(m.releasedAt) })}</List.Item>
          ))}</List>
        )}
      </section>
    </Page>
  );
}
