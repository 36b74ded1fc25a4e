import { Anchor, Badge, Button, Card, Group, Modal, SegmentedControl, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, data, idem, type Schemas } from '../../api/client';
import { date } from '../../components/format';
import { Page } from '../../components/Page';
import { ProblemMessage } from '../../components/ProblemMessage';
import { useAuth } from '../../app/auth';
import { ConfirmButton, MoreButton } from './shared';

type Account = Schemas['AccountView'];
const STATUS = { actifs: 'active', desactives: 'disabled' } as const;

/** Admin: find an account, disable or enable it, see and change its roles. */
export default function AccountsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { me } = useAuth();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const [q] = useDebouncedValue(text.trim(), 250);
  const statusParam = params.get('statut') as keyof typeof STATUS | null;
  const status = statusParam ? STATUS[statusParam] : undefined;
  useEffect(() => {
    setParams((p) => { if (q) p.set('q', q); else p.delete('q'); return p; }, { replace: true });
  }, [q, setParams]);
  const list = useInfiniteQuery({
    queryKey: ['admin', 'accounts', q, status],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => data(api.GET('/api/v1/admin/accounts', { params: { query: { q: q || undefined, status, limit: 50, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const [rolesOf, setRolesOf] = useState<Account | null>(null);
  const setStatus = async (a: Account, to: 'disable' | 'enable') => {
    await data(api.POST(`/api/v1/admin/accounts/{id}/${to}`, { params: { path: { id: a.id }, header: { 'Idempotency-Key': idem() } } }));
    notifications.show({ color: 'green', message: t(to === 'disable' ? 'admin.accounts.disabledDone' : 'admin.accounts.enabledDone', { name: a.displayName }) });
    await qc.invalidateQueries({ queryKey: ['admin', 'accounts'] });
  };
  return (
    <Page title={t('admin.accounts.title')} error={list.error}>
      <Group align="flex-end" wrap="wrap">
        <TextInput type="search" label={t('admin.accounts.search')} description={t('admin.accounts.searchHint')} value={text} onChange={(e) => setText(e.currentTarget.value)} w={340} />
        <SegmentedControl aria-label={t('admin.accounts.status')} value={statusParam ?? 'tous'}
          onChange={(v) => setParams((p) => { if (v === 'tous') p.delete('statut'); else p.set('statut', v); return p; })}
          data={[{ value: 'tous', label: t('admin.accounts.statusAll') }, { value: 'actifs', label: t('admin.accounts.statusActive') }, { value: 'desactives', label: t('admin.accounts.statusDisabled') }]} />
      </Group>
      {list.isPending ? <Text>{t('common.loading')}</Text> : items.length === 0 ? <Text>{t('admin.accounts.empty')}</Text> : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped>
            <Table.Thead>
              <Table.Tr><Table.Th>{t('admin.accounts.name')}</Table.Th><Table.Th>{t('admin.accounts.email')}</Table.Th><Table.Th>{t('admin.accounts.state')}</Table.Th><Table.Th>{t('admin.accounts.created')}</Table.Th><Table.Th>{t('common.actions')}</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{a.displayName}{a.isAdmin && <Badge ml="xs" size="sm" variant="light">{t('admin.accounts.platformAdmin')}</Badge>}</Table.Td>
                  <Table.Td>{a.email}</Table.Td>
                  <Table.Td><Badge color={a.status === 'active' ? 'green' : 'red'} variant="light">{t(`admin.accounts.${a.status}`)}</Badge></Table.Td>
                  <Table.Td>{date(a.createdAt)}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button size="compact-sm" variant="default" aria-label={t('admin.accounts.rolesFor', { name: a.displayName })} onClick={() => setRolesOf(a)}>{t('admin.accounts.roles')}</Button>
                      <Anchor component={Link} size="sm" to={`/admin/journal?compte=${a.id}`} aria-label={t('admin.accounts.auditFor', { name: a.displayName })}>{t('admin.accounts.auditLink')}</Anchor>
                      {a.status === 'active' ? (
                        a.id !== me?.account.id && (
                          <ConfirmButton color="red" label={t('admin.accounts.disable')} ariaLabel={t('admin.accounts.disableOf', { name: a.displayName })}
                            title={t('admin.accounts.disableTitle', { name: a.displayName })} text={t('admin.accounts.disableText', { name: a.displayName })}
                            confirmLabel={t('admin.accounts.disable')} onConfirm={() => setStatus(a, 'disable')} />
                        )
                      ) : (
                        <Button size="compact-sm" variant="light" color="green" aria-label={t('admin.accounts.enableOf', { name: a.displayName })}
                          onClick={() => void setStatus(a, 'enable').catch((e) => notifications.show({ color: 'red', message: (e as Error).message }))}>{t('admin.accounts.enable')}</Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <MoreButton list={list} />
      <RolesModal account={rolesOf} onClose={() => setRolesOf(null)} />
    </Page>
  );
}

/** An account's affiliations; an admin appoints it in a pole or at a funder, or removes a role. */
function RolesModal({ account, onClose }: { account: Account | null; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const roles = useQuery({
    queryKey: ['admin', 'affiliations', account?.id],
    enabled: !!account,
    queryFn: () => data(api.GET('/api/v1/admin/accounts/{id}/affiliations', { params: { path: { id: account!.id } } })),
  });
  const [kind, setKind] = useState<'pole' | 'funder'>('pole');
  const [target, setTarget] = useState<string | null>(null);
  const [role, setRole] = useState<string | null>('reviewer');
  const [error, setError] = useState<unknown>(null);
  const poles = useQuery({ queryKey: ['poles', 'all'], enabled: !!account, queryFn: () => data(api.GET('/api/v1/poles', { params: { query: { limit: 100 } } })) });
  const funders = useQuery({ queryKey: ['funders', 'all'], enabled: !!account, queryFn: () => data(api.GET('/api/v1/funders', { params: { query: { limit: 100 } } })) });
  const targets = (kind === 'pole' ? poles.data?.items : funders.data?.items)?.map((x) => ({ value: x.id, label: x.name })) ?? [];
  const roleChoices = (kind === 'pole' ? ['reviewer', 'pole_manager'] : ['funder_officer']).map((r) => ({ value: r, label: t(`admin.accounts.role.${r}`) }));
  const refresh = () => qc.invalidateQueries({ queryKey: ['admin', 'affiliations', account?.id] });
  const grant = async () => {
    setError(null);
    try {
      await data(api.POST('/api/v1/admin/affiliations', { body: { email: account!.email, kind, targetId: target!, role: role as 'reviewer' }, params: { header: { 'Idempotency-Key': idem() } } }));
      notifications.show({ color: 'green', message: t('admin.accounts.granted') });
      setTarget(null);
      await refresh();
    } catch (e) { setError(e); }
  };
  return (
    <Modal opened={!!account} onClose={onClose} title={account ? t('admin.accounts.rolesOf', { name: account.displayName }) : ''} size="lg">
      {account && (
        <Stack>
          <Text size="sm">{account.email}</Text>
          {roles.error ? <ProblemMessage error={roles.error} /> : roles.isPending ? <Text>{t('common.loading')}</Text> : roles.data!.items.length === 0 ? <Text>{t('admin.accounts.noRoles')}</Text> : (
            <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {roles.data!.items.map((r) => (
                <Card key={r.id} component="li" withBorder padding="xs">
                  <Group justify="space-between" wrap="wrap">
                    <Text>
                      <Text span fw={600}>{t(`admin.accounts.roleKind.${r.kind}`)} {r.targetName ?? '—'}</Text>{' · '}
                      {t(`admin.accounts.role.${r.role}`)} · {t('admin.accounts.since', { date: date(r.createdAt) })}
                    </Text>
                    {r.kind !== 'organisation' && <ConfirmButton color="red" label={t('common.remove')} ariaLabel={t('admin.accounts.removeRole', { role: t(`admin.accounts.role.${r.role}`), target: r.targetName ?? '' })}
                      title={t('admin.accounts.removeRole', { role: t(`admin.accounts.role.${r.role}`), target: r.targetName ?? '' })} text={`${account.displayName}`}
                      confirmLabel={t('common.remove')} onConfirm={async () => {
                        await data(api.DELETE('/api/v1/admin/affiliations/{id}', { params: { path: { id: r.id }, header: { 'Idempotency-Key': idem() } } }));
                        notifications.show({ color: 'green', message: t('admin.accounts.removed') });
                        await refresh();
                      }} />}
                  </Group>
                </Card>
              ))}
            </Stack>
          )}
          <Title order={2} size="h4">{t('admin.accounts.grantTitle')}</Title>
          <SegmentedControl aria-label={t('admin.accounts.grantKind')} value={kind} onChange={(v) => { setKind(v as 'pole'); setTarget(null); setRole(v === 'pole' ? 'reviewer' : 'funder_officer'); }}
            data={[{ value: 'pole', label: t('admin.accounts.roleKind.pole') }, { value: 'funder', label: t('admin.accounts.roleKind.funder') }]} style={{ alignSelf: 'flex-start' }} />
          <Group align="flex-end" wrap="wrap">
            <Select label={t('admin.accounts.target')} data={targets} value={target} onChange={setTarget} searchable w={280} />
            <Select label={t('admin.accounts.grantRole')} data={roleChoices} value={role} onChange={setRole} allowDeselect={false} w={200} />
            <Button onClick={() => void grant()} disabled={!target || !role}>{t('admin.accounts.grant')}</Button>
          </Group>
          {error ? <ProblemMessage error={error} /> : null}
          <Text size="sm">{t('admin.accounts.staffHint')}</Text>
        </Stack>
      )}
    </Modal>
  );
}
