import { createBrowserRouter, type RouteObject } from 'react-router';
import { Layout } from './Layout';
import { RequireAuth } from './RequireAuth';

/** Lazy routes per feature: each area is its own chunk. */
const lazy = (load: () => Promise<{ default: React.ComponentType }>): Pick<RouteObject, 'lazy'> => ({
  lazy: async () => ({ Component: (await load()).default }),
});

export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { index: true, ...lazy(() => import('../features/public/HomePage')) },
      { path: 'poles', ...lazy(() => import('../features/public/PolesPage')) },
      { path: 'poles/:id', ...lazy(() => import('../features/public/PolePage')) },
      { path: 'appels', ...lazy(() => import('../features/public/CallsPage')) },
      { path: 'appels/:id', ...lazy(() => import('../features/public/CallPage')) },
      { path: 'labels', ...lazy(() => import('../features/public/LabelCheckPage')) },
      { path: 'labels/:number', ...lazy(() => import('../features/public/LabelCheckPage')) },
      // network: membership and support
      { path: 'poles/:id/adherents', ...lazy(() => import('../features/network/PoleMembersPage')) },
      { path: 'accessibilite', ...lazy(() => import('../features/public/AccessibilityPage')) },
      { path: 'connexion', ...lazy(() => import('../features/auth/LoginPage')) },
      { path: 'inscription', ...lazy(() => import('../features/auth/RegisterPage')) },
      {
        element: <RequireAuth />,
        children: [
          { path: 'organisation', ...lazy(() => import('../features/organisation/OrganisationPage')) },
          { path: 'projets', ...lazy(() => import('../features/projects/ProjectsPage')) },
          { path: 'invitations', ...lazy(() => import('../features/projects/InvitationsPage')) },
          { path: 'projets/nouveau', ...lazy(() => import('../features/projects/ProjectEditor')) },
          { path: 'projets/:id', ...lazy(() => import('../features/projects/ProjectPage')) },
          { path: 'projets/:id/modifier', ...lazy(() => import('../features/projects/ProjectEditor')) },
          { path: 'candidatures/:id', ...lazy(() => import('../features/funding/ApplicationPage')) },
          { path: 'notifications', ...lazy(() => import('../features/notifications/NotificationsPage')) },
          // funder workspace
          { path: 'financeur/appels', ...lazy(() => import('../features/funder/CallsPage')) },
          { path: 'financeur/appels/nouveau', ...lazy(() => import('../features/funder/CallEditor')) },
          { path: 'financeur/candidatures', ...lazy(() => import('../features/funder/ApplicationsPage')) },
          { path: 'financeur/candidatures/:id', ...lazy(() => import('../features/funder/ApplicationReview')) },
          { path: 'financeur/jalons', ...lazy(() => import('../features/funder/MilestonesPage')) },
          { path: 'financeur/portefeuille', ...lazy(() => import('../features/funder/PortfolioPage')) },
          { path: 'financeur/tableau-de-bord', ...lazy(() => import('../features/funder/DashboardPage')) },
          { path: 'financeur/webhooks', ...lazy(() => import('../features/funder/WebhooksPage')) },
          // pole workspace (reviewers and pole managers)
          { path: 'evaluations', ...lazy(() => import('../features/review/AssignmentsPage')) },
          { path: 'evaluations/:id', ...lazy(() => import('../features/review/ReviewPage')) },
          { path: 'pole/dossiers', ...lazy(() => import('../features/pole/CasesPage')) },
          { path: 'pole/dossiers/:id', ...lazy(() => import('../features/pole/CasePage')) },
          { path: 'pole/reglages', ...lazy(() => import('../features/pole/SettingsPage')) },
          { path: 'pole/tableau-de-bord', ...lazy(() => import('../features/pole/DashboardPage')) },
          { path: 'pole/labels/:number/certificat', ...lazy(() => import('../features/pole/CertificatePage')) },
          // admin workspace
          { path: 'admin/comptes', ...lazy(() => import('../features/admin/AccountsPage')) },
          { path: 'admin/poles-financeurs', ...lazy(() => import('../features/admin/DirectoryPage')) },
          { path: 'admin/lettres-mortes', ...lazy(() => import('../features/admin/DeadLettersPage')) },
          { path: 'admin/e-mails', ...lazy(() => import('../features/admin/EmailsPage')) },
          { path: 'admin/journal', ...lazy(() => import('../features/admin/AuditPage')) },
          // network: membership and support
          { path: 'adhesions', ...lazy(() => import('../features/network/MembershipsPage')) },
          { path: 'accompagnement', lazy: async () => ({ Component: (await import('../features/network/SupportListPage')).MemberSupportPage }) },
          { path: 'accompagnement/:id', ...lazy(() => import('../features/network/SupportRequestPage')) },
          { path: 'pole/adhesions', ...lazy(() => import('../features/network/PoleMembershipsPage')) },
          { path: 'pole/accompagnement', lazy: async () => ({ Component: (await import('../features/network/SupportListPage')).PoleSupportPage }) },
          // network: profiles and matchmaking
          { path: 'partenaires', ...lazy(() => import('../features/partners/PartnersPage')) },
          { path: 'partenaires/profil', ...lazy(() => import('../features/partners/ProfilePage')) },
          { path: 'partenaires/recherches/nouvelle', ...lazy(() => import('../features/partners/NewRequestPage')) },
          { path: 'partenaires/recherches/:id', ...lazy(() => import('../features/partners/RequestPage')) },
          { path: 'partenaires/projets', ...lazy(() => import('../features/partners/ProjectSuggestionsPage')) },
          { path: 'partenaires/contacts', ...lazy(() => import('../features/partners/ContactsPage')) },
          { path: 'partenaires/contacts/:id', ...lazy(() => import('../features/partners/ContactPage')) },
        ],
      },
      { path: '*', ...lazy(() => import('../features/public/NotFoundPage')) },
    ],
  },
]);
