import { z } from 'zod';
import { CASE_STATUSES } from '../../domain/cases/case-lifecycle.js';
import { QUEUE_COLUMNS, QUEUE_SORTS, QUEUE_VIEWS } from '../../domain/cases/queue-views.js';
import type { Language } from '../../domain/access/roles.js';
import { translate } from '../../i18n/translate.js';
import type { BulkOutcome } from '../../services/cases/bulk-change-cases.js';
import type { QueueOverview, SavedQueueFilter } from '../../services/queues/view-queues.js';
import { STATUS_OF } from '../problem-status.js';

export const queueFilterSet = z.object({
  view: z.enum(QUEUE_VIEWS),
  text: z.string().trim().max(200).optional(),
  levels: z.array(z.number().int().min(1).max(4)).max(4).optional(),
  statuses: z.array(z.enum(CASE_STATUSES)).max(CASE_STATUSES.length).optional(),
  sort: z.enum(QUEUE_SORTS).optional(),
  direction: z.enum(['asc', 'desc']).optional(),
});

export const savedQueueFilterView = z.object({ id: z.string(), name: z.string(), filter: queueFilterSet });

export const queueOverviewView = z.object({
  views: z
    .array(z.object({ view: z.enum(QUEUE_VIEWS), count: z.number().int(), capped: z.boolean() }))
    .describe('The views the caller has, each with its count; `capped`: more than `count` (shown as "1 000+")'),
  landing: z.enum(QUEUE_VIEWS).describe('The view the caller lands on, following their role'),
  columns: z.array(z.enum(QUEUE_COLUMNS)).describe("The caller's own queue columns, in order"),
  savedFilters: z.array(savedQueueFilterView).describe("The caller's own saved filters"),
});

export function presentQueueOverview(overview: QueueOverview): z.infer<typeof queueOverviewView> {
  return { ...overview, savedFilters: overview.savedFilters.map(presentSavedQueueFilter) };
}

export function presentSavedQueueFilter(filter: SavedQueueFilter): z.infer<typeof savedQueueFilterView> {
  return { id: filter.id, name: filter.name, filter: filter.filter };
}

export const bulkResultView = z.object({
  changed: z.number().int(),
  refused: z.number().int(),
  results: z
    .array(
      z.object({
        caseId: z.string(),
        ok: z.boolean(),
        status: z.number().int().describe('What a single change of this case would have answered: 200, or the 4xx of its refusal'),
        detail: z.string().optional(),
        field: z.string().optional(),
      }),
    )
    .describe('One entry per case, in the order sent'),
});

/** Each case's outcome, a refusal worded as the single change's problem would be, in the caller's language. */
export function presentBulkOutcomes(outcomes: BulkOutcome[], language: Language): z.infer<typeof bulkResultView> {
  return {
    changed: outcomes.filter((outcome) => outcome.ok).length,
    refused: outcomes.filter((outcome) => !outcome.ok).length,
    results: outcomes.map((outcome) =>
      outcome.ok
        ? { caseId: outcome.caseId, ok: true, status: 200 }
        : {
            caseId: outcome.caseId,
            ok: false,
            status: STATUS_OF[outcome.error.kind],
            detail: translate(language, outcome.error.messageKey, outcome.error.params),
            ...(outcome.error.field ? { field: outcome.error.field } : {}),
          },
    ),
  };
}
