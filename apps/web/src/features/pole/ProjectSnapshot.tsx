import { Badge, Group, List, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CATEGORIES } from '../../api/projects';
import type { Check, Snapshot } from '../../api/pole';
import { date, euros, percent } from '../../components/format';
import i18n from '../../i18n';

/**
 * The admissibility check's reason, written by labelling in English with concrete values: said in French
 * (the templates of libs/domain admissibility.ts), the values kept.
 */
export function checkReason(reason: string, lang: string): string {
  // theme slugs (aeronautics-space) in the user's words
  reason = reason.replace(/\b[a-z]+(?:-[a-z]+)+\b|\b(?:energy|environment|bioeconomy|cosmetics|equine|finance|maritime|nuclear|textile|water)\b/g,
    (w) => (i18n.exists(`theme.${w}`) ? i18n.t(`theme.${w}`) : w));
  if (lang === 'en') return reason;
  const num = (s: string) => s.replace(/(\d+)\.(\d)/g, '$1,$2');
  return num(reason)
    .replace(/^project themes matching (.+?): (.+)$/, 'thématiques du projet communes avec $1 : $2')
    .replace(/^none of the project themes \((.+?)\) is a theme of (.+?) \((.+)\)$/, 'aucune thématique du projet ($1) n’est une thématique de $2 ($3)')
    .replace(/^(.+?) does not require a collaborative consortium \((.+)\)$/, '$1 n’exige pas de consortium collaboratif ($2)')
    .replace(/(\d+) compan(?:y|ies) and (\d+) research organisation\(s\) or training body\(ies\)/, '$1 entreprise(s) et $2 organisme(s) de recherche ou de formation')
    .replace('; required: at least 2 companies and 1 research organisation or training body', ' ; exigé : au moins 2 entreprises et 1 organisme de recherche ou de formation')
    .replace(/^above the (\d+) % maximum share of the total cost: (.+)$/, 'au-delà de la part maximale de $1 % du coût total : $2')
    .replace(/^largest share: (.+?); maximum (\d+) % of the total cost$/, 'part la plus élevée : $1 ; maximum $2 % du coût total')
    .replace(/ of the costs borne by partners in /, ' des coûts portés par des partenaires en ')
    .replace(/; the lead pole requires at least (\d+) %$/, ' ; le pôle chef de file exige au moins $1 %')
    .replace(/; a co-labelling pole requires at least one partner bearing costs there$/, ' ; un pôle co-labellisateur exige au moins un partenaire y portant des coûts')
    .replace(/^the total cost of the project is 0: .+$/, 'le coût total du projet est nul : la part ne peut pas être calculée')
    .replace(/\(none\)/g, '(aucune)')
    .replace(/(\S) ?: /g, '$1 : ');
}

export function ChecksList({ checks }: { checks: Check[] }) {
  const { t, i18n } = useTranslation();
  return (
    <List spacing="xs" listStyleType="none" ml={0} pl={0} aria-label={t('pole.check.title')}>
      {checks.map((c) => (
        <List.Item key={c.key}>
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <Badge color={c.passed ? 'green' : 'red'} variant="light" miw={120}>{c.passed ? `✓ ${t('pole.check.passed')}` : `✗ ${t('pole.check.failed')}`}</Badge>
            <Text size="sm"><strong>{t(`pole.check.key.${c.key}`)}</strong> — {checkReason(c.reason, i18n.language)}</Text>
          </Group>
        </List.Item>
      ))}
    </List>
  );
}

const sumBudget = (b: Partial<Record<string, number>> | undefined): number => Object.values(b ?? {}).reduce<number>((n, v) => n + (v ?? 0), 0);

