import { z } from 'zod';
import { SIMILAR_REASONS } from '../../domain/cases/similar-cases.js';
import { PROBLEM_STATUSES } from '../../domain/problems/problem-lifecycle.js';
import type { SimilarCase, SimilarCasesAnswer } from '../../services/cases/find-similar-cases.js';
import { caseSummaryView, presentCaseSummary } from './cases.js';

export const similarCaseView = caseSummaryView.extend({
  reasons: z
    .array(z.enum(SIMILAR_REASONS))
    .describe(
      'Why it was found, strongest first: `serial` the same serial number, `model` another product of the same model at the same customer, ' +
        '`text` a title or description with the same words, `site` another product at the same site of the customer',
    ),
  open: z.boolean().describe('Not resolved yet'),
  outcome: z
    .object({
      resolvedAt: z.string().nullable(),
      resolutionNote: z.string().nullable().describe('The note given when the case was last resolved'),
      lastAction: z
        .object({ type: z.string(), summary: z.string(), outcome: z.string().nullable(), at: z.string() })
        .nullable()
        .describe('The latest service action: what was done and what came of it'),
      actionCount: z.number().int(),
      problems: z
        .array(z.object({ id: z.string(), title: z.string(), status: z.enum(PROBLEM_STATUSES) }))
        .describe('The problem records it is linked to (staff only; empty for a customer)'),
    })
    .describe('How it was resolved'),
  can: z
    .object({ noteInternal: z.boolean(), replyPublic: z.boolean() })
    .describe('Whether the calling user may add a note to it (at intake: the call as a note instead of a new case)'),
});

export const similarCasesView = z.object({
  terms: z.array(z.string()).describe('The words of the title the texts were compared by'),
  items: z.array(similarCaseView),
});

function presentSimilarCase(found: SimilarCase): z.infer<typeof similarCaseView> {
  return {
    ...presentCaseSummary(found.row, found.serialNumbers),
    reasons: found.reasons,
    open: found.open,
    outcome: found.outcome,
    can: found.can,
  };
}

export function presentSimilarCases(answer: SimilarCasesAnswer): z.infer<typeof similarCasesView> {
  return { terms: answer.terms, items: answer.items.map(presentSimilarCase) };
}
