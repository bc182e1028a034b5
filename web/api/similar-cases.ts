/** Similar cases (issue #15): for a case on record and for a case being typed. Shapes from the server's presenter. */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { similarCaseView, similarCasesView } from '../../src/http/presenters/similar-cases.js';
import { casePagePaths } from './case-page-paths';
import { api, withQuery } from './client';

export type SimilarCase = z.infer<typeof similarCaseView>;
export type SimilarCases = z.infer<typeof similarCasesView>;

/** What is known of a case being typed; the look-up waits until there is a customer and something to compare. */
export interface SimilarDraft {
  organizationId?: string | undefined;
  serialNumbers?: readonly string[];
  title?: string | undefined;
  description?: string | undefined;
}

/** Waits until the value has stayed the same for `delayMs`: typing asks once a pause, not once a key. */
function useSettled<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  const key = JSON.stringify(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), delayMs);
    return () => window.clearTimeout(timer);
    // The key stands for the value: a new object with the same content restarts nothing.
  }, [key, delayMs]);
  return settled;
}

const TYPING_PAUSE_MS = 400;

/** The serial numbers typed in a form field: separated by spaces, commas or semicolons. */
export function serialsOf(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((item) => item.trim())
    .filter(Boolean);
}

/**
 * Similar cases of a draft, asked after a pause in typing once `enabled` and something is known (a serial number, or a
 * title or description of three characters or more). The previous answer stays shown while the next is asked.
 */
export function useSimilarToDraft(draft: SimilarDraft, enabled: boolean) {
  const settled = useSettled(
    {
      organizationId: draft.organizationId,
      serial: (draft.serialNumbers ?? []).join(','),
      title: draft.title?.trim() ?? '',
      description: draft.description?.trim() ?? '',
    },
    TYPING_PAUSE_MS,
  );
  const known = settled.serial !== '' || settled.title.length >= 3 || settled.description.length >= 3;
  return useQuery({
    queryKey: ['cases', 'similar', 'draft', settled],
    queryFn: () =>
      api.get<SimilarCases>(
        withQuery('/api/v1/cases/similar', {
          ...settled,
          title: settled.title.slice(0, 300),
          description: settled.description.slice(0, 2000),
        }),
      ),
    enabled: enabled && known,
    // Another customer's answer is never shown while this one's is asked.
    placeholderData: (previous, previousQuery) =>
      (previousQuery?.queryKey[3] as typeof settled | undefined)?.organizationId === settled.organizationId ? previous : undefined,
  });
}

/** Similar cases of a case on record. */
export function useSimilarToCase(caseId: string) {
  return useQuery({
    queryKey: ['cases', 'similar', 'case', caseId],
    queryFn: () => api.get<SimilarCases>(casePagePaths.similar(caseId)),
  });
}