/** The project as submitted: summary, themes, TRL, schedule, consortium with sizes and shares, budget by category, the pole's checks. */
export function ProjectSnapshot({ project, checks }: { project: Snapshot; checks?: Check[] }) {
  const { t } = useTranslation();
  const total = project.totalCents || project.partners.reduce((n, p) => n + p.totalCents, 0);
  const partners = [...project.partners].sort((a, b) => Number(b.role === 'coordinator') - Number(a.role === 'coordinator'));
  const used = CATEGORIES.filter((c) => partners.some((p) => sumBudget(p.budget[c]) > 0));
  return (
    <Stack gap="md">
      <section aria-labelledby="projet-soumis">
        <Title order={2} size="h3" id="projet-soumis" mb="xs">{t('pole.project.title')}</Title>
        <Paper withBorder p="md">
          <Stack gap="xs">
            <Text>{project.summary}</Text>
            <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm">
              <div><Text size="sm" fw={600}>{t('pole.project.themes')}</Text><Text size="sm">{project.themes.map((x) => t(`theme.${x}`, { defaultValue: x })).join(', ')}</Text></div>
              <div><Text size="sm" fw={600}>{t('pole.project.trl')}</Text><Text size="sm">{t('pole.project.trlValue', { start: project.trlStart, target: project.trlTarget })}</Text></div>
              <div><Text size="sm" fw={600}>{t('pole.project.schedule')}</Text><Text size="sm">{t('pole.project.scheduleValue', { start: date(`${project.startDate}T12:00:00Z`), months: project.durationMonths })}</Text></div>
              <div><Text size="sm" fw={600}>{t('pole.project.total')}</Text><Text size="sm">{euros(total)} · {t('pole.project.round', { round: project.round })}</Text></div>
            </SimpleGrid>
          </Stack>
        </Paper>
      </section>
      <section aria-labelledby="consortium">
        <Title order={2} size="h3" id="consortium" mb="xs">{t('pole.project.consortium')}</Title>
        <Table.ScrollContainer minWidth={640}>
          <Table striped withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('pole.project.partner')}</Table.Th><Table.Th>{t('pole.project.role')}</Table.Th><Table.Th>{t('pole.project.kind')}</Table.Th>
                <Table.Th>{t('pole.project.size')}</Table.Th><Table.Th>{t('pole.project.region')}</Table.Th>
                <Table.Th ta="right">{t('pole.project.cost')}</Table.Th><Table.Th ta="right">{t('pole.project.share')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {partners.map((p) => (
                <Table.Tr key={p.organisationId}>
                  <Table.Td fw={600}>{p.name}</Table.Td>
                  <Table.Td>{p.role === 'coordinator' ? t('pole.project.coordinator') : t('pole.project.partnerRole')}</Table.Td>
                  <Table.Td>{t(`pole.project.kindValue.${p.kind}`, { defaultValue: p.kind })}</Table.Td>
                  <Table.Td>{p.sizeEu ? `${t(`pole.project.sizeValue.${p.sizeEu}`)}${p.categoryFr ? ` (${p.categoryFr})` : ''}` : '—'}</Table.Td>
                  <Table.Td>{p.region}</Table.Td>
                  <Table.Td ta="right">{euros(p.totalCents)}</Table.Td>
                  <Table.Td ta="right">{total ? percent(p.totalCents / total, false) : '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </section>
      <section aria-labelledby="budget">
        <Title order={2} size="h3" id="budget" mb="xs">{t('pole.project.budget')}</Title>
        <Table.ScrollContainer minWidth={640}>
          <Table striped withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('pole.project.partner')}</Table.Th>
                {used.map((c) => <Table.Th key={c} ta="right">{t(`category.${c}`)}</Table.Th>)}
                <Table.Th ta="right">{t('pole.project.totalRow')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {partners.map((p) => (
                <Table.Tr key={p.organisationId}>
                  <Table.Td>{p.name}</Table.Td>
                  {used.map((c) => <Table.Td key={c} ta="right">{euros(sumBudget(p.budget[c]))}</Table.Td>)}
                  <Table.Td ta="right" fw={600}>{euros(p.totalCents)}</Table.Td>
                </Table.Tr>
              ))}
              <Table.Tr>
                <Table.Th scope="row">{t('pole.project.totalRow')}</Table.Th>
                {used.map((c) => <Table.Td key={c} ta="right" fw={600}>{euros(partners.reduce((n, p) => n + sumBudget(p.budget[c]), 0))}</Table.Td>)}
                <Table.Td ta="right" fw={700}>{euros(total)}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </section>
      {checks && (
        <section aria-labelledby="recevabilite-criteres">
          <Title order={2} size="h3" id="recevabilite-criteres" mb="xs">{t('pole.check.title')}</Title>
          <ChecksList checks={checks} />
        </section>
      )}
    </Stack>
  );
}
