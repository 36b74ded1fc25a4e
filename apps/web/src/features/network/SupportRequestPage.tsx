import { Anchor, Badge, Button, Card, FileInput, Group, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError, data, idem } from '../../api/client';
import { download } from '../../api/download';
import { session } from '../../app/session';
import { date, dateTime } from '../../components/format';
import { Page } from '../../components/Page';
import { ProblemMessage } from '../../components/ProblemMessage';
import { useStaffPole, useSupportRequest, type SupportRequest } from './api';
import { STATUS_COLOR } from './SupportListPage';

const day = (d: string) => date(`${d}T12:00:00Z`);

/** One support request: its messages and files; the member replies, the pole's staff take, answer, ask for more, close. */
export default function SupportRequestPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const q = useSupportRequest(id);
  const pole = useStaffPole();
  const r = q.data;
  const staff = !!r && pole?.id === r.poleId;
  return (
    <Page title={r?.subject ?? t('network.support.mineTitle')} loading={q.isPending} error={q.error}>
      {r && (
        <Stack gap="md">
          <Anchor component={Link} to={staff ? '/pole/accompagnement' : '/accompagnement'}>{t('network.support.back')}</Anchor>
          <Group gap="xs">
            <Badge color={STATUS_COLOR[r.status]}>{t(`network.support.${staff ? 'staffStatus' : 'status'}.${r.status}`)}</Badge>
            <Badge variant="light">{t(`network.support.area.${r.area}`)}{r.areaDetail ? ` (${r.areaDetail})` : ''}</Badge>
            {r.overdue && <Badge color="red">{t('network.support.overdue')}</Badge>}
          </Group>
          <Text>{staff ? r.organisationName : r.poleName} · {t('network.support.opened')} {date(r.openedAt)} · {t('network.support.due')} {day(r.dueOn)}</Text>
          <Conversation r={r} />
          <Attachments r={r} />
          {r.status === 'closed' ? (
            <Card withBorder padding="md"><Title order={2} size="h4">{t('network.support.outcomeTitle')}</Title><Text>{r.outcome}</Text><Text size="sm">{dateTime(r.closedAt)}</Text></Card>
          ) : <Actions r={r} staff={staff} />}
        </Stack>
      )}
    </Page>
  );
}

function Conversation({ r }: { r: SupportRequest }) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="conv">
      <Title order={2} size="h4" id="conv" mb="xs">{t('network.support.conversation')}</Title>
      <Stack gap="sm" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {r.messages.map((m) => (
          <li key={m.id}>
            <Card padding="sm" bg={m.side === 'staff' ? 'var(--mantine-color-blue-0)' : 'var(--mantine-color-gray-0)'}>
              <Text size="sm" fw={600}>{t(`network.support.kind.${m.kind}`)} · {t(`network.support.by.${m.side}`)} · {dateTime(m.at)}</Text>
              <Text style={{ whiteSpace: 'pre-wrap' }}>{m.body}</Text>
            </Card>
          </li>
        ))}
      </Stack>
    </Card>
  );
}

