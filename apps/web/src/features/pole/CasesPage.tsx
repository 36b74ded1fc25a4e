import { Alert, Anchor, Badge, Group, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useCases, useManagedPole, type CaseSummary } from '../../api/pole';
import { date, fold } from '../../components/format';
import { Page } from '../../components/Page';

export const TABS = ['todo', 'review', 'ready', 'decided', 'all'] as const;
type Tab = (typeof TABS)[number];

/** Where a case stands for the pole: to check, in review, ready for the committee (quorum reached), decided. */
export function tabOf(c: CaseSummary): Exclude<Tab, 'all'> {
  if (c.status === 'admissibility') return 'todo';
  if (c.status === 'under_review') return c.reviews && c.reviews.submitted >= c.reviews.quorum ? 'ready' : 'review';
  return 'decided';
}

export const STATUS_COLOR: Record<string, string> = {
  admissibility: 'orange', under_review: 'indigo', labelled: 'green', not_labelled: 'red', support_letter: 'teal', revision_requested: 'yellow', inadmissible: 'red', closed: 'gray',
};

/** The pole's cases by where they stand, filtered by tab and text (both kept in the URL). */
export default function CasesPage() {
  const { t } = useTranslation();
  const pole = useManagedPole();
  const cases = useCases(pole?.id);
  const [params, setParams] = useSearchParams();
  const tab = (TABS as readonly string[]).includes(params.get('onglet') ?? '') ? params.get('onglet') as Tab : 'todo';
  const q = params.get('q') ?? '';
  const set = (k: string, v: string) => setParams((p) => { if (v) p.set(k, v); else p.delete(k); return p; }, { replace: true });
  const all = cases.data?.items ?? [];
  const counts = Object.fromEntries(TABS.map((x) => [x, x === 'all' ? all.length : all.filter((c) => tabOf(c) === x).length]));
  const shown = all
    .filter((c) => tab === 'all' || tabOf(c) === tab)
    .filter((c) => !q || fold(`${c.acronym} ${c.title}`).includes(fold(q)))
    .sort((a, b) => (a.reviews?.nextDueAt ?? '9999').localeCompare(b.reviews?.nextDueAt ?? '9999') || b.openedAt.localeCompare(a.openedAt));
  if (!pole) return <Page title={t('pole.cases.title')}><Alert color="orange">{t('pole.noPole')}</Alert></Page>;
  return (
    <Page title={`${t('pole.cases.title')} — ${pole.name}`} loading={cases.isPending} error={cases.error}>
      <Stack gap="md">
        <Group align="flex-end" wrap="wrap">
          <div>
            <Text size="sm" fw={500} id="filtre-dossiers" mb={4}>{t('pole.cases.filter')}</Text>
            <SegmentedControl
              aria-labelledby="filtre-dossiers"
              value={tab}
              onChange={(v) => set('onglet', v === 'todo' ? '' : v)}
              data={TABS.map((x) => ({ value: x, label: `${t(`pole.cases.tab.${x}`)} (${counts[x]})` }))}
            />
          </div>
          <TextInput label={t('pole.cases.search')} placeholder={t('pole.cases.searchHint')} type="search" value={q} onChange={(e) => set('q', e.currentTarget.value)} />
        </Group>
        {shown.length === 0 ? <Text>{t('pole.cases.empty')}</Text> : (
          <Table.ScrollContainer minWidth={760}>
            <Table striped withTableBorder highlightOnHover aria-label={t(`pole.cases.tab.${tab}`)}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('pole.cases.project')}</Table.Th><Table.Th>{t('pole.cases.status')}</Table.Th><Table.Th>{t('pole.cases.reviews')}</Table.Th>
                  <Table.Th>{t('pole.cases.due')}</Table.Th><Table.Th>{t('pole.cases.opened')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((c) => {
                  const r = c.reviews;
                  return (
                    <Table.Tr key={c.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/pole/dossiers/${c.id}`} fw={600}>{c.acronym}</Anchor>
                        <Text size="sm">{c.title} · {c.lead ? t('pole.cases.lead') : t('pole.cases.co')}</Text>
                      </Table.Td>
                      <Table.Td><Badge color={STATUS_COLOR[c.status]} variant="light">{t(`pole.status.${c.status}`)}</Badge></Table.Td>
                      <Table.Td>
                        {r && c.status !== 'admissibility' ? (
                          <Stack gap={2}>
                            <Text size="sm">{t('pole.cases.count', { submitted: r.submitted, quorum: r.quorum })}</Text>
                            {r.open > 0 && <Text size="sm">{t('pole.cases.open', { count: r.open })}</Text>}
                          </Stack>
                        ) : t('pole.cases.none')}
                      </Table.Td>
                      <Table.Td>
                        {r?.nextDueAt ? <>{date(r.nextDueAt)}{r.overdue > 0 && <Badge color="red" ml={4}>{t('pole.cases.overdue', { count: r.overdue })}</Badge>}</> : t('pole.cases.none')}
                      </Table.Td>
                      <Table.Td>{date(c.openedAt)}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Page>
  );
}
