import { Alert, Anchor, Badge, Button, Card, Group, List, Modal, Radio, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Link, useParams } from 'react-router';
import { ApiError, api, data, idem, type Schemas } from '../../api/client';
import { CRITERIA, useCase, useCaseConflictReload, usePoolPeople, type CaseView, type Check, type CriterionScore, type ScoreSummary, type Snapshot } from '../../api/pole';
import { date, dateTime } from '../../components/format';
import { Page } from '../../components/Page';
import { ProblemMessage } from '../../components/ProblemMessage';
import NotFoundPage from '../public/NotFoundPage';
import { STATUS_COLOR } from './CasesPage';
import { ProjectSnapshot } from './ProjectSnapshot';

type Candidate = Schemas['CandidateView'];
const OUTCOMES = ['labelled', 'not_labelled', 'support_letter', 'revision_requested'] as const;
const num = (n: number | null | undefined, lang: string) => (n == null ? '—' : new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { maximumFractionDigits: 2 }).format(n));
const lines = (s: string) => s.split('\n').map((x) => x.trim()).filter(Boolean);

function Admissibility({ c, etag }: { c: CaseView; etag: string | null }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const reload = useCaseConflictReload(c.id);
  const [choice, setChoice] = useState('');
  const [motivation, setMotivation] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const round = c.rounds.at(-1);
  const failed = (c.checks ?? []).filter((x) => !x.passed);
  const required = failed.length > 0 || choice === 'refuse';
  const record = round?.admissibility;
  async function save() {
    setBusy(true);
    setError(undefined);
    try {
      await data(api.POST('/api/v1/cases/{id}/admissibility', {
        params: { path: { id: c.id }, header: { 'If-Match': etag ?? '', 'Idempotency-Key': idem() } as never },
        body: { admissible: choice === 'admit', ...(motivation.trim() ? { motivation: motivation.trim() } : {}) },
      }));
      notifications.show({ color: 'green', message: t(choice === 'admit' ? 'pole.case.admitted' : 'pole.case.refused') });
      await Promise.all([qc.invalidateQueries({ queryKey: ['case', c.id] }), qc.invalidateQueries({ queryKey: ['cases'] })]);
    } catch (e) { if (!reload(e)) setError(e); } finally { setBusy(false); }
  }
  return (
    <section aria-labelledby="recevabilite">
      <Title order={2} size="h3" id="recevabilite" mb="xs">{t('pole.case.admissibility')}</Title>
      {record ? (
        <Alert color={record.admissible ? 'green' : 'red'}>
          {t(record.admissible ? 'pole.case.admittedOn' : 'pole.case.refusedOn', { date: date(record.decidedAt) })}
          {record.motivation && <Text size="sm" mt={4}>{record.motivation}</Text>}
          {record.overriddenChecks.length > 0 && <Text size="sm" mt={4}>{t('pole.case.overridden', { list: record.overriddenChecks.map((k) => t(`pole.check.key.${k}`)).join(', ') })}</Text>}
        </Alert>
      ) : c.status === 'admissibility' ? (
        <Card withBorder>
          <form onSubmit={(e) => { e.preventDefault(); void save(); }}>
            <Stack gap="sm">
              <Radio.Group label={t('pole.case.decisionLabel')} value={choice} onChange={setChoice} required>
                <Stack gap={6} mt={4}>
                  <Radio value="admit" label={t('pole.case.admit')} />
                  <Radio value="refuse" label={t('pole.case.refuse')} />
                </Stack>
              </Radio.Group>
              <Textarea
                label={t('pole.case.motivation')} required={required} autosize minRows={3} maxLength={4000}
                description={required ? t('pole.case.motivationRequired') : t('pole.case.motivationOptional')}
                value={motivation} onChange={(e) => setMotivation(e.currentTarget.value)}
              />
              <ProblemMessage error={error} />
              <Button type="submit" disabled={!choice || (required && !motivation.trim())} loading={busy} style={{ alignSelf: 'flex-start' }}>{t('pole.case.saveAdmissibility')}</Button>
            </Stack>
          </form>
        </Card>
      ) : null}
    </section>
  );
}

