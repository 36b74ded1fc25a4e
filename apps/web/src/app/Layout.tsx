import { Anchor, Badge, Box, Button, Center, Container, Group, Loader, Menu, SegmentedControl, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useNavigate, useNavigation } from 'react-router';
import { api, data } from '../api/client';
import { setLanguage } from '../i18n';
import { useAuth, type Role } from './auth';
import { session } from './session';

const NAV: Record<Role | 'public', [to: string, key: string][]> = {
  public: [['/poles', 'nav.poles'], ['/appels', 'nav.calls'], ['/labels', 'nav.labels']],
  newcomer: [['/organisation', 'nav.organisation'], ['/poles', 'nav.poles'], ['/appels', 'nav.calls']],
  company: [['/projets', 'nav.projects'], ['/invitations', 'nav.invitations'], ['/organisation', 'nav.organisation'], ['/appels', 'nav.calls'], ['/poles', 'nav.poles']],
  // part 2 adds the pole and funder workspaces; until then they see the public pages
  reviewer: [['/evaluations', 'pole.nav.reviews'], ['/poles', 'nav.poles'], ['/appels', 'nav.calls'], ['/labels', 'nav.labels']],
  pole_manager: [['/pole/dossiers', 'pole.nav.cases'], ['/pole/tableau-de-bord', 'pole.nav.dashboard'], ['/pole/reglages', 'pole.nav.settings'], ['/appels', 'nav.calls'], ['/labels', 'nav.labels']],
  funder_officer: [['/appels', 'nav.calls'], ['/poles', 'nav.poles'], ['/labels', 'nav.labels']],
  admin: [['/poles', 'nav.poles'], ['/appels', 'nav.calls'], ['/labels', 'nav.labels']],
};

function UnreadBadge() {
  const { t } = useTranslation();
  const unread = useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: () => data(api.GET("/api/v1/notifications", { params: { query: { status: "unread", limit: 100 } } })) as unknown as Promise<{ items: unknown[] }>,
    refetchInterval: 30_000,
  });
  const n = unread.data?.items.length ?? 0;
  return (
    <Anchor component={Link} to="/notifications" aria-label={t('nav.notificationsCount', { count: n })}>
      {t('nav.notifications')} {n > 0 && <Badge color="red" size="sm" aria-hidden>{n}</Badge>}
    </Anchor>
  );
}

export function Layout() {
  const { t, i18n } = useTranslation();
  const { signedIn, me, role, organisation, signOut } = useAuth();
  const navigate = useNavigate();
  const navigation = useNavigation();
  useEffect(() => {
    session.onExpired(() => {
      notifications.show({ color: 'orange', message: t('auth.expired') });
      navigate(`/connexion?retour=${encodeURIComponent(location.pathname)}`);
    });
  }, [navigate, t]);
  const links = NAV[signedIn && role ? role : 'public'];
  return (
    <>
      <a className="skip-link" href="#contenu">{t('nav.skip')}</a>
      <Box component="header" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Container size="lg" py="sm">
          <Group justify="space-between" wrap="wrap" gap="sm">
            <Group gap="lg" wrap="wrap">
              <Anchor component={Link} to="/" fw={800} size="xl" c="indigo.8" underline="never">poleflow</Anchor>
              <Box component="nav" aria-label={t('nav.main')}>
                <Group gap="md" wrap="wrap">
                  {links.map(([to, key]) => (
                    <Anchor key={to} component={NavLink} to={to} fw={500}>{t(key)}</Anchor>
                  ))}
                  {signedIn && <UnreadBadge />}
                </Group>
              </Box>
            </Group>
            <Group gap="sm" wrap="wrap">
              <SegmentedControl
                size="xs"
                aria-label={t('nav.language')}
                value={i18n.language === 'en' ? 'en' : 'fr'}
                onChange={(v) => setLanguage(v as 'fr' | 'en')}
                data={[{ value: 'fr', label: 'FR' }, { value: 'en', label: 'EN' }]}
              />
              {signedIn ? (
                <Menu position="bottom-end">
                  <Menu.Target>
                    <Button variant="light" size="sm">
                      {me?.account.displayName ?? '…'}
                      {organisation && <Text span size="sm" ml={6}>· {organisation.targetName}</Text>}
                      {role && <Text span size="sm" ml={6}>· {t(`role.${role}`)}</Text>}
                    </Button>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item component={Link} to="/organisation">{t('nav.organisation')}</Menu.Item>
                    <Menu.Item onClick={() => { void signOut().then(() => navigate('/')); }}>{t('auth.signOut')}</Menu.Item>
                  </Menu.Dropdown>
                </Menu>
              ) : (
                <Group gap="xs">
                  <Button component={Link} to="/connexion" variant="default" size="sm">{t('auth.signIn')}</Button>
                  <Button component={Link} to="/inscription" size="sm">{t('auth.signUp')}</Button>
                </Group>
              )}
            </Group>
          </Group>
        </Container>
      </Box>
      <Container component="main" id="contenu" size="lg" py="lg" tabIndex={-1} style={{ minHeight: '70vh' }}>
        {navigation.state === 'loading' && <Loader size="xs" aria-label={t('common.loading')} />}
        <Suspense fallback={<Center p="xl"><Loader aria-label={t('common.loading')} /></Center>}>
          <Outlet />
        </Suspense>
      </Container>
      <Box component="footer" py="md" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
        <Container size="lg">
          <Group justify="space-between" wrap="wrap">
            <Text size="sm">{t('footer.tagline')}</Text>
            <Group gap="md">
              <Anchor component={Link} to="/accessibilite" size="sm">{t('footer.accessibility')}</Anchor>
              <Anchor href="/docs" size="sm">{t('footer.api')}</Anchor>
            </Group>
          </Group>
        </Container>
      </Box>
    </>
  );
}
