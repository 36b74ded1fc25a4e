import { Alert, Badge, Button, Card, Group, List, MultiSelect, NumberInput, Radio, Stack, Stepper, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { api, data, idem } from '../../api/client';
import { CATEGORIES, COSTS, missing, partnerTotal, useConflictReload, useProject, type Budget, type Project } from '../../api/projects';
import { useAllPoles, usePoles } from '../../api/public';
import { useAuth } from '../../app/auth';
import { euros, percent } from '../../components/format';
import { Page } from '../../components/Page';
import { ProblemMessage, fieldErrors } from '../../components/ProblemMessage';
import { ConsortiumStep } from './ConsortiumStep';

const MAX_SHARE = 70;

function ProjectStep({ project, etag, onDone }: { project?: Project; etag?: string | null; onDone(id: string): void }) {
  const { t } = useTranslation();
  const { organisation } = useAuth();
  const poles = useAllPoles();
  const themes = useMemo(() => [...new Set((poles.data?.items ?? []).flatMap((p) => p.themes))].sort(), [poles.data]);
  const conflict = useConflictReload(project?.id);
  const [error, setError] = useState<unknown>();
  const form = useForm({
    initialValues: {
      title: project?.title ?? '', acronym: project?.acronym ?? '', summary: project?.summary ?? '', themes: project?.themes ?? [] as string[],
      trlStart: (project?.trlStart ?? '') as number | string, trlTarget: (project?.trlTarget ?? '') as number | string,
      startDate: project?.startDate?.slice(0, 10) ?? '', durationMonths: (project?.durationMonths ?? '') as number | string,
    },
  });
  const submit = form.onSubmit(async (v) => {
    setError(undefined);
    const body = {
      title: v.title.trim(), acronym: v.acronym.trim(), summary: v.summary.trim(), themes: v.themes,
      ...(v.trlStart !== '' ? { trlStart: Number(v.trlStart) } : {}), ...(v.trlTarget !== '' ? { trlTarget: Number(v.trlTarget) } : {}),
      ...(v.startDate ? { startDate: v.startDate } : {}), ...(v.durationMonths !== '' ? { durationMonths: Number(v.durationMonths) } : {}),
    };
    try {
      if (project) {
        await data(api.PATCH('/api/v1/projects/{id}', { params: { path: { id: project.id }, header: { 'If-Match': etag ?? '', 'Idempotency-Key': idem() } }, body } as never));
        onDone(project.id);
      } else {
        const p = await data(api.POST('/api/v1/projects', { params: { header: { 'Idempotency-Key': idem() } }, body: { ...body, coordinatorOrganisationId: organisation!.targetId } } as never)) as Project;
        onDone(p.id);
      }
    } catch (e) {
      if (conflict(e)) return;
      setError(e);
      form.setErrors(fieldErrors(e));
    }
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={760}>
        <ProblemMessage error={error} />
        <TextInput label={t('field.title')} required {...form.getInputProps('title')} />
        <TextInput label={t('field.acronym')} required maw={240} {...form.getInputProps('acronym')} />
        <Textarea label={t('field.summary')} autosize minRows={3} {...form.getInputProps('summary')} />
        <MultiSelect label={t('field.themes')} searchable data={themes.map((th) => ({ value: th, label: t(`theme.${th}`, { defaultValue: th }) }))} {...form.getInputProps('themes')} />
        <Group grow align="flex-start">
          <NumberInput label={t('field.trlStart')} description={t('projects.trlHint')} min={1} max={9} {...form.getInputProps('trlStart')} />
          <NumberInput label={t('field.trlTarget')} min={1} max={9} {...form.getInputProps('trlTarget')} />
        </Group>
        <Group grow align="flex-start">
          <TextInput type="date" label={t('field.startDate')} {...form.getInputProps('startDate')} />
          <NumberInput label={t('field.durationMonths')} min={1} max={120} {...form.getInputProps('durationMonths')} />
        </Group>
        <Button type="submit" loading={form.submitting} style={{ alignSelf: 'flex-start' }}>{t(project ? 'projects.saveContinue' : 'projects.create')}</Button>
      </Stack>
    </form>
  );
}

/** The budget grid per partner × category × cost type; `only` limits it to one partner (a partner enters its own lines). */
export function BudgetGrid({ project, etag, onNext, only }: { project: Project; etag: string | null; onNext(): void; only?: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const conflict = useConflictReload(project.id);
  const [budgets, setBudgets] = useState<Record<string, Budget>>(() => Object.fromEntries(project.partners.map((p) => [p.organisationId, p.budget ?? {}])));
  type Decl = { nonEconomicActivity: boolean | null; mayPublish: boolean | null };
  const [decls, setDecls] = useState<Record<string, Decl>>(() => Object.fromEntries(project.partners.map((p) => [p.organisationId, { nonEconomicActivity: p.nonEconomicActivity, mayPublish: p.mayPublish }])));
  const setDecl = (org: string, k: keyof Decl, v: string) => setDecls((d) => ({ ...d, [org]: { ...d[org], [k]: v === 'oui' } }));
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const totals = Object.fromEntries(project.partners.map((p) => [p.organisationId, partnerTotal(budgets[p.organisationId])]));
  const grand = Object.values(totals).reduce((a, b) => a + b, 0);
  const largest = Math.max(0, ...Object.values(totals).map((v) => (grand ? (v / grand) * 100 : 0)));
  const shown = only ? project.partners.filter((p) => p.organisationId === only) : project.partners;
  const setCell = (org: string, c: string, k: string, euro: number) => setBudgets((b) => ({ ...b, [org]: { ...b[org], [c]: { ...(b[org] as Record<string, Record<string, number>>)?.[c], [k]: Math.round(euro * 100) } } }));
  async function save() {
    setError(undefined);
    setSaving(true);
    try {
      let tag = etag;
      for (const p of shown) {
        const r = await api.PUT('/api/v1/projects/{id}/partners/{organisationId}', {
          params: { path: { id: project.id, organisationId: p.organisationId }, header: { 'If-Match': tag ?? '', 'Idempotency-Key': idem() } },
          body: { role: p.role, budget: budgets[p.organisationId] },
        } as never);
        if (!r.response.ok) { await data(Promise.resolve(r)); }
        tag = r.response.headers.get('etag');
        const d = decls[p.organisationId];
        if (p.declaresGber && (d.nonEconomicActivity !== p.nonEconomicActivity || d.mayPublish !== p.mayPublish)) {
          const r2 = await api.PUT('/api/v1/projects/{id}/partners/{organisationId}/declarations', {
            params: { path: { id: project.id, organisationId: p.organisationId }, header: { 'If-Match': tag ?? '', 'Idempotency-Key': idem() } },
            body: { nonEconomicActivity: d.nonEconomicActivity, mayPublish: d.mayPublish },
          } as never);
          if (!r2.response.ok) { await data(Promise.resolve(r2)); }
          tag = r2.response.headers.get('etag');
        }
      }
      await qc.invalidateQueries({ queryKey: ['project', project.id] });
      notifications.show({ color: 'green', message: t('projects.budgetSaved') });
      onNext();
    } catch (e) {
      if (!conflict(e)) setError(e);
    } finally {
      setSaving(false);
    }
  }
  return (
    <Stack>
      <ProblemMessage error={error} />
      {shown.map((p) => (
        <Card key={p.organisationId} withBorder padding="sm">
          <Title order={3} size="h4">{p.name}</Title>
          <Table.ScrollContainer minWidth={720}>
            <Table>
              <Table.Thead>
                <Table.Tr><Table.Th>{t('projects.category')}</Table.Th>{COSTS.map((k) => <Table.Th key={k}>{t(`cost.${k}`)}</Table.Th>)}</Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {CATEGORIES.map((c) => (
                  <Table.Tr key={c}>
                    <Table.Th scope="row">{t(`category.${c}`)}</Table.Th>
                    {COSTS.map((k) => (
                      <Table.Td key={k}>
                        <NumberInput
                          aria-label={t('projects.cell', { partner: p.name, category: t(`category.${c}`), cost: t(`cost.${k}`) })}
                          min={0} thousandSeparator=" " suffix=" €" hideControls size="xs"
                          value={((budgets[p.organisationId] as Record<string, Record<string, number>>)?.[c]?.[k] ?? 0) / 100}
                          onChange={(v) => setCell(p.organisationId, c, k, Number(v) || 0)}
                        />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {p.declaresGber && (
            <Stack gap={4} mt="sm">
              <Title order={4} size="h5">{t('projects.declarations')}</Title>
              <Text size="sm">{t('projects.declarationsHint')}</Text>
              <Group gap="xl" wrap="wrap">
                {(['nonEconomicActivity', 'mayPublish'] as const).map((k) => (
                  <Radio.Group key={k} label={`${p.name} : ${t(k === 'nonEconomicActivity' ? 'projects.nonEconomic' : 'projects.mayPublish')}`}
                    value={decls[p.organisationId][k] == null ? '' : decls[p.organisationId][k] ? 'oui' : 'non'} onChange={(v) => setDecl(p.organisationId, k, v)}>
                    <Group gap="md" mt={4}><Radio value="oui" label={t('projects.yes')} /><Radio value="non" label={t('projects.no')} /></Group>
                  </Radio.Group>
                ))}
              </Group>
            </Stack>
          )}
          <Text fw={600} mt="xs">{t('projects.partnerTotal', { total: euros(totals[p.organisationId]), share: percent(grand ? (totals[p.organisationId] / grand) * 100 : 0) })}</Text>
        </Card>
      ))}
      <Text fw={700}>{t('projects.grandTotal', { total: euros(grand) })}</Text>
      <Alert color={largest > MAX_SHARE ? 'orange' : 'green'} role="status">
        {t('projects.largestShare', { share: percent(largest), max: percent(MAX_SHARE) })} {largest > MAX_SHARE ? t('projects.over70') : ''}
      </Alert>
      <Button onClick={save} loading={saving} style={{ alignSelf: 'flex-start' }}>{t('projects.saveBudgets')}</Button>
    </Stack>
  );
}

function PolesStep({ project, etag, onNext }: { project: Project; etag: string | null; onNext(): void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const conflict = useConflictReload(project.id);
  const all = useAllPoles();
  const [chosen, setChosen] = useState<string[]>(project.poleIds);
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 250);
  const found = usePoles(q ? { q } : {});
  const [error, setError] = useState<unknown>();
  const name = (id: string) => all.data?.items.find((p) => p.id === id)?.name ?? '…';
  async function save() {
    setError(undefined);
    try {
      await data(api.PATCH('/api/v1/projects/{id}', { params: { path: { id: project.id }, header: { 'If-Match': etag ?? '', 'Idempotency-Key': idem() } }, body: { poleIds: chosen } } as never));
      await qc.invalidateQueries({ queryKey: ['project', project.id] });
      onNext();
    } catch (e) {
      if (!conflict(e)) setError(e);
    }
  }
  return (
    <Stack maw={760}>
      <ProblemMessage error={error} />
      <Text>{t('projects.polesHint')}</Text>
      <List>
        {chosen.map((id, i) => (
          <List.Item key={id}>
            <Group gap="xs">
              <Text>{name(id)}</Text>
              <Badge variant="light">{i === 0 ? t('projects.leadPole') : t('projects.coPole')}</Badge>
              <Button size="compact-xs" variant="subtle" onClick={() => setChosen(chosen.filter((x) => x !== id))} aria-label={t('projects.removePole', { pole: name(id) })}>{t('common.remove')}</Button>
            </Group>
          </List.Item>
        ))}
      </List>
      <TextInput label={t('projects.findPole')} type="search" value={text} onChange={(e) => setText(e.currentTarget.value)} />
      {q && (
        <Stack gap={4}>
          {(found.data?.items ?? []).slice(0, 8).map((p) => (
            <Group key={p.id} gap="xs">
              <Button size="compact-sm" variant="light" disabled={chosen.includes(p.id)} onClick={() => setChosen([...chosen, p.id])} aria-label={t('projects.addPole', { pole: p.name })}>{t('common.add')}</Button>
              <Text size="sm">{p.name} · {p.regions.join(', ')}</Text>
            </Group>
          ))}
        </Stack>
      )}
      <Button onClick={save} disabled={!chosen.length} style={{ alignSelf: 'flex-start' }}>{t('projects.savePoles')}</Button>
    </Stack>
  );
}

function ReviewStep({ project, etag }: { project: Project; etag: string | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const conflict = useConflictReload(project.id);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const todo = missing(project);
  const all = useAllPoles();
  const poleNames = project.poleIds.map((id) => all.data?.items.find((p) => p.id === id)?.name ?? '…').join(', ') || '—';
  async function submit() {
    setError(undefined);
    setBusy(true);
    try {
      const path = project.status === 'revision_requested' ? '/api/v1/projects/{id}/resubmit' : '/api/v1/projects/{id}/submit';
      await data(api.POST(path, { params: { path: { id: project.id }, header: { 'If-Match': etag ?? '', 'Idempotency-Key': idem() } } } as never));
      await qc.invalidateQueries();
      notifications.show({ color: 'green', message: t('projects.submitted') });
      navigate(`/projets/${project.id}`);
    } catch (e) {
      if (!conflict(e)) setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Stack maw={760}>
      <Text><strong>{project.acronym}</strong> — {project.title}</Text>
      <Text>{t('projects.reviewLine', { count: project.partners.length, total: euros(project.totalCents), poles: poleNames })}</Text>
      {todo.length ? (
        <Alert color="orange" title={t('projects.missingTitle')}>
          <List>{todo.map((m) => (
            <List.Item key={m}>
              {t(`projects.missing.${m}`)}
              {m === 'confirmations' && ` — ${t('projects.waitingFor', { names: project.partners.filter((x) => !x.confirmed).map((x) => x.name ?? '…').join(', ') })}`}
            </List.Item>
          ))}</List>
        </Alert>
      ) : <Alert color="green">{t('projects.complete')}</Alert>}
      <ProblemMessage error={error} />
      <Button onClick={submit} loading={busy} disabled={todo.length > 0} style={{ alignSelf: 'flex-start' }}>
        {project.status === 'revision_requested' ? t('projects.resubmit') : t('projects.submit')}
      </Button>
    </Stack>
  );
}

export default function ProjectEditor() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const step = Math.min(4, Math.max(0, Number(params.get('etape') ?? 1) - 1));
  const go = (s: number) => setParams({ etape: String(s + 1) });
  const p = useProject(id);
  const project = p.data?.data;
  const etag = p.data?.etag ?? null;
  useEffect(() => { if (!id && step > 0) go(0); });
  return (
    <Page title={project ? t('projects.editTitle', { acronym: project.acronym }) : t('projects.newTitle')} loading={!!id && p.isPending} error={p.error}>
      <Stepper active={step} onStepClick={(s) => (project ? go(s) : undefined)} allowNextStepsSelect={!!project} size="sm" wrap>
        <Stepper.Step label={t('projects.step.project')}>
          <ProjectStep key={project?.version} project={project} etag={etag} onDone={(newId) => navigate(`/projets/${newId}/modifier?etape=2`)} />
        </Stepper.Step>
        <Stepper.Step label={t('projects.step.consortium')}>{project && <ConsortiumStep project={project} onNext={() => go(2)} />}</Stepper.Step>
        <Stepper.Step label={t('projects.step.budgets')}>{project && <BudgetGrid key={project.version} project={project} etag={etag} onNext={() => go(3)} />}</Stepper.Step>
        <Stepper.Step label={t('projects.step.poles')}>{project && <PolesStep key={project.version} project={project} etag={etag} onNext={() => go(4)} />}</Stepper.Step>
        <Stepper.Step label={t('projects.step.review')}>{project && <ReviewStep project={project} etag={etag} />}</Stepper.Step>
      </Stepper>
    </Page>
  );
}
