import { Badge, List, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useCall } from '../../api/public';
import { date } from '../../components/format';
import { Page } from '../../components/Page';
import { ruleWords } from '../../components/rules';

export default function CallPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const call = useCall(id);
  const c = call.data;
  return (
    <Page title={c?.title ?? t('calls.call')} loading={call.isPending} error={call.error}>
      {c && (
        <Stack gap="sm">
          <Badge color={c.status === 'open' ? 'green' : 'gray'} style={{ alignSelf: 'flex-start' }}>{t(`calls.state.${c.status}`)}</Badge>
          <Text><strong>{t('calls.funder')} :</strong> {c.funderName}</Text>
          <Text><strong>{t('calls.opens')} :</strong> {date(c.opensAt)} · <strong>{t('calls.closes')} :</strong> {date(c.closesAt)}</Text>
          {c.cutoffs.length > 0 && <Text><strong>{t('calls.cutoffs')} :</strong> {c.cutoffs.map(date).join(', ')}</Text>}
          <Text><strong>{t('calls.aidForms')} :</strong> {c.aidForms.map((f) => t(`aidForm.${f}`, { defaultValue: f })).join(', ')}</Text>
          {c.description && <Text>{c.description}</Text>}
          <Title order={2} size="h3">{t('calls.rules')}</Title>
          <List>
            {c.rules.map((r, i) => <List.Item key={i}>{ruleWords(r as { type: string }, i18n.language)}</List.Item>)}
          </List>
        </Stack>
      )}
    </Page>
  );
}