function conflictText(x: Candidate['conflicts'][number], t: TFunction): string {
  if (x.basis === 'declared') return t('pole.case.conflictDeclared', { reason: x.reason ?? '' });
  return t(x.basis === 'same_company_group' ? 'pole.case.conflictGroup' : 'pole.case.conflictWith', { org: x.organisationName ?? '' });
}

function Reviewers({ c, names }: { c: CaseView; names: Map<string, string> }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<string>();
  const open = c.status === 'under_review';
  const candidates = useQuery({
    queryKey: ['candidates', c.id],
    enabled: open,
    queryFn: () => data(api.GET('/api/v1/cases/{id}/reviewer-candidates', { params: { path: { id: c.id } } })),
  });
  const nameOf = (id: string) => names.get(id) ?? '…';
  async function assign(x: Candidate) {
    setBusy(x.userId);
    setError(undefined);
    try {
      await data(api.POST('/api/v1/cases/{id}/assignments', { params: { path: { id: c.id }, header: { 'Idempotency-Key': idem() } as never }, body: { reviewerUserId: x.userId } }));
      notifications.show({ color: 'green', message: t('pole.case.assigned', { name: nameOf(x.userId) }) });
      await Promise.all([qc.invalidateQueries({ queryKey: ['case', c.id] }), qc.invalidateQueries({ queryKey: ['candidates', c.id] })]);
    } catch (e) { setError(e); } finally { setBusy(undefined); }
  }
  const assignments = c.assignments ?? [];
  return (
    <section aria-labelledby="experts">
      <Title order={2} size="h3" id="experts" mb="xs">{t('pole.case.reviewers')}</Title>
      <Stack gap="sm">
        <Title order={3} size="h4">{t('pole.case.assignments')}</Title>
        {assignments.length === 0 ? <Text>{t('pole.case.noAssignments')}</Text> : (
          <List spacing={4}>
            {assignments.map((a) => (
              <List.Item key={a.id}>
                <strong>{nameOf(a.reviewerUserId)}</strong> — {t(`pole.assignmentStatus.${a.status}`)}
                {a.status === 'assigned' && <> · {t('pole.case.dueOn', { date: date(a.dueAt) })}{a.overdue && <Badge color="red" ml={4}>{t('pole.reviews.overdue')}</Badge>}</>}
                {a.status === 'submitted' && a.review?.submittedAt && <> · {t('pole.case.submittedOn', { date: date(a.review.submittedAt) })}</>}
                {a.status === 'withdrawn' && a.withdrawalReason && <> · {a.withdrawalReason}</>}
              </List.Item>
            ))}
          </List>
        )}
        {open && (
          <>
            <Title order={3} size="h4">{t('pole.case.pool')}</Title>
            <ProblemMessage error={error ?? candidates.error} />
            {candidates.data && candidates.data.length === 0 && <Text>{t('pole.case.poolEmpty')} <Anchor component={Link} to="/pole/reglages">{t('pole.nav.settings')}</Anchor></Text>}
            {candidates.data && candidates.data.length > 0 && (
              <Table.ScrollContainer minWidth={760}>
                <Table withTableBorder striped aria-label={t('pole.case.pool')}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('pole.case.name')}</Table.Th><Table.Th>{t('pole.case.organisations')}</Table.Th><Table.Th>{t('pole.case.expertise')}</Table.Th>
                      <Table.Th>{t('pole.case.workload')}</Table.Th><Table.Th>{t('pole.case.state')}</Table.Th><Table.Th>{t('common.actions')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {candidates.data.map((x) => {
                      const name = nameOf(x.userId);
                      const conflicted = x.conflicts.length > 0;
                      const reasonId = `conflit-${x.userId}`;
                      return (
                        <Table.Tr key={x.userId}>
                          <Table.Td fw={600}>{name}</Table.Td>
                          <Table.Td>{x.organisations.join(', ') || '—'}</Table.Td>
                          <Table.Td>{x.expertise.join(', ') || '—'}</Table.Td>
                          <Table.Td>{t('pole.case.workloadValue', { open: x.openAssignments })}{x.overdueAssignments > 0 && <Text span c="red.9" size="sm"> ({t('pole.case.workloadOverdue', { overdue: x.overdueAssignments })})</Text>}</Table.Td>
                          <Table.Td>
                            {conflicted ? (
                              <Stack gap={2} id={reasonId}>
                                <Badge color="red">{t('pole.case.conflict')}</Badge>
                                {x.conflicts.map((k, i) => <Text key={i} size="sm">{name} {conflictText(k, t)}</Text>)}
                              </Stack>
                            ) : x.assignment ? (
                              <Badge color="indigo" variant="light">{t(x.assignment === 'submitted' ? 'pole.case.hasSubmitted' : 'pole.case.alreadyAssigned')}</Badge>
                            ) : (
                              <Badge color={x.available ? 'green' : 'gray'} variant="light">{t(x.available ? 'pole.case.free' : 'pole.case.unavailable')}</Badge>
                            )}
                          </Table.Td>
                          <Table.Td>
                            {conflicted ? (
                              <Button size="xs" disabled aria-describedby={reasonId} title={t('pole.case.refusedConflict')}>{t('pole.case.refusedConflict')}</Button>
                            ) : !x.assignment && x.available ? (
                              <Button size="xs" onClick={() => void assign(x)} loading={busy === x.userId} aria-label={t('pole.case.assignTo', { name })}>{t('pole.case.assign')}</Button>
                            ) : null}
                          </Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </>
        )}
      </Stack>
    </section>
  );
}

function Committee({ c, names }: { c: CaseView; names: Map<string, string> }) {
  const { t, i18n } = useTranslation();
  const s = c.scores as unknown as ScoreSummary | undefined;
  const reviews = (c.assignments ?? []).filter((a) => a.status === 'submitted' && a.review);
  const decision = c.rounds.at(-1)?.decision;
  const quorum = c.quorum ?? 0;
  if (!s && !decision) return null;
  const reached = reviews.length >= quorum;
  return (
    <section aria-labelledby="comite">
      <Title order={2} size="h3" id="comite" mb="xs">{t('pole.case.committee')}</Title>
      <Stack gap="sm">
        <Group gap="sm">
          <Badge color={reached ? 'green' : 'orange'} size="lg">{t(reached ? 'pole.case.quorumReached' : 'pole.case.quorumMissing')}</Badge>
          <Text>{t('pole.case.quorum', { count: reviews.length, quorum })}</Text>
        </Group>
        {reviews.length === 0 || !s ? <Text>{t('pole.case.noReviews')}</Text> : (
          <>
            <Text fw={700} size="lg">{t('pole.case.average')} : {num(s.weightedAverage, i18n.language)} / 5</Text>
            <Table.ScrollContainer minWidth={720}>
              <Table withTableBorder striped aria-label={t('pole.case.committee')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('pole.case.criterion')}</Table.Th><Table.Th ta="right">{t('pole.case.weight')}</Table.Th>
                    {reviews.map((a) => <Table.Th key={a.id} ta="right">{names.get(a.reviewerUserId) ?? '…'}</Table.Th>)}
                    <Table.Th ta="right">{t('pole.case.mean')}</Table.Th><Table.Th ta="right">{t('pole.case.spread')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {CRITERIA.map((k) => {
                    const row = s.criteria.find((x) => x.criterion === k);
                    const disagree = s.disagreement.includes(k);
                    return (
                      <Table.Tr key={k} bg={disagree ? 'orange.0' : undefined}>
                        <Table.Th scope="row">{t(`pole.criterion.${k}`)}</Table.Th>
                        <Table.Td ta="right">{row?.weight}</Table.Td>
                        {reviews.map((a) => <Table.Td key={a.id} ta="right">{(a.review!.scores as Record<string, CriterionScore | undefined>)[k]?.score ?? '—'}</Table.Td>)}
                        <Table.Td ta="right">{num(row?.mean, i18n.language)}</Table.Td>
                        <Table.Td ta="right">{row?.spread}{disagree && <Badge color="orange" ml={6}>{t('pole.case.disagreement')}</Badge>}</Table.Td>
                      </Table.Tr>
                    );
                  })}
                  <Table.Tr>
                    <Table.Th scope="row">{t('pole.review.weighted')}</Table.Th><Table.Td />
                    {reviews.map((a) => <Table.Td key={a.id} ta="right" fw={700}>{num(a.review!.weightedScore, i18n.language)}</Table.Td>)}
                    <Table.Td ta="right" fw={700}>{num(s.weightedAverage, i18n.language)}</Table.Td><Table.Td />
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th scope="row">{t('pole.case.recommendations')}</Table.Th><Table.Td />
                    {reviews.map((a) => <Table.Td key={a.id} ta="right">{a.review!.recommendation ? t(`pole.recommendation.${a.review!.recommendation}`) : '—'}</Table.Td>)}
                    <Table.Td /><Table.Td />
                  </Table.Tr>
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Alert color={s.disagreement.length ? 'orange' : 'green'}>
              {s.disagreement.length ? t('pole.case.disagreeOn', { list: s.disagreement.map((k) => t(`pole.criterion.${k}`)).join(', ') }) : t('pole.case.agree')}
            </Alert>
            {reviews.map((a) => (
              <Card key={a.id} withBorder padding="sm">
                <Text fw={600}>{t('pole.case.reviewOf', { name: names.get(a.reviewerUserId) ?? '…' })} — {t('pole.case.weightedOf', { score: num(a.review!.weightedScore, i18n.language) })}</Text>
                {a.review!.summary && <Text size="sm" mb={4}>{a.review!.summary}</Text>}
                <List size="sm">
                  {CRITERIA.map((k) => {
                    const v = (a.review!.scores as Record<string, CriterionScore | undefined>)[k];
                    return v?.comment ? <List.Item key={k}>{t(`pole.criterion.${k}`)} ({v.score}) : {v.comment}</List.Item> : null;
                  })}
                </List>
              </Card>
            ))}
          </>
        )}
      </Stack>
    </section>
  );
}

function Decision({ c, etag }: { c: CaseView; etag: string | null }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const reload = useCaseConflictReload(c.id);
  const [outcome, setOutcome] = useState('');
  const [motivation, setMotivation] = useState('');
  const [conditions, setConditions] = useState('');
  const [changes, setChanges] = useState('');
  const [validUntil, setValidUntil] = useState('');
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const decision = c.rounds.at(-1)?.decision;
  if (decision) {
    return (
      <section aria-labelledby="decision">
        <Title order={2} size="h3" id="decision" mb="xs">{t('pole.case.decision')}</Title>
        <Alert color={decision.outcome === 'labelled' ? 'green' : 'orange'}>
          <Text fw={600}>{t('pole.case.decidedOn', { date: dateTime(decision.decidedAt), outcome: t(`pole.case.outcomeValue.${decision.outcome}`) })}</Text>
          <Text size="sm">{decision.motivation}</Text>
          {decision.conditions.length > 0 && <List size="sm" mt={4}>{decision.conditions.map((x) => <List.Item key={x}>{x}</List.Item>)}</List>}
          {decision.requestedChanges.length > 0 && <List size="sm" mt={4}>{decision.requestedChanges.map((x) => <List.Item key={x}>{x}</List.Item>)}</List>}
          {decision.labelNumber && (
            <Anchor component={Link} to={`/pole/labels/${decision.labelNumber}/certificat`} mt="xs" display="inline-block">{t('pole.case.certificate', { number: decision.labelNumber })}</Anchor>
          )}
        </Alert>
      </section>
    );
  }
  if (c.status !== 'under_review') return null;
  const submitted = (c.assignments ?? []).filter((a) => a.status === 'submitted').length;
  const ready = submitted >= (c.quorum ?? 1);
  const valid = outcome && motivation.trim() && (outcome !== 'revision_requested' || lines(changes).length > 0);
  async function decide() {
    setBusy(true);
    setError(undefined);
    try {
      await data(api.POST('/api/v1/cases/{id}/decision', {
        params: { path: { id: c.id }, header: { 'If-Match': etag ?? '', 'Idempotency-Key': idem() } as never },
        body: {
          outcome: outcome as (typeof OUTCOMES)[number], motivation: motivation.trim(),
          ...(outcome === 'labelled' && lines(conditions).length ? { conditions: lines(conditions) } : {}),
          ...(outcome === 'labelled' && validUntil ? { validUntil } : {}),
          ...(outcome === 'revision_requested' ? { requestedChanges: lines(changes) } : {}),
        },
      }));
      setConfirm(false);
      notifications.show({ color: 'green', message: t('pole.case.decided') });
      await Promise.all([qc.invalidateQueries({ queryKey: ['case', c.id] }), qc.invalidateQueries({ queryKey: ['cases'] })]);
    } catch (e) { setConfirm(false); if (!reload(e)) setError(e); } finally { setBusy(false); }
  }
  return (
    <section aria-labelledby="decision">
      <Title order={2} size="h3" id="decision" mb="xs">{t('pole.case.decision')}</Title>
      {!ready ? <Text>{t('pole.case.needQuorum')}</Text> : (
        <Card withBorder>
          <form onSubmit={(e) => { e.preventDefault(); if (valid) setConfirm(true); }}>
            <Stack gap="sm">
              <Radio.Group label={t('pole.case.outcome')} value={outcome} onChange={setOutcome} required>
                <Group gap="lg" mt={4}>{OUTCOMES.map((o) => <Radio key={o} value={o} label={t(`pole.case.outcomeValue.${o}`)} />)}</Group>
              </Radio.Group>
              <Textarea label={t('pole.case.motivation')} required autosize minRows={3} maxLength={8000} value={motivation} onChange={(e) => setMotivation(e.currentTarget.value)} />
              {outcome === 'labelled' && (
                <>
                  <Textarea label={t('pole.case.conditions')} autosize minRows={2} value={conditions} onChange={(e) => setConditions(e.currentTarget.value)} />
                  <TextInput type="date" label={t('pole.case.validUntil')} description={t('pole.case.validHint')} value={validUntil} onChange={(e) => setValidUntil(e.currentTarget.value)} style={{ maxWidth: 240 }} />
                </>
              )}
              {outcome === 'revision_requested' && (
                <Textarea label={t('pole.case.changes')} required autosize minRows={3} value={changes} onChange={(e) => setChanges(e.currentTarget.value)}
                  error={changes && !lines(changes).length ? t('pole.case.changesRequired') : undefined} />
              )}
              <ProblemMessage error={error} />
              <Button type="submit" disabled={!valid} style={{ alignSelf: 'flex-start' }}>{t('pole.case.decide')}</Button>
            </Stack>
          </form>
        </Card>
      )}
      <Modal opened={confirm} onClose={() => setConfirm(false)} title={t('pole.case.decideTitle')}>
        <Text mb="md">{t('pole.case.decideText', { outcome: outcome ? t(`pole.case.outcomeValue.${outcome}`) : '' })}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setConfirm(false)}>{t('pole.review.cancel')}</Button>
          <Button onClick={() => void decide()} loading={busy}>{t('pole.case.decideConfirm')}</Button>
        </Group>
      </Modal>
    </section>
  );
}

/** A case for the pole's managers: the project, admissibility, reviewers (conflicts shown before assigning), the committee view and the decision. */
export default function CasePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const q = useCase(id);
  const c = q.data?.data;
  const people = usePoolPeople(c?.viewer === 'staff' ? c.pole.id : undefined);
  const names = new Map((people.data?.items ?? []).map((p) => [p.accountId, p.displayName]));
  if (q.error instanceof ApiError && q.error.status === 404) return <NotFoundPage />;
  if (c && c.viewer !== 'staff') return <NotFoundPage />;
  return (
    <Page title={c ? `${c.acronym} — ${c.title}` : t('pole.cases.title')} loading={q.isPending} error={q.error}>
      {c && (
        <Stack gap="lg">
          <Group gap="xs">
            <Badge color={STATUS_COLOR[c.status]} size="lg">{t(`pole.status.${c.status}`)}</Badge>
            <Badge variant="light">{c.pole.name} · {c.lead ? t('pole.cases.lead') : t('pole.cases.co')}</Badge>
            <Text size="sm">{t('pole.cases.opened')} {date(c.openedAt)}</Text>
            <Anchor component={Link} to="/pole/dossiers" size="sm">← {t('pole.cases.title')}</Anchor>
          </Group>
          {c.project && <ProjectSnapshot project={c.project as unknown as Snapshot} checks={c.checks as Check[] | undefined} />}
          <Admissibility c={c} etag={q.data?.etag ?? null} />
          {c.status !== 'admissibility' && c.status !== 'inadmissible' && <Reviewers c={c} names={names} />}
          {c.status !== 'admissibility' && c.status !== 'inadmissible' && <Committee c={c} names={names} />}
          <Decision c={c} etag={q.data?.etag ?? null} />
        </Stack>
      )}
    </Page>
  );
}
