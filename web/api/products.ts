/**
 * A product (an "asset" in the API): its configuration record, who pays for its service, and every case that named it.
 * Each read is narrowed by the server to what the user may see; a product of another organisation is a 404.
 */
import { useQueries, useQuery } from '@tanstack/react-query';
import { casePagePaths } from './case-page-paths';
import { api, withQuery } from './client';
import { fetchAllPages } from './queries';
import type { Asset, Page, ProductEntitlement, ProductHistory, Project, ProjectDetails, Vendor } from './types';

export const productKeys = {
  history: (id: string) => ['product', id, 'history'] as const,
  entitlement: (serial: string) => ['product', 'entitlement', serial] as const,
  bySerial: (serial: string) => ['product', 'serial', serial] as const,
  vendor: (id: string) => ['vendor', id] as const,
  project: (id: string) => ['project', id] as const,
};

/** The product with its case history and exchanges, in one request. */
export function useProductHistory(id: string) {
  return useQuery({
    queryKey: productKeys.history(id),
    queryFn: () => api.get<ProductHistory>(`/api/v1/assets/${encodeURIComponent(id)}/history`),
  });
}

/** Guarantee, contract or chargeable today, with the dates and the contract that decide it. */
export function useProductEntitlement(serial: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: productKeys.entitlement(serial ?? ''),
    queryFn: () => api.get<ProductEntitlement>(withQuery('/api/v1/entitlements', { serial })),
    enabled: enabled && Boolean(serial),
  });
}

/** Every vendor, retired ones too (their products still name them); pickers offer only those in use. */
export function useAllVendors(enabled: boolean) {
  return useQuery({
    queryKey: ['vendors'],
    queryFn: () => fetchAllPages<Vendor>('/api/v1/vendors', { includeRetired: 'true' }),
    enabled,
  });
}

export const projectsKey = (organizationId: string) => ['organization', organizationId, 'projects'] as const;

/** The customer's projects, closed ones too (their products still name them); pickers offer only the open ones. */
export function useOrganizationProjects(organizationId: string, enabled = true) {
  return useQuery({
    queryKey: projectsKey(organizationId),
    queryFn: () => fetchAllPages<Project>('/api/v1/projects', { organizationId, includeRetired: 'true' }),
    enabled,
  });
}

export function useVendor(id: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: productKeys.vendor(id ?? ''),
    queryFn: () => api.get<Vendor>(`/api/v1/vendors/${encodeURIComponent(id!)}`),
    enabled: enabled && Boolean(id),
  });
}

/** A delivered project with its configuration items and attachments. */
export function useProject(id: string | null | undefined, enabled: boolean) {
  return useQuery({
    queryKey: productKeys.project(id ?? ''),
    queryFn: () => api.get<ProjectDetails>(`/api/v1/projects/${encodeURIComponent(id!)}`),
    enabled: enabled && Boolean(id),
  });
}

/**
 * The product page of each serial number a case names, found through `GET /api/v1/assets?serial=`: serial → asset id,
 * or no entry for a serial that is not on record (or not visible to the user).
 */
export function useProductIdsBySerial(serials: readonly string[], enabled: boolean): Map<string, string> {
  const results = useQueries({
    queries: serials.map((serial) => ({
      queryKey: productKeys.bySerial(serial),
      queryFn: async () => (await api.get<Page<Asset>>(casePagePaths.assetBySerial(serial))).items[0] ?? null,
      enabled,
      staleTime: 60_000,
    })),
  });
  const ids = new Map<string, string>();
  serials.forEach((serial, index) => {
    const asset = results[index]?.data;
    if (asset) ids.set(serial, asset.id);
  });
  return ids;
}
