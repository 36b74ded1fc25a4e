import { useQuery } from '@tanstack/react-query';
import { api, data, type Schemas } from '../../api/client';
import { useAuth } from '../../app/auth';

export type Membership = Schemas['MembershipView'];
export type MemberDirectory = Schemas['MemberDirectoryView'];
export type MemberCount = Schemas['MemberCountView'];
export type FeeGrid = Schemas['FeeGridView'];
export type SupportRequest = Schemas['SupportRequestView'];
export type NetworkDashboard = Schemas['NetworkDashboardView'];

export const FEE_CLASSES = ['TPE', 'PME', 'ETI', 'GE', 'LAB', 'TRAINING'] as const;
export const SUPPORT_AREAS = ['private_financing', 'international', 'industrial_property', 'human_resources', 'other'] as const;

/** Member counts of every pole, by pole id (public). */
export const useMemberCounts = () => useQuery({
  queryKey: ['network', 'member-counts'],
  queryFn: async () => new Map((await data(api.GET('/api/v1/network/member-counts'))).map((c) => [c.poleId, c])),
  staleTime: 60_000,
});

export const useMemberDirectory = (poleId: string) => useQuery({
  queryKey: ['network', 'members', poleId],
  queryFn: () => data(api.GET('/api/v1/poles/{id}/members', { params: { path: { id: poleId } } })),
  enabled: !!poleId,
});

export const useFeeGrid = (poleId: string | null | undefined) => useQuery({
  queryKey: ['network', 'fees', poleId],
  queryFn: () => data(api.GET('/api/v1/poles/{id}/membership-fees', { params: { path: { id: poleId! } } })),
  enabled: !!poleId,
});

export const useMemberships = (query: { poleId?: string; organisationId?: string }) => useQuery({
  queryKey: ['network', 'memberships', query],
  queryFn: () => data(api.GET('/api/v1/memberships', { params: { query } })),
});

export const useSupportRequests = (query: { poleId?: string; status?: string }) => useQuery({
  queryKey: ['network', 'support', query],
  queryFn: () => data(api.GET('/api/v1/support-requests', { params: { query: query as never } })),
});

export const useSupportRequest = (id: string) => useQuery({
  queryKey: ['network', 'support-request', id],
  queryFn: () => data(api.GET('/api/v1/support-requests/{id}', { params: { path: { id } } })),
});

export const useNetworkDashboard = (poleId: string | undefined) => useQuery({
  queryKey: ['network', 'dashboard', poleId],
  queryFn: () => data(api.GET('/api/v1/network/poles/{poleId}/dashboard', { params: { path: { poleId: poleId! } } })),
  enabled: !!poleId,
});

/** The pole the signed-in person works for (staff), from their affiliations. */
export function useStaffPole(): { id: string; name: string; manager: boolean } | undefined {
  const { me } = useAuth();
  const a = me?.affiliations.find((x) => x.kind === 'pole' && x.role === 'pole_manager') ?? me?.affiliations.find((x) => x.kind === 'pole');
  return a ? { id: a.targetId, name: a.targetName ?? '', manager: a.role === 'pole_manager' } : undefined;
}
