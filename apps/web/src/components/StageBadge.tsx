import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const COLORS: Record<string, string> = {
  draft: 'gray', conception: 'gray', submitted: 'blue', resubmitted: 'blue', in_labelling: 'cyan', revision_requested: 'orange', labelled: 'green',
  not_labelled: 'red', funding_requested: 'violet', funded: 'teal', not_funded: 'red', prototype: 'teal', industrialisation: 'teal', market: 'green', withdrawn: 'gray',
};

export function StageBadge({ stage }: { stage: string }) {
  const { t } = useTranslation();
  return <Badge color={COLORS[stage] ?? 'gray'} variant="light">{t(`stage.${stage}`, { defaultValue: stage })}</Badge>;
}
