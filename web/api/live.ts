import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { caseKeys } from './cases';

/** What a change stream reads again: after each burst of events, and after a reconnect. */
interface StreamRefresh {
  /** Its events: several within 300 ms (a transition and its escalation) become one refetch. */
  changed: (queryClient: QueryClient) => void;
  /** A stream does not replay what changed while it was down: after a reconnect, everything it keeps fresh is read again. */
  reconnected: (queryClient: QueryClient) => void;
}

/**
 * Listens to a server-sent event stream of the API while `enabled` and refetches what its events change. EventSource
 * reconnects by itself. Answers whether the stream is connected. `refresh` must be the same object on every render (a
 * constant of the module).
 */
export function useChangeStream(url: string, event: string, enabled: boolean, refresh: StreamRefresh): boolean {
  const queryClient = useQueryClient();
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource(url);
    let pending: number | undefined;
    let openedBefore = false;
    source.onopen = () => {
      setConnected(true);
      if (openedBefore) refresh.reconnected(queryClient);
      openedBefore = true;
    };
    source.onerror = () => setConnected(false);
    source.addEventListener(event, () => {
      window.clearTimeout(pending);
      pending = window.setTimeout(() => refresh.changed(queryClient), 300);
    });
    return () => {
      window.clearTimeout(pending);
      source.close();
      setConnected(false);
    };
  }, [url, event, enabled, refresh, queryClient]);
  return connected;
}

const CASE_CHANGES: StreamRefresh = {
  changed: (queryClient) => {
    void queryClient.invalidateQueries({ queryKey: caseKeys.all });
    // What changes a case (an assignment, a reply, a report) is what notifies: the unread count follows at once.
    void queryClient.invalidateQueries({ queryKey: ['notifications'] });
  },
  reconnected: (queryClient) => void queryClient.invalidateQueries({ queryKey: caseKeys.all }),
};

/**
 * Listens to GET /api/v1/case-changes (server-sent events) while signed in: any case the user may see changes, by
 * anyone on any instance, and the cached case lists and pages refetch. Polling (LIVE_REFRESH_MS) stays as the
 * fallback for a connection that drops.
 */
export function useCaseChangeStream(enabled: boolean): boolean {
  return useChangeStream('/api/v1/case-changes', 'case', enabled, CASE_CHANGES);
}
