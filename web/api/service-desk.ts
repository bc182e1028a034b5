import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { ServiceDeskSettings } from './types';

export const SERVICE_DESK_KEY = ['service-desk-settings'] as const;

/** How customers reach the service desk (the hotline number the admin set), for the portal and the admin page. */
export function useServiceDeskSettings() {
  return useQuery({
    queryKey: SERVICE_DESK_KEY,
    queryFn: () => api.get<ServiceDeskSettings>('/api/v1/service-desk-settings'),
    staleTime: 5 * 60_000,
  });
}
