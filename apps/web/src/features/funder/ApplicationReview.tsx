import { ActionIcon, Alert, Anchor, Badge, Button, Card, Group, List, Modal, Select, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError, call, data } from '../../api/client';
import { bps, date, euros, humanise } from '../../components/format';
import { Page } from '../../components/Page';
import { ProblemMessage } from '../../components/ProblemMessage';
import { isNotFound, NotFoundPage, toCents } from './common';
import { STATUS_COLOR } from './ApplicationsPage';

interface Outcome { type: string; passed: boolean; reason: { fr: string; en: string } }
interface Category { category: string; costsCents: number; appliedBps: number; maxAidCents: number }
interface Ceiling { partnerId: string; name: string; categories: Category[]; totalCostsCents: number; maxAidCents: number; outsideStateAid: boolean }
interface Assessment { eligible: boolean; rules: Outcome[]; ceilings?: { partners: Ceiling[]; totalMaxAidCents: number; totalCostsCents: number } }
interface Decision { outcome: 'granted' | 'refused'; motivation: string; partners: { organisationId: string; name: string; amountCents: number; aidForm: string }[]; tranches: { milestone: string; percent: number }[]; totalCents: number; decidedAt: string }
interface TrancheRow { key: number; milestone: string | null; percent: string }

const MILESTONES = ['proof_of_concept', 'prototype', 'industrialisation', 'market_launch'] as const;
const DEFAULT_TRANCHES: TrancheRow[] = [{ key: 1, milestone: 'prototype', percent: '30' }, { key: 2, milestone: 'industrialisation', percent: '40' }, { key: 3, milestone: 'market_launch', percent: '30' }];

