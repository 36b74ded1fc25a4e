import { Anchor, Badge, Card, Grid, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useAllPoles, usePoles } from '../../api/public';
import { fold } from '../../components/format';
import { Page } from '../../components/Page';
import { PoleMemberCount } from '../network/PoleMemberCount';
import { RegionsMap } from './RegionsMap';

/** The pole directory: search as you type, region and theme filters kept in the URL, the map of regions. */
export default function PolesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const region = params.get('region') ?? undefined;
  const theme = params.get('theme') ?? undefined;
  const [text, setText] = useState(params.get('q') ?? '');
  const [q] = useDebouncedValue(text.trim(), 250);
  useEffect(() => {
    const next = new URLSearchParams(params);
    if (q) next.set('q', q); else next.delete('q');
    if (next.toString() !== params.toString()) setParams(next, { replace: true });
  }, [q, params, setParams]);
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value); else next.delete(key);
    setParams(next);
  };
  const all = useAllPoles();
  const list = usePoles({ ...(q ? { q } : {}), ...(region ? { region } : {}), ...(theme ? { theme } : {}) });
  const counts = useMemo(() => {
    const m = new Map<string, number>();
    for (const p of all.data?.items ?? []) for (const r of p.regions) m.set(fold(r), (m.get(fold(r)) ?? 0) + 1);
    return m;
  }, [all.data]);
  const themes = useMemo(() => [...new Set((all.data?.items ?? []).flatMap((p) => p.themes))].sort(), [all.data]);
  const regions = useMemo(() => [...new Set((all.data?.items ?? []).flatMap((p) => p.regions))].sort((a, b) => a.localeCompare(b, 'fr')), [all.data]);
  const items = list.data?.items ?? [];
  return (
    <Page title={t('poles.title')} error={all.error}>
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="sm">
            <TextInput
              label={t('poles.search')}
              description={t('poles.searchHint')}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              type="search"
            />
            <Group grow>
              <Select label={t('poles.region')} placeholder={t('poles.allRegions')} data={regions} value={region ?? null} clearable searchable onChange={(v) => set('region', v ?? undefined)} />
              <Select label={t('poles.theme')} placeholder={t('poles.allThemes')} data={themes.map((th) => ({ value: th, label: t(`theme.${th}`, { defaultValue: th }) }))} value={theme ?? null} clearable searchable onChange={(v) => set('theme', v ?? undefined)} />
            </Group>
            <Text role="status" aria-live="polite">{list.isFetching && !list.data ? t('common.loading') : t('poles.count', { count: items.length })}</Text>
            {items.length === 0 && !list.isFetching && <Text>{t('poles.empty')}</Text>}
            <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {items.map((p) => (
                <li key={p.id}>
                  <Card withBorder padding="sm">
                    <Title order={2} size="h4"><Anchor component={Link} to={`/poles/${p.id}`}>{p.name}</Anchor></Title>
                    <Text size="sm">{p.regions.join(', ')}{p.hq ? ` · ${p.hq}` : ''}</Text>
                    <Group gap={4} mt={4}>{p.themes.map((th) => <Badge key={th} variant="light" size="sm">{t(`theme.${th}`, { defaultValue: th })}</Badge>)}</Group>
                    <PoleMemberCount poleId={p.id} />
                  </Card>
                </li>
              ))}
            </Stack>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Title order={2} size="h4" mb="xs">{t('poles.map')}</Title>
          <RegionsMap counts={counts} selected={region} onSelect={(r) => set('region', r)} />
        </Grid.Col>
      </Grid>
    </Page>
  );
}
