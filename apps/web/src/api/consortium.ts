import { useQuery } from '@tanstack/react-query';
import { api, data, type Schemas } from './client';

export type Invitation = Schemas['InvitationView'];
export type PublicOrganisation = Schemas['PublicOrganisationView'];

/** The invitations a project sent (coordinator's members and whoever reads the project). */
export const useProjectInvitations = (id: string) => useQuery({
  queryKey: ['invitations', 'project', id],
  queryFn: () => data(api.GET('/api/v1/projects/{id}/invitations', { params: { path: { id } } })),
});

/** Invitations addressed to the caller's organisations or e-mail. */
export const useMyInvitations = (status: 'pending' | 'accepted' | 'declined' | 'withdrawn' = 'pending') => useQuery({
  queryKey: ['invitations', 'mine', status],
  queryFn: () => data(api.GET('/api/v1/invitations', { params: { query: { status } } })),
});

/** Public facts of registered organisations, by SIREN (9 digits) or by name. */
export const usePublicOrganisations = (text: string) => {
  const digits = text.replace(/\s/g, '');
  const query = /^\d{9}$/.test(digits) ? { siren: digits } : { q: text };
  return useQuery({
    queryKey: ['organisations', 'public', query],
    enabled: text.length >= 2,
    queryFn: () => data(api.GET('/api/v1/organisations/public', { params: { query } })),
  });
};
