import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Page } from '../../components/Page';

export default function AccessibilityPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('a11y.title')}>
      <Text>{t('a11y.level')}</Text>
      <Text>{t('a11y.method')}</Text>
      <Text>{t('a11y.known')}</Text>
    </Page>
  );
}
