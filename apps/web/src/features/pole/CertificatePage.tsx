import { Anchor, Badge, Button, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, api, data } from '../../api/client';
import { download } from '../../api/download';
import { date } from '../../components/format';
import { Page } from '../../components/Page';
import { ProblemMessage } from '../../components/ProblemMessage';
import NotFoundPage from '../public/NotFoundPage';

const COLOR = { active: 'green', revoked: 'red', expired: 'orange' } as const;

/** The label certificate, printable (the page's print style hides the navigation) and as a PDF. */
export default function CertificatePage() {
  const { t } = useTranslation();
  const { number = '' } = useParams();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const q = useQuery({
    queryKey: ['certificate', number],
    queryFn: () => data(api.GET('/api/v1/labels/{number}/certificate', { params: { path: { number } } })),
  });
  const c = q.data;
  if (q.error instanceof ApiError && q.error.status === 404) return <NotFoundPage />;
  const verifyUrl = c ? `${window.location.origin}${c.verifyPath}` : '';
  async function pdf() {
    setBusy(true);
    setError(undefined);
    try { await download(`/api/v1/labels/${encodeURIComponent(number)}/certificate?format=pdf`, `certificat-label-${number}.pdf`, { serverName: true }); } catch (e) { setError(e); } finally { setBusy(false); }
  }
  return (
    <Page
      title={t('pole.certificate.title')}
      loading={q.isPending}
      error={q.error}
      actions={c && (
        <Group className="no-print">
          <Button variant="default" onClick={() => window.print()}>{t('pole.certificate.print')}</Button>
          <Button onClick={() => void pdf()} loading={busy}>{t('pole.certificate.pdf')}</Button>
        </Group>
      )}
    >
      <ProblemMessage error={error} />
      {c && (
        <Paper withBorder p="xl" aria-label={t('pole.certificate.title')}>
          <Stack gap="md">
            <Text size="sm" fw={600} tt="uppercase">{c.pole.name}</Text>
            <Group justify="space-between" align="flex-start">
              <Title order={2}>{t('pole.certificate.number', { number: c.number })}</Title>
              <Badge size="lg" color={COLOR[c.status]}>{t(`labels.status.${c.status}`)}</Badge>
            </Group>
            <div>
              <Title order={3} size="h5">{t('pole.certificate.project')}</Title>
              <Text>{c.project.acronym} — {c.project.title}</Text>
            </div>
            <div>
              <Title order={3} size="h5">{t('pole.certificate.pole')}</Title>
              <Text>{c.pole.name} ({t(c.lead ? 'labels.lead' : 'labels.co')})</Text>
            </div>
            <div>
              <Title order={3} size="h5">{t('pole.certificate.consortium')}</Title>
              <List>
                {c.consortium.map((p) => (
                  <List.Item key={p.name}>
                    <strong>{p.name}</strong> — {p.role === 'coordinator' ? t('pole.project.coordinator') : t('pole.project.partnerRole')}, {t(`pole.project.kindValue.${p.kind}`, { defaultValue: p.kind })}{p.categoryFr ? ` (${p.categoryFr})` : ''}, {p.region}
                  </List.Item>
                ))}
              </List>
            </div>
            <Group gap="xl">
              <div><Title order={3} size="h5">{t('pole.certificate.granted')}</Title><Text>{date(c.grantedAt)}</Text></div>
              <div><Title order={3} size="h5">{t('pole.certificate.validUntil')}</Title><Text>{date(`${c.validUntil}T12:00:00Z`)}</Text></div>
              {c.callRef && <div><Title order={3} size="h5">{t('pole.certificate.callRef')}</Title><Text>{c.callRef}</Text></div>}
            </Group>
            <div>
              <Title order={3} size="h5">{t('pole.certificate.conditions')}</Title>
              {c.conditions.length ? <List>{c.conditions.map((x) => <List.Item key={x}>{x}</List.Item>)}</List> : <Text>{t('pole.certificate.noConditions')}</Text>}
            </div>
            <div>
              <Title order={3} size="h5">{t('pole.certificate.verify')}</Title>
              <Text>{t('pole.certificate.verifyText')} <Anchor component={Link} to={c.verifyPath}>{verifyUrl}</Anchor></Text>
            </div>
          </Stack>
        </Paper>
      )}
    </Page>
  );
}
