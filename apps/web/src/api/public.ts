import { useQuery } from '@tanstack/react-query';
import { api, data } from './client';

/** Query hooks of the public pages (no account needed). */
export const useAllPoles = () => useQuery({
  queryKey: ['poles', 'all'],
  queryFn: () => data(api.GET('/api/v1/poles', { params: { query: { limit: 100 } } })),
  staleTime: 5 * 60_000,
});

export const usePoles = (q: { q?: string; region?: string; theme?: string }) => useQuery({
  queryKey: ['poles', q],
  queryFn: () => data(api.GET('/api/v1/poles', { params: { query: { limit: 100, ...q } } })),
  placeholderData: (prev) => prev,
});

export const usePole = (id: string) => useQuery({
  queryKey: ['pole', id],
  queryFn: () => data(api.GET('/api/v1/poles/{id}', { params: { path: { id } } })),
});

export const useCalls = (status?: 'open' | 'upcoming' | 'closed') => useQuery({
  queryKey: ['calls', status],
  queryFn: () => data(api.GET('/api/v1/calls', { params: { query: { limit: 100, ...(status ? { status } : {}) } } })),
});

export const useCall = (id: string) => useQuery({
  queryKey: ['call', id],
  queryFn: () => data(api.GET('/api/v1/calls/{id}', { params: { path: { id } } })),
});

export const useRuleCatalogue = () => useQuery({
  queryKey: ['eligibility-rules'],
  queryFn: () => data(api.GET('/api/v1/eligibility-rules')) as Promise<unknown>,
  staleTime: Infinity,
});
