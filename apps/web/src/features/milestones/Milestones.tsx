import { Alert, Badge, Button, Card, Group, NumberInput, Progress, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { Dropzone } from '@mantine/dropzone';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data, type Schemas } from '../../api/client';
import { session } from '../../app/session';
import { date, euros } from '../../components/format';
import { ProblemMessage, fieldErrors, problemText } from '../../components/ProblemMessage';
import { Impact } from './Impact';

type Milestone = Schemas['MilestoneView'];
const ACCEPT = ['application/pdf', 'image/png', 'image/jpeg', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];
const MAX = 20 * 1024 * 1024;

/** Uploads with XMLHttpRequest: fetch cannot report upload progress. */
function upload(milestoneId: string, file: File, onProgress: (pct: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/milestones/${milestoneId}/evidence`);
    xhr.setRequestHeader('authorization', `Bearer ${session.token() ?? ''}`);
    xhr.setRequestHeader('accept-language', session.language());
    session.stamp({ set: (name, value) => xhr.setRequestHeader(name, value) });
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100)); };
    xhr.onload = () => {
      session.observe({ get: (name) => xhr.getResponseHeader(name) });
      if (xhr.status < 300) return resolve();
      let code = 'ERROR';
      try { code = (JSON.parse(xhr.responseText) as { code?: string }).code ?? code; } catch { /* not JSON */ }
      reject(Object.assign(new Error(code), { status: xhr.status, problem: { code } }));
    };
    xhr.onerror = () => reject(Object.assign(new Error('NETWORK_ERROR'), { status: 0, problem: { code: 'NETWORK_ERROR' } }));
    const body = new FormData();
    body.append('file', file);
    xhr.send(body);
  });
}

function Report({ m }: { m: Milestone }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [progress, setProgress] = useState<number | null>(null);
  const [fileError, setFileError] = useState<string>();
  const [error, setError] = useState<unknown>();
  const evidence = useQuery({ queryKey: ['evidence', m.id], queryFn: () => data(api.GET('/api/v1/milestones/{id}/evidence', { params: { path: { id: m.id } } })) as unknown as Promise<{ id: string; fileName?: string; filename?: string; sizeBytes?: number }[]> });
  const form = useForm({ initialValues: { trlReached: m.trlExpected as number | string, spent: '' as number | string, summary: '', product: '', launchDate: '', customers: '', revenue: '' as number | string } });
  const launch = m.key === 'market_launch';
  async function onDrop(files: File[]) {
    setFileError(undefined);
    for (const f of files) {
      try {
        setProgress(0);
        await upload(m.id, f, setProgress);
        notifications.show({ color: 'green', message: t('milestones.uploaded', { name: f.name }) });
      } catch (e) {
        const code = (e as { problem?: { code: string } }).problem?.code ?? 'ERROR';
        setFileError(t(`problem.${code}`, { defaultValue: t('problem.ERROR') }));
      } finally {
        setProgress(null);
      }
    }
    void qc.invalidateQueries({ queryKey: ['evidence', m.id] });
  }
  const submit = form.onSubmit(async (v) => {
    setError(undefined);
    try {
      await data(api.POST('/api/v1/milestones/{id}/report', { params: { path: { id: m.id } }, body: {
        trlReached: Number(v.trlReached), spentCents: Math.round(Number(v.spent || 0) * 100), summary: v.summary.trim(),
        ...(launch ? { marketLaunch: {
          product: v.product.trim(), launchDate: v.launchDate, firstCustomers: v.customers.split(/[,;\n]/).map((c) => c.trim()).filter(Boolean),
          ...(v.revenue !== '' ? { revenueCents: Math.round(Number(v.revenue) * 100) } : {}),
        } } : {}),
      } } as never));
      notifications.show({ color: 'green', message: t('milestones.reported') });
      void qc.invalidateQueries({ queryKey: ['milestones'] });
    } catch (e) {
      setError(e);
      const f = fieldErrors(e);
      form.setErrors({
        ...f, ...(f.spentCents ? { spent: f.spentCents } : {}), ...(f['marketLaunch.product'] ? { product: f['marketLaunch.product'] } : {}),
        ...(f['marketLaunch.launchDate'] ? { launchDate: f['marketLaunch.launchDate'] } : {}), ...(f['marketLaunch.firstCustomers'] ? { customers: f['marketLaunch.firstCustomers'] } : {}),
      });
    }
  });
  const files = evidence.data ?? [];
  return (
    <Stack gap="xs" mt="xs">
      <Dropzone
        onDrop={onDrop}
        onReject={(rej) => setFileError(rej[0]?.errors[0]?.code === 'file-too-large' ? t('problem.PAYLOAD_TOO_LARGE') : t('problem.UNSUPPORTED_MEDIA_TYPE'))}
        maxSize={MAX}
        accept={ACCEPT}
        aria-label={t('milestones.drop')}
      >
        <Text ta="center" py="sm">{t('milestones.drop')}</Text>
      </Dropzone>
      {progress !== null && <Progress value={progress} aria-label={t('milestones.progress')} animated />}
      {fileError && <Alert color="red" role="alert">{fileError}</Alert>}
      {files.length > 0 && <Text size="sm">{t('milestones.files')} : {files.map((f) => f.fileName ?? f.filename ?? '').join(', ')}</Text>}
      <form onSubmit={submit} noValidate>
        <Stack gap="xs">
          <ProblemMessage error={error} />
          <Group grow align="flex-start">
            <NumberInput label={t('field.trlReached')} min={1} max={9} {...form.getInputProps('trlReached')} />
            <NumberInput label={t('field.spent')} min={0} thousandSeparator=" " suffix=" €" {...form.getInputProps('spent')} />
          </Group>
          <Textarea label={t('field.reportSummary')} autosize minRows={2} {...form.getInputProps('summary')} />
          {launch && (
            <fieldset className="plain-fieldset">
              <legend>{t('milestones.launchTitle')}</legend>
              <Stack gap="xs">
                <TextInput label={t('milestones.product')} required {...form.getInputProps('product')} />
                <Group grow align="flex-start">
                  <TextInput type="date" label={t('milestones.launchDate')} required {...form.getInputProps('launchDate')} />
                  <NumberInput label={t('milestones.launchRevenue')} min={0} thousandSeparator=" " suffix=" €" {...form.getInputProps('revenue')} />
                </Group>
                <TextInput label={t('milestones.customers')} description={t('milestones.customersHint')} required {...form.getInputProps('customers')} />
              </Stack>
            </fieldset>
          )}
          <Button type="submit" loading={form.submitting} style={{ alignSelf: 'flex-start' }}>{t('milestones.report')}</Button>
        </Stack>
      </form>
    </Stack>
  );
}

export function Milestones({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const ms = useQuery({ queryKey: ['milestones', projectId], queryFn: () => data(api.GET('/api/v1/milestones', { params: { query: { projectId } } })) });
  const items = (ms.data ?? []) as Milestone[];
  if (ms.error) return <ProblemMessage error={ms.error} />;
  if (!items.length) return null;
  return (
    <section aria-labelledby="jalons">
      <Title order={2} size="h3" id="jalons" mb="xs">{t('milestones.title')}</Title>
      <Stack gap="sm">
        {items.map((m) => {
          // reports go in order: only the first milestone still waiting for one has the form
          const next = items.find((x) => x.status === 'planned' || x.status === 'rejected');
          const lastReview = (m.reviews as { decision: string; comment: string }[]).at(-1);
          return (
            <Card key={m.id} withBorder padding="sm" component="section" aria-labelledby={`jalon-${m.id}`}>
              <Group justify="space-between" wrap="wrap">
                <Title order={3} size="h4" id={`jalon-${m.id}`}>{t(`milestone.${m.key}`)}</Title>
                <Badge color={m.status === 'validated' ? 'green' : m.status === 'rejected' ? 'red' : m.status === 'reported' ? 'blue' : 'gray'}>{t(`milestones.status.${m.status}`)}</Badge>
              </Group>
              <Text size="sm">{t('milestones.line', { due: date(m.dueAt), trl: m.trlExpected, amount: euros(m.amountCents), percent: m.percent })}{m.overdue ? ` · ${t('milestones.overdue')}` : ''}</Text>
              {m.status === 'rejected' && lastReview && <Alert color="red" mt="xs" title={t('milestones.rejectedTitle')}>{lastReview.comment}</Alert>}
              {m.releasedAt && <Text size="sm">{t('milestones.released', { date: date(m.releasedAt) })}</Text>}
              {next?.id === m.id && <Report m={m} />}
            </Card>
          );
        })}
        {items.some((m) => m.key === 'market_launch' && m.status === 'validated') && <Impact projectId={projectId} />}
      </Stack>
    </section>
  );
}
export { problemText };