function Attachments({ r }: { r: SupportRequest }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [error, setError] = useState<unknown>();
  async function upload(file: File | null) {
    if (!file) return;
    setError(undefined);
    const form = new FormData();
    form.append('file', file);
    const headers = new Headers({ authorization: `Bearer ${session.token()}`, 'Idempotency-Key': idem() });
    session.stamp(headers);
    const res = await fetch(`/api/v1/support-requests/${r.id}/attachments`, { method: 'POST', headers, body: form });
    session.observe(res.headers);
    if (!res.ok) {
      const body = await res.json().catch(() => ({}));
      setError(new ApiError(res.status, { ...body, code: body.code ?? `HTTP_${res.status}` }));
      return;
    }
    notifications.show({ color: 'green', message: t('network.support.attached', { name: file.name }) });
    await qc.invalidateQueries({ queryKey: ['network', 'support-request', r.id] });
  }
  const open = (a: SupportRequest['attachments'][number]) => download(`/api/v1/support-requests/${r.id}/attachments/${a.id}/content`, a.filename);
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="files">
      <Title order={2} size="h4" id="files" mb="xs">{t('network.support.attachments')}</Title>
      {r.attachments.length === 0 ? <Text size="sm">{t('network.support.noAttachments')}</Text> : (
        <Stack gap={4}>
          {r.attachments.map((a) => (
            <Anchor key={a.id} component="button" type="button" onClick={() => void open(a)} ta="left">
              {t('network.support.download', { name: a.filename })} · {Math.ceil(a.sizeBytes / 1024)} Ko · {t(`network.support.by.${a.side}`)}
            </Anchor>
          ))}
        </Stack>
      )}
      {r.status !== 'closed' && <FileInput mt="sm" label={t('network.support.attach')} accept=".pdf,.png,.jpg,.jpeg,.docx,.xlsx" onChange={(f) => void upload(f)} clearable maw={480} />}
      <ProblemMessage error={error} />
    </Card>
  );
}

function Actions({ r, staff }: { r: SupportRequest; staff: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [body, setBody] = useState('');
  const [outcome, setOutcome] = useState('');
  const [due, setDue] = useState(r.dueOn);
  const [error, setError] = useState<unknown>();
  async function run(p: Promise<unknown>, message: string) {
    setError(undefined);
    try {
      await p;
      notifications.show({ color: 'green', message });
      setBody('');
      await qc.invalidateQueries({ queryKey: ['network'] });
    } catch (e) {
      setError(e);
    }
  }
  const post = (path: string, payload: object) => data(api.POST(path as never, { params: { path: { id: r.id }, header: { 'Idempotency-Key': idem() } }, body: payload } as never));
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="act">
      <Title order={2} size="h4" id="act" mb="xs">{staff ? t('network.support.answer') : t('network.support.reply')}</Title>
      <Stack gap="sm" maw={640}>
        {staff && !r.takenByMe && <Group><Button variant="light" onClick={() => void run(post('/api/v1/support-requests/{id}/take', {}), t('network.support.taken'))}>{t('network.support.take')}</Button></Group>}
        <Textarea label={t('network.support.message')} value={body} onChange={(e) => setBody(e.currentTarget.value)} autosize minRows={3} maxLength={8000} />
        <Group>
          {staff ? (
            <>
              <Button onClick={() => void run(post('/api/v1/support-requests/{id}/messages', { kind: 'answer', body }), t('network.support.sentMessage'))}>{t('network.support.answer')}</Button>
              <Button variant="default" onClick={() => void run(post('/api/v1/support-requests/{id}/messages', { kind: 'more_info', body }), t('network.support.sentMessage'))}>{t('network.support.askMore')}</Button>
            </>
          ) : <Button onClick={() => void run(post('/api/v1/support-requests/{id}/messages', { kind: 'reply', body }), t('network.support.sentMessage'))}>{t('network.support.reply')}</Button>}
        </Group>
        {staff && (
          <>
            <Group align="end">
              <TextInput type="date" label={t('network.support.newDue')} value={due} onChange={(e) => setDue(e.currentTarget.value)} />
              <Button variant="default" onClick={() => void run(data(api.PATCH('/api/v1/support-requests/{id}', { params: { path: { id: r.id } }, body: { dueOn: due } } as never)), t('network.support.rescheduled'))}>
                {t('network.support.reschedule')}
              </Button>
            </Group>
            <Textarea label={t('network.support.outcome')} value={outcome} onChange={(e) => setOutcome(e.currentTarget.value)} autosize minRows={2} maxLength={4000} />
            <Group><Button color="gray" onClick={() => void run(post('/api/v1/support-requests/{id}/close', { outcome }), t('network.support.closed'))}>{t('network.support.close')}</Button></Group>
          </>
        )}
        <ProblemMessage error={error} />
      </Stack>
    </Card>
  );
}
