import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { dashboardView, wallboardTokenView } from '../../src/http/schemas/dashboard.js';
import { api } from './client';
import { useChangeStream } from './live';

export type Dashboard = z.infer<typeof dashboardView>;
export type DueStep = Dashboard['dueSteps']['items'][number];
export type WallboardToken = z.infer<typeof wallboardTokenView>;

export const dashboardKeys = { all: ['dashboard'] as const };

/** Read again this often even when nothing changed: steps move into the hour's window with time alone. */
const DASHBOARD_REFRESH_MS = 30_000;

/** The Operation Center's figures (company-wide, or one department's), with the server's moment of reading. */
export function useDashboard(departmentId: string | undefined, options: { enabled?: boolean; wallboard?: boolean } = {}) {
  const { enabled = true, wallboard = false } = options;
  return useQuery({
    queryKey: [...dashboardKeys.all, departmentId ?? 'all', wallboard ? 'wallboard' : 'staff'],
    queryFn: async () => {
      // A wallboard has no session: its 401 (a revoked token) is shown on the wall, not turned into a sign-out.
      const data = await api.get<Dashboard>(`/api/v1/dashboard${departmentId ? `?departmentId=${encodeURIComponent(departmentId)}` : ''}`, {
        endsSessionOn401: !wallboard,
      });
      // The server's clock, as seen from here: countdowns tick on it, whatever this screen's own clock says.
      return { data, clockOffsetMs: Date.parse(data.at) - Date.now() };
    },
    enabled,
    refetchInterval: DASHBOARD_REFRESH_MS,
    refetchIntervalInBackground: true,
    staleTime: 0,
  });
}

const readDashboardAgain = (queryClient: QueryClient) => void queryClient.invalidateQueries({ queryKey: dashboardKeys.all });
const DASHBOARD_CHANGES = { changed: readDashboardAgain, reconnected: readDashboardAgain };

/**
 * Listens to GET /api/v1/dashboard/changes (server-sent events: "some case changed") and reads the figures again,
 * a burst of changes once. Answers whether the stream is connected (the page shows "live").
 */
export function useDashboardSignal(enabled: boolean): boolean {
  return useChangeStream('/api/v1/dashboard/changes', 'changed', enabled, DASHBOARD_CHANGES);
}
