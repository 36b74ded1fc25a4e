import { Anchor, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMemberCounts } from './api';

/**
 * A pole's member count for the pole directory: its memberships on poleflow, or the figure the pole publishes while
 * it has none here. With `link`, a link to its member directory.
 */
export function PoleMemberCount({ poleId, link = false }: { poleId: string; link?: boolean }) {
  const { t } = useTranslation();
  const counts = useMemberCounts();
  const c = counts.data?.get(poleId);
  const text = c && c.members !== null ? t(`network.count.${c.source === 'memberships' ? 'memberships' : 'published'}`, { count: c.members }) : null;
  if (!text && !link) return null;
  return (
    <Text size="sm">
      {text}
      {text && link ? ' · ' : null}
      {link && <Anchor component={Link} to={`/poles/${poleId}/adherents`}>{t('network.directory.link')}</Anchor>}
    </Text>
  );
}
