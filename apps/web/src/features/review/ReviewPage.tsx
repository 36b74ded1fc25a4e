import { Alert, Badge, Button, Card, Group, Modal, Paper, Radio, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError, api, data, idem, type Schemas } from '../../api/client';
import { CRITERIA, RECOMMENDATIONS, useCase, weighted, type Check, type CriterionScore, type Snapshot } from '../../api/pole';
import { date, dateTime } from '../../components/format';
import { Page } from '../../components/Page';
import { ProblemMessage } from '../../components/ProblemMessage';
import NotFoundPage from '../public/NotFoundPage';
import { ProjectSnapshot } from '../pole/ProjectSnapshot';

type Assignment = Schemas['AssignmentView'];
type Draft = Record<string, { score: number | null; comment: string }>;

const fmt = (n: number | null, lang: string) => (n == null ? '—' : new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n));

function Rubric({ a, weights, caseId }: { a: Assignment; weights: Record<string, number>; caseId: string }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const saved = (a.review?.scores ?? {}) as Record<string, CriterionScore | undefined>;
  const [draft, setDraft] = useState<Draft>(() => Object.fromEntries(CRITERIA.map((c) => [c, { score: saved[c]?.score ?? null, comment: saved[c]?.comment ?? '' }])));
  const [recommendation, setRecommendation] = useState<string>(a.review?.recommendation ?? '');
  const [summary, setSummary] = useState(a.review?.summary ?? '');
  const [error, setError] = useState<unknown>();
  const [missing, setMissing] = useState<Set<string>>(new Set());
  const [confirm, setConfirm] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const total = weighted(Object.fromEntries(CRITERIA.map((c) => [c, draft[c].score == null ? undefined : { score: draft[c].score! }])), weights);
  const sumW = CRITERIA.reduce((n, c) => n + weights[c], 0);

  const body = () => ({
    scores: Object.fromEntries(CRITERIA.filter((c) => draft[c].score != null).map((c) => [c, { score: draft[c].score!, comment: draft[c].comment }])),
    ...(recommendation ? { recommendation: recommendation as (typeof RECOMMENDATIONS)[number] } : {}),
    summary,
  });
  const refresh = () => Promise.all([qc.invalidateQueries({ queryKey: ['case', caseId] }), qc.invalidateQueries({ queryKey: ['my-assignments'] })]);

  async function save() {
    setError(undefined);
    setBusy(true);
    try {
      await data(api.PUT('/api/v1/assignments/{id}/review', { params: { path: { id: a.id } }, body: body() }));
      notifications.show({ color: 'green', message: t('pole.review.saved') });
    } catch (e) { setError(e); } finally { setBusy(false); }
  }
  function askSubmit() {
    const gaps = new Set<string>(CRITERIA.filter((c) => draft[c].score == null || !draft[c].comment.trim()));
    if (!recommendation) gaps.add('recommendation');
    setMissing(gaps);
    if (gaps.size === 0) setConfirm(true);
  }
  async function submit() {
    setError(undefined);
    setBusy(true);
    try {
      await data(api.PUT('/api/v1/assignments/{id}/review', { params: { path: { id: a.id } }, body: body() }));
      await data(api.POST('/api/v1/assignments/{id}/review/submit', { params: { path: { id: a.id }, header: { 'idempotency-key': idem() } as never } }));
      setConfirm(false);
      notifications.show({ color: 'green', message: t('pole.review.submitted') });
      await refresh();
    } catch (e) { setConfirm(false); setError(e); } finally { setBusy(false); }
  }
  async function declare() {
    setBusy(true);
    try {
      await data(api.POST('/api/v1/assignments/{id}/conflict', { params: { path: { id: a.id } }, body: { reason } }));
      setConflict(false);
      notifications.show({ color: 'green', message: t('pole.review.conflictDone') });
      await refresh();
    } catch (e) { setConflict(false); setError(e); } finally { setBusy(false); }
  }

  return (
    <section aria-labelledby="grille">
      <Title order={2} size="h3" id="grille" mb="xs">{t('pole.review.rubric')}</Title>
      <Stack gap="sm">
        {CRITERIA.map((c) => {
          const name = t(`pole.criterion.${c}`);
          const bad = missing.has(c);
          return (
            <Card key={c} withBorder padding="sm">
              <Stack gap={6}>
                <Radio.Group
                  label={`${name} (${t('pole.review.weight', { weight: sumW ? `${Math.round((weights[c] * 100) / sumW)} %` : '—' })})`}
                  description={t(`pole.criterionHint.${c}`)}
                  value={draft[c].score == null ? '' : String(draft[c].score)}
                  onChange={(v) => setDraft((d) => ({ ...d, [c]: { ...d[c], score: Number(v) } }))}
                  error={bad && draft[c].score == null ? t('pole.review.score') : undefined}
                >
                  <Group gap="md" mt={4}>
                    {[0, 1, 2, 3, 4, 5].map((n) => <Radio key={n} value={String(n)} label={String(n)} />)}
                  </Group>
                </Radio.Group>
                <Textarea
                  label={t('pole.review.commentOf', { criterion: name })}
                  autosize minRows={2} maxLength={4000}
                  value={draft[c].comment}
                  onChange={(e) => { const v = e.currentTarget.value; setDraft((d) => ({ ...d, [c]: { ...d[c], comment: v } })); }}
                  error={bad && !draft[c].comment.trim() ? t('pole.review.mustComment') : undefined}
                />
              </Stack>
            </Card>
          );
        })}
        <Paper withBorder p="md" bg="indigo.0" aria-live="polite">
          <Group justify="space-between">
            <Text fw={700}>{t('pole.review.weighted')}</Text>
            <Text fw={700} size="xl">{total == null ? '—' : t('pole.review.outOf', { value: fmt(total, i18n.language) })}</Text>
          </Group>
          {total == null && <Text size="sm">{t('pole.review.weightedPending')}</Text>}
        </Paper>
        <Radio.Group
          label={t('pole.review.recommendation')} value={recommendation} onChange={setRecommendation}
          error={missing.has('recommendation') && !recommendation ? t('pole.review.recommendation') : undefined}
        >
          <Group gap="lg" mt={4}>{RECOMMENDATIONS.map((r) => <Radio key={r} value={r} label={t(`pole.recommendation.${r}`)} />)}</Group>
        </Radio.Group>
        <Textarea label={t('pole.review.summary')} autosize minRows={3} maxLength={8000} value={summary} onChange={(e) => setSummary(e.currentTarget.value)} />
        <ProblemMessage error={error} />
        <Group>
          <Button variant="default" onClick={() => void save()} loading={busy}>{t('pole.review.save')}</Button>
          <Button onClick={askSubmit} loading={busy}>{t('pole.review.submit')}</Button>
          <Button variant="subtle" color="red" onClick={() => setConflict(true)}>{t('pole.review.conflict')}</Button>
        </Group>
      </Stack>
      <Modal opened={confirm} onClose={() => setConfirm(false)} title={t('pole.review.submitTitle')}>
        <Text mb="md">{t('pole.review.submitText', { score: total == null ? '—' : t('pole.review.outOf', { value: fmt(total, i18n.language) }) })}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setConfirm(false)}>{t('pole.review.cancel')}</Button>
          <Button onClick={() => void submit()} loading={busy}>{t('pole.review.submitConfirm')}</Button>
        </Group>
      </Modal>
      <Modal opened={conflict} onClose={() => setConflict(false)} title={t('pole.review.conflictTitle')}>
        <Text mb="sm">{t('pole.review.conflictText')}</Text>
        <Textarea label={t('pole.review.conflictReason')} required autosize minRows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-autofocus />
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => setConflict(false)}>{t('pole.review.cancel')}</Button>
          <Button color="red" disabled={!reason.trim()} onClick={() => void declare()} loading={busy}>{t('pole.review.conflictConfirm')}</Button>
        </Group>
      </Modal>
    </section>
  );
}