/** An application to one of the funder's calls: its assessment, and the decision with each amount checked against the partner's ceiling as it is typed. */
export default function ApplicationReview() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const app = useQuery({
    queryKey: ['funder-application', id],
    queryFn: () => call(api.GET('/api/v1/applications/{id}', { params: { path: { id } } })),
    refetchInterval: (q) => (q.state.data?.data.status === 'assessing' ? 1500 : false),
    retry: (n, e) => !isNotFound(e) && n < 2,
  });
  const a = app.data?.data;
  const theCall = useQuery({ queryKey: ['call', a?.callId], enabled: !!a, queryFn: () => data(api.GET('/api/v1/calls/{id}', { params: { path: { id: a!.callId } } })) });
  const assessment = a?.assessment as Assessment | null | undefined;
  const decision = a?.decision as Decision | null | undefined;
  const partners = assessment?.ceilings?.partners ?? [];
  const aidForms = theCall.data?.aidForms ?? ['grant'];

  const [amounts, setAmounts] = useState<Record<string, string>>({});
  const [forms, setForms] = useState<Record<string, string>>({});
  const [tranches, setTranches] = useState<TrancheRow[]>(DEFAULT_TRANCHES);
  const [motivation, setMotivation] = useState('');
  const [tried, setTried] = useState<'granted' | 'refused' | null>(null);
  const [confirm, setConfirm] = useState<'granted' | 'refused' | null>(null);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  if (app.error && isNotFound(app.error)) return <NotFoundPage />;
  const names = new Map(partners.map((p) => [p.partnerId, p.name]));

  // checked as typed: each amount against its partner's ceiling, the tranches against 100 %
  const lineErrors: Record<string, string> = {};
  const lines = partners.flatMap((p) => {
    const raw = amounts[p.partnerId] ?? '';
    const cents = toCents(raw);
    if (raw.trim() !== '' && (cents === null || cents <= 0)) lineErrors[p.partnerId] = t('funder.editor.err.atLeast', { min: 1 });
    else if (cents !== null && cents > p.maxAidCents) lineErrors[p.partnerId] = t('funder.review.aboveCeiling', { ceiling: euros(p.maxAidCents) });
    return cents !== null && cents > 0 ? [{ organisationId: p.partnerId, amountCents: cents, aidForm: forms[p.partnerId] ?? aidForms[0] }] : [];
  });
  const serverDetails = error instanceof ApiError ? (error.problem as { details?: { organisationId?: string } }).details : undefined;
  if (error instanceof ApiError && error.problem.code === 'AID_ABOVE_CEILING' && serverDetails?.organisationId && !lineErrors[serverDetails.organisationId]) {
    lineErrors[serverDetails.organisationId] = t('problem.AID_ABOVE_CEILING');
  }
  const total = lines.reduce((s, l) => s + l.amountCents, 0);
  const sum = tranches.reduce((s, r) => s + (Number(r.percent) || 0), 0);
  const trancheError = sum !== 100 ? t('funder.review.tranchesMust', { sum }) : new Set(tranches.map((r) => r.milestone)).size !== tranches.length ? t('funder.review.duplicateMilestone') : undefined;
  const motivationError = motivation.trim() ? undefined : t('funder.review.motivationRequired');
  const grantValid = !Object.keys(lineErrors).length && lines.length > 0 && !trancheError && !motivationError && tranches.every((r) => r.milestone && Number.isInteger(Number(r.percent)) && Number(r.percent) > 0);

  function ask(outcome: 'granted' | 'refused') {
    setTried(outcome);
    setError(undefined);
    if (outcome === 'granted' ? grantValid : !motivationError) setConfirm(outcome);
  }

  async function decide(outcome: 'granted' | 'refused') {
    setConfirm(null);
    setBusy(true);
    try {
      const body = outcome === 'granted'
        ? { outcome, motivation: motivation.trim(), partners: lines, tranches: tranches.map((r) => ({ milestone: r.milestone!, percent: Number(r.percent) })) }
        : { outcome, motivation: motivation.trim() };
      const r = await data(api.POST('/api/v1/applications/{id}/decision', { params: { path: { id }, header: { 'if-match': app.data?.etag ?? '' } }, body } as never)) as { acronym: string };
      notifications.show({ color: 'green', message: outcome === 'granted' ? t('funder.review.granted', { total: euros(total), acronym: r.acronym }) : t('funder.review.refused', { acronym: r.acronym }) });
      await qc.invalidateQueries({ queryKey: ['funder-application', id] });
      void qc.invalidateQueries({ queryKey: ['funder-applications'] });
    } catch (e) {
      setError(e);
      if (e instanceof ApiError && e.status === 412) void app.refetch();
    } finally {
      setBusy(false);
    }
  }

  const show = (err: string | undefined, forGrant = true) => (tried && (forGrant ? tried === 'granted' : true) ? err : undefined);
  return (
    <Page title={a ? t('funder.review.title', { acronym: a.acronym, call: a.callTitle }) : t('funder.applications.title')} loading={app.isPending} error={app.error}>
      {a && (
        <Stack gap="lg">
          <Group>
            <Badge size="lg" color={STATUS_COLOR[a.status]}>{t(`application.${a.status}`)}</Badge>
            <Text>{t('funder.applications.appliedAt')} {date(a.appliedAt)}</Text>
            <Anchor component={Link} to={`/projets/${a.projectId}`}>{t('funder.review.project')}</Anchor>
          </Group>
          {a.status === 'assessing' && <Text role="status">{t('funder.review.assessing')}</Text>}
          {assessment && (
            <section aria-labelledby="examen">
              <Title order={2} size="h3" id="examen" mb="xs">{t('funder.review.assessment')} : {assessment.eligible ? t('funder.review.eligibleYes') : t('funder.review.eligibleNo')}</Title>
              <List spacing="xs">
                {assessment.rules.map((o, i) => (
                  <List.Item key={i}><Badge color={o.passed ? 'green' : 'red'} mr="xs">{o.passed ? t('funding.passed') : t('funding.failed')}</Badge>{humanise(o.reason[lang], names)}</List.Item>
                ))}
              </List>
            </section>
          )}
          {decision ? (
            <Card withBorder component="section" aria-labelledby="decision">
              <Title order={2} size="h3" id="decision" mb="xs">{t('funding.decision')}</Title>
              <Group><Badge color={decision.outcome === 'granted' ? 'green' : 'red'} size="lg">{t(`funding.outcome.${decision.outcome}`)}</Badge><Text size="sm">{t('funder.review.decided', { date: date(decision.decidedAt) })}</Text></Group>
              <Text mt="xs">{decision.motivation}</Text>
              {decision.partners.length > 0 && (
                <Table mt="xs">
                  <Table.Tbody>
                    {decision.partners.map((p) => <Table.Tr key={p.organisationId}><Table.Td>{p.name}</Table.Td><Table.Td ta="right">{euros(p.amountCents)}</Table.Td><Table.Td>{t(`aidForm.${p.aidForm}`)}</Table.Td></Table.Tr>)}
                    <Table.Tr><Table.Th>{t('funder.portfolio.granted')}</Table.Th><Table.Th ta="right">{euros(decision.totalCents)}</Table.Th><Table.Td /></Table.Tr>
                  </Table.Tbody>
                </Table>
              )}
              {decision.tranches.length > 0 && <Text mt="xs">{t('funding.tranches')} : {decision.tranches.map((r) => `${t(`milestone.${r.milestone}`)} ${r.percent} %`).join(' · ')}</Text>}
            </Card>
          ) : (a.status === 'eligible' || a.status === 'ineligible') && (
            <Card withBorder component="section" aria-labelledby="decider">
              <Title order={2} size="h3" id="decider" mb="sm">{t('funder.review.decide')}</Title>
              <form noValidate onSubmit={(e) => { e.preventDefault(); ask('granted'); }}>
                <Stack gap="md">
                  {a.status === 'ineligible' && <Alert color="orange">{t('funder.review.notEligible')}</Alert>}
                  {a.status === 'eligible' && (
                    <>
                      <Table.ScrollContainer minWidth={640}>
                        <Table>
                          <Table.Thead><Table.Tr><Table.Th>{t('funder.review.partner')}</Table.Th><Table.Th ta="right">{t('funder.review.ceiling')}</Table.Th><Table.Th>{t('funding.costs')}</Table.Th><Table.Th miw={200}>{t('funder.portfolio.granted')}</Table.Th><Table.Th miw={180}>{t('funder.review.aidFormCol')}</Table.Th></Table.Tr></Table.Thead>
                          <Table.Tbody>
                            {partners.map((p) => (
                              <Table.Tr key={p.partnerId} style={{ verticalAlign: 'top' }}>
                                <Table.Td fw={600}>{p.name}</Table.Td>
                                <Table.Td ta="right">{euros(p.maxAidCents)}</Table.Td>
                                <Table.Td><Text size="sm">{euros(p.totalCostsCents)}{p.categories.length ? ` · ${p.categories.map((c) => `${t(`category.${c.category}`)} ${bps(c.appliedBps)}`).join(', ')}` : ''}</Text></Table.Td>
                                <Table.Td>
                                  <TextInput
                                    label={t('funder.review.amount', { name: p.name })} styles={{ label: { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' } }}
                                    inputMode="decimal" rightSection="€" placeholder={String(Math.floor(p.maxAidCents / 100))}
                                    value={amounts[p.partnerId] ?? ''} onChange={(e) => { const v = e.currentTarget.value; setAmounts((m) => ({ ...m, [p.partnerId]: v })); if (error) setError(undefined); }}
                                    error={lineErrors[p.partnerId]}
                                  />
                                </Table.Td>
                                <Table.Td>
                                  <Select
                                    label={t('funder.review.aidForm', { name: p.name })} styles={{ label: { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' } }}
                                    data={aidForms.map((f) => ({ value: f, label: t(`aidForm.${f}`) }))} value={forms[p.partnerId] ?? aidForms[0]} allowDeselect={false}
                                    onChange={(v) => v && setForms((m) => ({ ...m, [p.partnerId]: v }))}
                                  />
                                </Table.Td>
                              </Table.Tr>
                            ))}
                          </Table.Tbody>
                        </Table>
                      </Table.ScrollContainer>
                      <Text fw={700} role="status">{t('funder.review.total', { total: euros(total), ceiling: euros(assessment?.ceilings?.totalMaxAidCents) })}</Text>
                      {tried === 'granted' && !lines.length && <Text c="red.8" size="sm">{t('funder.review.atLeastOne')}</Text>}
                      <fieldset className="plain-fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
                        <legend><Title order={3} size="h4">{t('funder.review.tranches')}</Title></legend>
                        <Stack gap="xs" mt="xs">
                          {tranches.map((r, i) => (
                            <Group key={r.key} align="flex-end" wrap="wrap">
                              <Select label={t('funder.review.milestone', { n: i + 1 })} data={MILESTONES.map((m) => ({ value: m, label: t(`milestone.${m}`) }))} value={r.milestone} allowDeselect={false}
                                onChange={(v) => setTranches((rs) => rs.map((x) => (x.key === r.key ? { ...x, milestone: v } : x)))} w={240} />
                              <TextInput label={t('funder.review.percent', { n: i + 1 })} inputMode="numeric" value={r.percent} w={180} rightSection="%"
                                onChange={(e) => { const v = e.currentTarget.value; setTranches((rs) => rs.map((x) => (x.key === r.key ? { ...x, percent: v } : x))); }} />
                              {tranches.length > 1 && <ActionIcon variant="subtle" color="red" size="lg" aria-label={t('funder.review.removeTranche', { n: i + 1 })} onClick={() => setTranches((rs) => rs.filter((x) => x.key !== r.key))}>✕</ActionIcon>}
                            </Group>
                          ))}
                          <Group>
                            {tranches.length < 4 && <Button variant="subtle" size="xs" onClick={() => setTranches((rs) => [...rs, { key: Math.max(0, ...rs.map((x) => x.key)) + 1, milestone: MILESTONES.find((m) => !rs.some((x) => x.milestone === m)) ?? null, percent: '' }])}>{t('funder.review.addTranche')}</Button>}
                            <Text size="sm" fw={600} c={trancheError ? 'red.8' : undefined}>{trancheError ?? t('funder.review.tranchesSum', { sum })}</Text>
                          </Group>
                        </Stack>
                      </fieldset>
                    </>
                  )}
                  <Textarea label={t('funder.review.motivation')} required autosize minRows={3} value={motivation} onChange={(e) => setMotivation(e.currentTarget.value)} error={show(motivationError, false)} />
                  {tried === 'granted' && !grantValid && <Alert color="red" role="alert">{t('funder.review.fixFirst')}</Alert>}
                  <ProblemMessage error={error} />
                  <Group>
                    {a.status === 'eligible' && <Button type="submit" color="green" loading={busy}>{t('funder.review.grant')}</Button>}
                    <Button variant="default" color="red" onClick={() => ask('refused')} loading={busy}>{t('funder.review.refuse')}</Button>
                  </Group>
                </Stack>
              </form>
            </Card>
          )}
          <Modal opened={!!confirm} onClose={() => setConfirm(null)} title={confirm === 'granted' ? t('funder.review.grant') : t('funder.review.refuse')}>
            <Text>{confirm === 'granted' ? t('funder.review.total', { total: euros(total), ceiling: euros(assessment?.ceilings?.totalMaxAidCents) }) : motivation}</Text>
            <Group justify="flex-end" mt="md">
              <Button variant="default" onClick={() => setConfirm(null)}>{t('funder.calls.cancel')}</Button>
              <Button data-autofocus color={confirm === 'granted' ? 'green' : 'red'} onClick={() => void decide(confirm!)}>{confirm === 'granted' ? t('funder.review.grant') : t('funder.review.refuse')}</Button>
            </Group>
          </Modal>
        </Stack>
      )}
    </Page>
  );
}
