import { useQueryClient } from '@tanstack/react-query';
import App from 'antd/es/app';
import { refreshServiceLoop } from '../api/service-loop';

/**
 * What follows a saved change in the service loop (a visit, a record, a survey, a follow-up): the success toast, then
 * the service and case caches refreshed, since the case's status and timeline move with it.
 */
export function useServiceLoopSaved() {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  return async (success: string): Promise<void> => {
    void message.success(success);
    await refreshServiceLoop(queryClient);
  };
}
