import { Alert, Badge, Button, Card, Group, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiError, api, data } from '../../api/client';
import { date } from '../../components/format';
import { Page } from '../../components/Page';
import { ProblemMessage } from '../../components/ProblemMessage';

const COLOR = { active: 'green', revoked: 'red', expired: 'orange' } as const;

/** Public label check: type a number, see its status, project, pole and dates; printable. */
export default function LabelCheckPage() {
  const { t } = useTranslation();
  const { number } = useParams();
  const navigate = useNavigate();
  const [text, setText] = useState(number ?? '');
  const label = useQuery({
    queryKey: ['label', number],
    enabled: !!number,
    queryFn: () => data(api.GET('/api/v1/labels/{number}', { params: { path: { number: number! } } })),
  });
  const l = label.data;
  const unknown = label.error instanceof ApiError && label.error.status === 404;
  return (
    <Page title={t('labels.title')}>
      <form className="no-print" onSubmit={(e) => { e.preventDefault(); if (text.trim()) navigate(`/labels/${encodeURIComponent(text.trim().toUpperCase())}`); }}>
        <Group align="flex-end">
          <TextInput label={t('labels.number')} description={t('labels.numberHint')} value={text} onChange={(e) => setText(e.currentTarget.value)} />
          <Button type="submit">{t('labels.check')}</Button>
        </Group>
      </form>
      {unknown && <Alert color="orange" role="alert" title={t('labels.unknownTitle')}>{t('labels.unknown', { number })}</Alert>}
      {label.error && !unknown ? <ProblemMessage error={label.error} /> : null}
      {l && (
        <Card withBorder padding="lg" aria-label={t('labels.certificate')}>
          <Stack gap="xs">
            <Group justify="space-between">
              <Text fw={700} size="lg">{t('labels.label')} {l.number}</Text>
              <Badge size="lg" color={COLOR[l.status]}>{t(`labels.status.${l.status}`)}</Badge>
            </Group>
            <Text><strong>{t('labels.project')} :</strong> {l.project.acronym} — {l.project.title}</Text>
            <Text><strong>{t('labels.pole')} :</strong> {l.pole.name} ({t(l.lead ? 'labels.lead' : 'labels.co')})</Text>
            <Text><strong>{t('labels.granted')} :</strong> {date(l.grantedAt)} · <strong>{t('labels.validUntil')} :</strong> {date(l.validUntil)}</Text>
            {l.callRef && <Text><strong>{t('labels.callRef')} :</strong> {l.callRef}</Text>}
            {l.conditions.length > 0 && <Text><strong>{t('labels.conditions')} :</strong> {l.conditions.join(' ; ')}</Text>}
            {l.revokedAt && <Text><strong>{t('labels.revoked')} :</strong> {date(l.revokedAt)} — {l.revocationMotivation}</Text>}
            <Button className="no-print" variant="default" onClick={() => window.print()} style={{ alignSelf: 'flex-start' }}>{t('labels.print')}</Button>
          </Stack>
        </Card>
      )}
    </Page>
  );
}
