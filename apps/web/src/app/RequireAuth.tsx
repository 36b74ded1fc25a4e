import { Center, Loader } from '@mantine/core';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from './auth';

/** Pages behind sign-in: wait for the session to be restored, else go to the sign-in page and come back after. */
export function RequireAuth() {
  const { ready, signedIn } = useAuth();
  const { t } = useTranslation();
  const location = useLocation();
  if (!ready) return <Center p="xl"><Loader aria-label={t('common.loading')} /></Center>;
  if (!signedIn) return <Navigate to={`/connexion?retour=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <Outlet />;
}
