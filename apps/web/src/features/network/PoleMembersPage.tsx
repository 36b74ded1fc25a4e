import { Alert, Anchor, Badge, Group, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { fold, date } from '../../components/format';
import { Page } from '../../components/Page';
import { useMemberDirectory } from './api';
import { PoleMemberCount } from './PoleMemberCount';

/** A pole's member directory: public facts for everyone, contacts for the pole's members and staff only. */
export default function PoleMembersPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const dir = useMemberDirectory(id);
  const [q, setQ] = useState('');
  const d = dir.data;
  const members = (d?.members ?? []).filter((m) => !q || fold(`${m.name} ${m.city} ${m.themes.join(' ')}`).includes(fold(q)));
  return (
    <Page title={d ? t('network.directory.title', { pole: d.poleName }) : t('network.nav.poleMemberships')} loading={dir.isPending} error={dir.error}>
      {d && (
        <>
          <PoleMemberCount poleId={id} />
          <Alert color={d.contactsVisible ? 'blue' : 'gray'}>{t(d.contactsVisible ? 'network.directory.contactsVisible' : 'network.directory.contactsHidden')}</Alert>
          <TextInput label={t('network.directory.search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} maw={400} />
          {d.members.length === 0 ? <Text>{t('network.directory.empty')}</Text> : (
            <Table.ScrollContainer minWidth={700}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('network.directory.name')}</Table.Th><Table.Th>{t('network.directory.city')}</Table.Th><Table.Th>{t('network.directory.kind')}</Table.Th>
                    <Table.Th>{t('network.directory.size')}</Table.Th><Table.Th>{t('network.directory.themes')}</Table.Th><Table.Th>{t('network.directory.since')}</Table.Th>
                    {d.contactsVisible && <Table.Th>{t('network.directory.contact')}</Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {members.map((m) => (
                    <Table.Tr key={m.membershipId}>
                      <Table.Td>{m.name}</Table.Td>
                      <Table.Td>{m.city}</Table.Td>
                      <Table.Td>{t(`network.kind.${m.kind}`)}</Table.Td>
                      <Table.Td>{t(`network.feeClass.${m.feeClass}`)}</Table.Td>
                      <Table.Td><Group gap={4}>{m.themes.map((th) => <Badge key={th} variant="light" size="sm">{th}</Badge>)}</Group></Table.Td>
                      <Table.Td>{date(m.memberSince ? `${m.memberSince}T12:00:00Z` : null)}</Table.Td>
                      {d.contactsVisible && (
                        <Table.Td>
                          {m.contact ? (
                            <>
                              <Text size="sm">{m.contact.name}</Text>
                              <Anchor size="sm" href={`mailto:${m.contact.email}`}>{m.contact.email}</Anchor>
                              {m.contact.phone && <Text size="sm">{m.contact.phone}</Text>}
                            </>
                          ) : '—'}
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </>
      )}
    </Page>
  );
}
