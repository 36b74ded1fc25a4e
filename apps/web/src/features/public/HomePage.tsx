import { Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAllPoles, useCalls } from '../../api/public';
import { Page } from '../../components/Page';

function Figure({ value, label }: { value: number | undefined; label: string }) {
  const { i18n } = useTranslation();
  return (
    <Card withBorder padding="md">
      <Text fz={32} fw={800} c="indigo.8">{value == null ? '…' : new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'fr-FR').format(value)}</Text>
      <Text>{label}</Text>
    </Card>
  );
}

export default function HomePage() {
  const { t } = useTranslation();
  const poles = useAllPoles();
  const open = useCalls('open');
  const entries: [string, string, string][] = [
    ['company', '/inscription', 'home.entryCompanyCta'],
    ['pole', '/connexion', 'home.entryPoleCta'],
    ['funder', '/connexion', 'home.entryFunderCta'],
    ['public', '/labels', 'home.entryPublicCta'],
  ];
  return (
    <Page title={t('home.title')}>
      <Text size="lg" maw={760}>{t('home.lead')}</Text>
      <section aria-labelledby="chiffres">
        <Title order={2} size="h3" id="chiffres" mb="sm">{t('home.figures')}</Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Figure value={poles.data?.items.length} label={t('home.figurePoles')} />
          <Figure value={poles.data ? poles.data.items.reduce((n, p) => n + (p.members ?? 0), 0) : undefined} label={t('home.figureMembers')} />
          <Figure value={open.data?.items.length} label={t('home.figureCalls')} />
        </SimpleGrid>
        <Text size="sm" mt="xs" c="dimmed">{t('home.figureLabelsSoon')}</Text>
      </section>
      <section aria-labelledby="pour-qui">
        <Title order={2} size="h3" id="pour-qui" mb="sm">{t('home.forWhom')}</Title>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
          {entries.map(([k, to, cta]) => (
            <Card key={k} withBorder padding="md">
              <Stack gap="xs" h="100%" justify="space-between">
                <div>
                  <Title order={3} size="h4">{t(`home.entry.${k}.title`)}</Title>
                  <Text size="sm">{t(`home.entry.${k}.text`)}</Text>
                </div>
                <Button component={Link} to={to} variant="light">{t(cta)}</Button>
              </Stack>
            </Card>
          ))}
        </SimpleGrid>
      </section>
      <Group>
        <Button component={Link} to="/poles">{t('home.ctaPoles')}</Button>
        <Button component={Link} to="/appels" variant="default">{t('home.ctaCalls')}</Button>
      </Group>
    </Page>
  );
}
