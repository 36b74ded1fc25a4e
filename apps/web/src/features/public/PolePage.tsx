import { Anchor, Badge, Group, List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { usePole } from '../../api/public';
import { Page } from '../../components/Page';
import { PoleMemberCount } from '../network/PoleMemberCount';

export default function PolePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const pole = usePole(id);
  const p = pole.data;
  return (
    <Page title={p?.name ?? t('poles.pole')} loading={pole.isPending} error={pole.error}>
      {p && (
        <Stack gap="sm">
          {p.aka && <Text>{p.aka}</Text>}
          <Text><strong>{t('poles.regions')} :</strong> {p.regions.join(', ')}</Text>
          {p.hq && <Text><strong>{t('poles.hq')} :</strong> {p.hq}</Text>}
          <Group gap={4}>{p.themes.map((th) => <Badge key={th} variant="light">{t(`theme.${th}`, { defaultValue: th })}</Badge>)}</Group>
          {p.themeDetail && <Text>{p.themeDetail}</Text>}
          {p.members ? <Text>{t('poles.members', { count: p.members, year: p.membersYear })}</Text> : null}
          <PoleMemberCount poleId={p.id} link />
          {p.website && <Anchor href={p.website} target="_blank" rel="noreferrer">{t('poles.website')}</Anchor>}
          {p.sources?.length ? (
            <>
              <Text size="sm" fw={600}>{t('poles.sources')}</Text>
              <List size="sm">{p.sources.map((s) => <List.Item key={s}>{s}</List.Item>)}</List>
            </>
          ) : null}
        </Stack>
      )}
    </Page>
  );
}
