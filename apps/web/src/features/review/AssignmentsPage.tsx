import { Anchor, Badge, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, data, type Schemas } from '../../api/client';
import { date } from '../../components/format';
import { Page } from '../../components/Page';

type Mine = Schemas['MyAssignmentView'];

/** Open ones first: overdue, then by due date. */
const byDue = (a: Mine, b: Mine): number => Number(b.overdue) - Number(a.overdue) || a.dueAt.localeCompare(b.dueAt);

function Rows({ items, label }: { items: Mine[]; label: string }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table striped withTableBorder aria-label={label}>
        <Table.Thead>
          <Table.Tr><Table.Th>{t('pole.reviews.project')}</Table.Th><Table.Th>{t('pole.reviews.pole')}</Table.Th><Table.Th>{t('pole.reviews.due')}</Table.Th><Table.Th>{t('pole.reviews.status')}</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((a) => (
            <Table.Tr key={a.id}>
              <Table.Td><Anchor component={Link} to={`/evaluations/${a.caseId}`}>{a.acronym} — {a.title}</Anchor></Table.Td>
              <Table.Td>{a.poleName}</Table.Td>
              <Table.Td>{date(a.dueAt)} {a.overdue && <Badge color="red" ml={4}>{t('pole.reviews.overdue')}</Badge>}</Table.Td>
              <Table.Td><Badge variant="light" color={a.status === 'assigned' ? 'indigo' : a.status === 'submitted' ? 'green' : 'gray'}>{t(`pole.assignmentStatus.${a.status}`)}</Badge></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The reviewer's assignments: those to write first (overdue ones on top, then by due date), then the others. */
export default function AssignmentsPage() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['my-assignments'], queryFn: () => data(api.GET('/api/v1/assignments', { params: { query: { limit: 100 } } })) });
  const items = q.data?.items ?? [];
  const todo = items.filter((a) => a.status === 'assigned').sort(byDue);
  const done = items.filter((a) => a.status !== 'assigned').sort((a, b) => b.dueAt.localeCompare(a.dueAt));
  return (
    <Page title={t('pole.reviews.title')} loading={q.isPending} error={q.error}>
      <Stack gap="lg">
        <section aria-labelledby="a-rendre">
          <Title order={2} size="h3" id="a-rendre" mb="xs">{t('pole.reviews.todo')} ({todo.length})</Title>
          {todo.length ? <Rows items={todo} label={t('pole.reviews.todo')} /> : <Text>{t('pole.reviews.empty')}</Text>}
        </section>
        <section aria-labelledby="rendues">
          <Title order={2} size="h3" id="rendues" mb="xs">{t('pole.reviews.done')} ({done.length})</Title>
          {done.length ? <Rows items={done} label={t('pole.reviews.done')} /> : <Text>{t('pole.reviews.emptyDone')}</Text>}
        </section>
      </Stack>
    </Page>
  );
}
