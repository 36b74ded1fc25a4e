import { Stack, Text, UnstyledButton, Group, Badge } from '@mantine/core';
import { geoConicConformal, geoPath } from 'd3-geo';
import type { FeatureCollection, Geometry } from 'geojson';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import regions from './regions.json';
import { fold } from '../../components/format';

type Props = { counts: Map<string, number>; selected: string | undefined; onSelect(region: string | undefined): void };
const OVERSEAS = ['Guadeloupe', 'Martinique', 'Guyane', 'La Réunion', 'Mayotte'];
const W = 520;
const H = 520;

/**
 * France's 13 metropolitan regions (IGN Admin Express COG 2018, simplified; INSEE codes) drawn in SVG with
 * d3-geo's Lambert conformal conic; each region is a button (click or Enter) with its number of poles.
 * Overseas regions are listed beside the map.
 */
export function RegionsMap({ counts, selected, onSelect }: Props) {
  const { t } = useTranslation();
  const fc = regions as unknown as FeatureCollection<Geometry, { code: string; nom: string }>;
  const shapes = useMemo(() => {
    const projection = geoConicConformal().parallels([44, 49]).rotate([-3, 0]).fitSize([W, H], fc);
    const path = geoPath(projection);
    return fc.features.map((f) => ({ name: f.properties.nom, d: path(f) ?? '', c: path.centroid(f) }));
  }, [fc]);
  const count = (name: string) => counts.get(fold(name)) ?? 0;
  const toggle = (name: string) => onSelect(selected === name ? undefined : name);
  return (
    <Stack gap="xs">
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" style={{ maxWidth: W }} role="group" aria-label={t('poles.mapLabel')}>
        {shapes.map((s) => (
          <g key={s.name}>
            <path
              d={s.d}
              className={`region${selected === s.name ? ' active' : ''}`}
              fill={count(s.name) ? '#bac8ff' : '#e9ecef'}
              role="button"
              tabIndex={0}
              aria-pressed={selected === s.name}
              aria-label={t('poles.regionButton', { region: s.name, count: count(s.name) })}
              onClick={() => toggle(s.name)}
              onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); toggle(s.name); } }}
            />
            <text x={s.c[0]} y={s.c[1]} textAnchor="middle" dominantBaseline="central" fontSize={18} fontWeight={700} fill="#1a1b1e" pointerEvents="none" aria-hidden>
              {count(s.name)}
            </text>
          </g>
        ))}
      </svg>
      <Group gap="xs" aria-label={t('poles.overseas')} role="group">
        <Text size="sm">{t('poles.overseas')} :</Text>
        {OVERSEAS.map((r) => (
          <UnstyledButton key={r} onClick={() => toggle(r)} aria-pressed={selected === r}>
            <Badge variant={selected === r ? 'filled' : 'light'} color="indigo" style={{ cursor: 'pointer' }}>{r} ({count(r)})</Badge>
          </UnstyledButton>
        ))}
      </Group>
      <Text size="xs" c="dimmed">{t('poles.mapCredit')}</Text>
    </Stack>
  );
}
