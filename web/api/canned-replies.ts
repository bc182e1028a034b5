/** Canned replies: the shapes come from the server's presenters (type-only imports). */
import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { cannedReplyListView, cannedReplyView, filledCannedReplyView } from '../../src/http/presenters/canned-replies.js';
import type { Language } from './types';
import { api } from './client';

export { CANNED_REPLY_PLACEHOLDERS } from '../../src/domain/canned-replies/canned-replies.js';
export type CannedReply = z.infer<typeof cannedReplyView>;
export type CannedReplyList = z.infer<typeof cannedReplyListView>;
export type FilledCannedReply = z.infer<typeof filledCannedReplyView>;
export type CannedReplyScopeKind = CannedReply['scope']['kind'];

const ALL = ['canned-replies'] as const;

/** The replies the user may use; `caseId` ranks the case department's first, `scope` narrows to shared or personal. */
export function useCannedReplies(query: { q?: string; scope?: CannedReplyScopeKind; caseId?: string }, enabled = true) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const search = params.toString();
  return useQuery({
    queryKey: [...ALL, search],
    queryFn: () => api.get<CannedReplyList>(`/api/v1/canned-replies${search ? `?${search}` : ''}`),
    enabled,
    placeholderData: (previous) => previous,
  });
}

export const refreshCannedReplies = (queryClient: QueryClient) => queryClient.invalidateQueries({ queryKey: ALL });

export interface CannedReplyInput {
  title: string;
  body: { en: string; 'zh-CN': string };
}

export const createCannedReply = (input: CannedReplyInput & { scope: CannedReplyScopeKind; departmentId?: string }) =>
  api.post<CannedReply>('/api/v1/canned-replies', input);
export const updateCannedReply = (id: string, input: CannedReplyInput) =>
  api.patch<CannedReply>(`/api/v1/canned-replies/${encodeURIComponent(id)}`, input);
export const deleteCannedReply = (id: string) => api.delete<void>(`/api/v1/canned-replies/${encodeURIComponent(id)}`);

/** The reply's text filled for the case by the server (it knows the contact, the level and the hotline number). */
export const fillCannedReply = (caseId: string, replyId: string, language?: Language) =>
  api.get<FilledCannedReply>(
    `/api/v1/cases/${encodeURIComponent(caseId)}/canned-replies/${encodeURIComponent(replyId)}/filled${language ? `?language=${language}` : ''}`,
  );
