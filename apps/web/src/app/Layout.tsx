import { Anchor, Badge, Box, Burger, Button, Center, Container, Drawer, Group, Loader, Menu, SegmentedControl, Stack, Text, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useNavigate, useNavigation } from 'react-router';
import { api, data } from '../api/client';
import { setLanguage } from '../i18n';
import { useAuth, type Role } from './auth';
import { session } from './session';

const NAV: Record<Role | 'public', [to: string, key: string][]> = {
  public: [['/poles', 'nav.poles'], ['/appels', 'nav.calls'], ['/labels', 'nav.labels']],
  newcomer: [['/organisation', 'nav.organisation'], ['/poles', 'nav.poles'], ['/appels', 'nav.calls']],
  company: [['/projets', 'nav.projects'], ['/invitations', 'nav.invitations'], ['/partenaires', 'partners.nav'], ['/organisation', 'nav.organisation'], ['/adhesions', 'network.nav.memberships'], ['/accompagnement', 'network.nav.support'], ['/appels', 'nav.calls'], ['/poles', 'nav.poles']],
  // part 2 adds the pole and funder workspaces; until then they see the public pages
  reviewer: [['/evaluations', 'pole.nav.reviews'], ['/poles', 'nav.poles'], ['/appels', 'nav.calls'], ['/labels', 'nav.labels']],
  pole_manager: [['/pole/dossiers', 'pole.nav.cases'], ['/pole/tableau-de-bord', 'pole.nav.dashboard'], ['/pole/adhesions', 'network.nav.poleMemberships'], ['/pole/accompagnement', 'network.nav.poleSupport'], ['/pole/reglages', 'pole.nav.settings'], ['/appels', 'nav.calls'], ['/labels', 'nav.labels']],
  funder_officer: [['/financeur/appels', 'funder.nav.calls'], ['/financeur/candidatures', 'funder.nav.applications'], ['/financeur/jalons', 'funder.nav.milestones'],
    ['/financeur/portefeuille', 'funder.nav.portfolio'], ['/financeur/tableau-de-bord', 'funder.nav.dashboard'], ['/financeur/webhooks', 'funder.nav.webhooks']],
  admin: [['/admin/comptes', 'admin.nav.accounts'], ['/admin/poles-financeurs', 'admin.nav.directory'], ['/admin/lettres-mortes', 'admin.nav.deadLetters'], ['/admin/e-mails', 'admin.nav.emails'], ['/admin/journal', 'admin.nav.audit']],
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
    <Anchor component={Link} to="/notifications" style={{ whiteSpace: 'nowrap' }} aria-label={t('nav.notificationsCount', { count: n })}>
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
  const [drawer, { toggle, close }] = useDisclosure(false);
  const here = useLocation().pathname;
  useEffect(close, [here, close]);
  const navLinks = (vertical: boolean) => (
    <>
      {links.map(([to, key]) => (
        <Anchor key={to} component={NavLink} to={to} fw={500} style={{ whiteSpace: 'nowrap' }} py={vertical ? 6 : 0}>{t(key)}</Anchor>
      ))}
      {signedIn && <UnreadBadge />}
    </>
  );
  const language = (
    <SegmentedControl
      size="xs"
      aria-label={t('nav.language')}
      value={i18n.language === 'en' ? 'en' : 'fr'}
      onChange={(v) => setLanguage(v as 'fr' | 'en')}
      data={[{ value: 'fr', label: 'FR' }, { value: 'en', label: 'EN' }]}
    />
  );
  const signOutNow = () => { void signOut().then(() => navigate('/')); };
  return (
    <>
      <a className="skip-link" href="#contenu">{t('nav.skip')}</a>
      <Box component="header" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        {/* from 1200 px (lg): the brand and the account on one line, the role's navigation on a line of its own under
            them (up to nine links fit at 1200 px); below, the navigation and the account are in a drawer behind a burger */}
        <Container size="lg" pt="sm" pb={{ base: 'sm', lg: 0 }}>
          <Group justify="space-between" wrap="nowrap" gap="sm">
            <Anchor component={Link} to="/" fw={800} size="xl" c="indigo.8" underline="never">poleflow</Anchor>
            <Group gap="sm" wrap="nowrap" visibleFrom="lg">
              {language}
              {signedIn ? (
                <Menu position="bottom-end">
                  <Menu.Target>
                    {/* the name over the organisation */}
                    <Button variant="light" h="auto" py={4} maw={320}>
                      <Stack gap={0} align="flex-start" style={{ minWidth: 0 }}>
                        <Text span size="sm" fw={600} truncate="end" maw={290}>{me?.account.displayName ?? '…'}</Text>
                        {organisation && <Text span size="xs" truncate="end" maw={290}><VisuallyHidden>· </VisuallyHidden>{organisation.targetName}</Text>}
                      </Stack>
                    </Button>
                  </Menu.Target>
                  <Menu.Dropdown>
                    {role && <Menu.Label>{t(`role.${role}`)}{organisation ? ` · ${organisation.targetName}` : ''}</Menu.Label>}
                    <Menu.Item component={Link} to="/organisation">{t('nav.organisation')}</Menu.Item>
                    <Menu.Item onClick={signOutNow}>{t('auth.signOut')}</Menu.Item>
                  </Menu.Dropdown>
                </Menu>
              ) : (
                <Group gap="xs" wrap="nowrap">
                  <Button component={Link} to="/connexion" variant="default" size="sm">{t('auth.signIn')}</Button>
                  <Button component={Link} to="/inscription" size="sm">{t('auth.signUp')}</Button>
                </Group>
              )}
            </Group>
            <Burger hiddenFrom="lg" opened={drawer} onClick={toggle} aria-label={t('nav.menu')} aria-expanded={drawer} />
          </Group>
          <Box component="nav" aria-label={t('nav.main')} visibleFrom="lg" py="xs">
            <Group gap="lg" wrap="nowrap">{navLinks(false)}</Group>
          </Box>
        </Container>
      </Box>
      <Drawer opened={drawer} onClose={close} position="right" size="xs" title={t('nav.menu')} hiddenFrom="lg">
        <Stack gap="sm">
          {signedIn && (
            <Text fw={600}>
              {me?.account.displayName ?? '…'}
              {organisation && <Text span display="block" size="sm">{organisation.targetName}</Text>}
              {role && <Text span display="block" size="sm">{t(`role.${role}`)}</Text>}
            </Text>
          )}
          <Stack component="nav" aria-label={t('nav.main')} gap={4}>{navLinks(true)}</Stack>
          {language}
          {signedIn ? (
            <Button variant="default" onClick={signOutNow}>{t('auth.signOut')}</Button>
          ) : (
            <>
              <Button component={Link} to="/connexion" variant="default">{t('auth.signIn')}</Button>
              <Button component={Link} to="/inscription">{t('auth.signUp')}</Button>
            </>
          )}
        </Stack>
      </Drawer>
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