function Submitted({ a, weights }: { a: Assignment; weights: Record<string, number> }) {
  const { t, i18n } = useTranslation();
  const scores = (a.review?.scores ?? {}) as Record<string, CriterionScore | undefined>;
  return (
    <section aria-labelledby="grille">
      <Title order={2} size="h3" id="grille" mb="xs">{t('pole.review.rubric')}</Title>
      <Alert color="green" mb="sm">{t('pole.review.submittedOn', { date: dateTime(a.review?.submittedAt) })}</Alert>
      <Stack gap="xs">
        {CRITERIA.map((c) => (
          <Text key={c}><strong>{t(`pole.criterion.${c}`)}</strong> ({weights[c]}) : {scores[c]?.score ?? '—'} / 5 — {scores[c]?.comment}</Text>
        ))}
        <Text fw={700}>{t('pole.review.weighted')} : {t('pole.review.outOf', { value: fmt(a.review?.weightedScore ?? null, i18n.language) })}</Text>
        {a.review?.recommendation && <Text>{t('pole.review.recommendation')} : {t(`pole.recommendation.${a.review.recommendation}`)}</Text>}
        {a.review?.summary && <Text>{a.review.summary}</Text>}
      </Stack>
    </section>
  );
}

/** A reviewer's case: the project as submitted and the pole's checks, then their rubric (never the other reviewers). */
export default function ReviewPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const q = useCase(id);
  const c = q.data?.data;
  useEffect(() => { if (c) document.title = `${t('pole.review.title')} · ${c.acronym} · poleflow`; }, [c, t]);
  if (q.error instanceof ApiError && q.error.status === 404) return <NotFoundPage />;
  if (c && c.viewer !== 'reviewer') return <NotFoundPage />;
  const a = c?.assignments?.[0];
  const weights = (c?.weights ?? {}) as Record<string, number>;
  return (
    <Page title={c ? `${t('pole.review.title')} — ${c.acronym} · ${c.title}` : t('pole.review.title')} loading={q.isPending} error={q.error}>
      {c && (
        <Stack gap="lg">
          <Group gap="xs">
            <Badge variant="light">{c.pole.name}</Badge>
            {a && a.status === 'assigned' && <Badge color={a.overdue ? 'red' : 'indigo'}>{t(a.overdue ? 'pole.review.overdue' : 'pole.review.due', { date: date(a.dueAt) })}</Badge>}
          </Group>
          {c.project && <ProjectSnapshot project={c.project as unknown as Snapshot} checks={c.checks as Check[] | undefined} />}
          {a?.status === 'assigned' && c.status === 'under_review' && <Rubric key={a.id} a={a} weights={weights} caseId={id} />}
          {a?.status === 'submitted' && <Submitted a={a} weights={weights} />}
          {a?.status === 'withdrawn' && <Alert color="gray">{t('pole.review.withdrawn', { reason: a.withdrawalReason ?? '' })}</Alert>}
          {a?.status === 'assigned' && c.status !== 'under_review' && <Alert color="gray">{t('pole.review.closed')}</Alert>}
        </Stack>
      )}
    </Page>
  );
}
