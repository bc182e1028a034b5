import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { caseKeys } from './cases';

/**
 * Listens to GET /api/v1/case-changes (server-sent events) while signed in: any case the user may see changes, by
 * anyone on any instance, and the cached case lists and pages refetch. Polling (LIVE_REFRESH_MS) stays as the
 * fallback for a connection that drops; EventSource reconnects by itself.
 */
export function useCaseChangeStream(enabled: boolean): boolean {
  const queryClient = useQueryClient();
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/v1/case-changes');
    let pending: number | undefined;
    let openedBefore = false;
    source.onopen = () => {
      setConnected(true);
      // The stream does not replay what changed while it was down: after a reconnect, everything shown is reloaded.
      if (openedBefore) void queryClient.invalidateQueries({ queryKey: caseKeys.all });
      openedBefore = true;
    };
    source.onerror = () => setConnected(false);
    source.addEventListener('case', () => {
      // Several changes in a burst (a transition and its escalation) become one refetch.
      window.clearTimeout(pending);
      pending = window.setTimeout(() => {
        void queryClient.invalidateQueries({ queryKey: caseKeys.all });
        // What changes a case (an assignment, a reply, a report) is what notifies: the unread count follows at once.
        void queryClient.invalidateQueries({ queryKey: ['notifications'] });
      }, 300);
    });
    return () => {
      window.clearTimeout(pending);
      source.close();
      setConnected(false);
    };
  }, [enabled, queryClient]);
  return connected;
}
