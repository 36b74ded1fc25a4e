import { Anchor, Group, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, data, idem } from '../../api/client';
import { fold } from '../../components/format';
import { Page } from '../../components/Page';
import { ConfirmButton } from './shared';

/** Admin: the poles and funders of the directory (reference data), and republishing it to every service. */
export default function DirectoryPage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState('');
  const poles = useQuery({ queryKey: ['poles', 'all'], queryFn: () => data(api.GET('/api/v1/poles', { params: { query: { limit: 100 } } })) });
  const funders = useQuery({ queryKey: ['funders', 'all'], queryFn: () => data(api.GET('/api/v1/funders', { params: { query: { limit: 100 } } })) });
  const f = fold(filter.trim());
  const poleRows = (poles.data?.items ?? []).filter((p) => !f || fold(`${p.name} ${p.code} ${p.aka ?? ''}`).includes(f));
  const funderRows = (funders.data?.items ?? []).filter((x) => !f || fold(x.name).includes(f));
  const republish = async () => {
    const r = await data(api.POST('/api/v1/admin/republish', { body: { types: ['pole.published', 'funder.published', 'organisation.registered', 'affiliation.changed', 'account.profile_changed'] }, params: { header: { 'Idempotency-Key': idem() } } }));
    const count = Object.values(r.counts as Record<string, number>).reduce((a, b) => a + b, 0);
    notifications.show({ color: 'green', message: t('admin.directory.republished', { count }) });
  };
  return (
    <Page title={t('admin.directory.title')} loading={poles.isPending || funders.isPending} error={poles.error ?? funders.error}
      actions={<ConfirmButton size="sm" label={t('admin.directory.republish')} title={t('admin.directory.republishTitle')} text={t('admin.directory.republishText')}
        confirmLabel={t('admin.directory.republish')} onConfirm={republish} />}>
      <Text>{t('admin.directory.editHint')}</Text>
      <Group><TextInput type="search" label={t('admin.directory.filter')} value={filter} onChange={(e) => setFilter(e.currentTarget.value)} w={300} /></Group>
      <Title order={2} size="h3">{t('admin.directory.funders', { count: funderRows.length })}</Title>
      <Table.ScrollContainer minWidth={600}>
        <Table striped>
          <Table.Thead><Table.Tr><Table.Th>{t('admin.directory.name')}</Table.Th><Table.Th>{t('admin.directory.kind')}</Table.Th><Table.Th>{t('admin.directory.region')}</Table.Th><Table.Th>{t('admin.directory.website')}</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {funderRows.map((x) => (
              <Table.Tr key={x.id}>
                <Table.Td>{x.name}</Table.Td><Table.Td>{t(`admin.directory.funderKind.${x.kind}`)}</Table.Td><Table.Td>{x.region ?? '—'}</Table.Td>
                <Table.Td>{x.website ? <Anchor href={x.website} target="_blank" rel="noreferrer">{new URL(x.website).host}</Anchor> : '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Title order={2} size="h3">{t('admin.directory.poles', { count: poleRows.length })}</Title>
      <Table.ScrollContainer minWidth={600}>
        <Table striped>
          <Table.Thead><Table.Tr><Table.Th>{t('admin.directory.name')}</Table.Th><Table.Th>{t('admin.directory.code')}</Table.Th><Table.Th>{t('admin.directory.regions')}</Table.Th><Table.Th>{t('admin.directory.members')}</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {poleRows.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td><Anchor component={Link} to={`/poles/${p.id}`}>{p.name}</Anchor></Table.Td><Table.Td>{p.code}</Table.Td>
                <Table.Td>{p.regions.join(', ')}</Table.Td><Table.Td>{p.members ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Page>
  );
}
