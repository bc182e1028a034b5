import { z } from 'zod';
import { PROBLEM_STATUSES } from '../../domain/problems/problem-lifecycle.js';
import type { CaseProblemRow, ProblemListRow } from '../../storage/repositories/problems.js';
import type { ProblemDetails } from '../../services/problems/view-problems.js';

const problemStatus = z.enum(PROBLEM_STATUSES);

/** A case as a problem (or a proposed one) lists it. */
export const linkedCaseView = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  status: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
});

export const problemSummaryView = z.object({
  id: z.string(),
  title: z.string(),
  status: problemStatus,
  ownerId: z.string(),
  ownerName: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const problemView = problemSummaryView.extend({
  description: z.string(),
  rootCause: z.string().nullable(),
  workaround: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  organizations: z.array(z.object({ id: z.string(), name: z.string() })).describe('The customers the problem affects'),
  products: z
    .array(z.object({ vendorId: z.string().nullable(), vendorName: z.string().nullable(), model: z.string().nullable() }))
    .describe('The vendors and product models the problem affects'),
  cases: z.array(linkedCaseView.extend({ linkedAt: z.string() })),
  actions: z
    .array(
      z.object({
        id: z.string(),
        description: z.string(),
        ownerId: z.string(),
        ownerName: z.string(),
        dueOn: z.string(),
        done: z.boolean(),
        doneAt: z.string().nullable(),
        overdueNotifiedAt: z.string().nullable().describe('When the owners were told the action is overdue'),
      }),
    )
    .describe('Preventive actions'),
  timeline: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      kind: z.string(),
      actorUserId: z.string().nullable(),
      actorName: z.string().nullable(),
      data: z.record(z.string(), z.unknown()),
    }),
  ),
  articles: z
    .array(
      z.object({ id: z.string(), title: z.string(), status: z.enum(['draft', 'published']), visibility: z.enum(['internal', 'customer']) }),
    )
    .describe('The knowledge articles linked to the problem, titled in the reader’s language'),
  can: z
    .object({
      change: z.boolean(),
      linkArticles: z.boolean(),
      writeArticle: z.boolean().describe('“Write up as an article”: the problem is a known error'),
    })
    .describe('What the calling user may do with this problem now'),
  allowedTransitions: z.array(problemStatus).describe('The moves the calling user may make now'),
});

/** A problem as a linked case shows it, with the workaround one click away. */
export const caseProblemView = z.object({
  id: z.string(),
  title: z.string(),
  status: problemStatus,
  ownerName: z.string(),
  workaround: z.string().nullable(),
});

export function presentProblemSummary(row: ProblemListRow): z.infer<typeof problemSummaryView> {
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    ownerId: row.owner_user_id,
    ownerName: row.owner_name,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function presentProblem(details: ProblemDetails): z.infer<typeof problemView> {
  const row = details.row;
  return {
    ...presentProblemSummary(row),
    description: row.description,
    rootCause: row.root_cause,
    workaround: row.workaround,
    resolvedAt: row.resolved_at,
    closedAt: row.closed_at,
    organizations: details.organizations,
    products: details.products.map((product) => ({ vendorId: product.vendor_id, vendorName: product.vendor_name, model: product.model })),
    cases: details.cases.map((linked) => ({
      id: linked.case_id,
      number: linked.number,
      title: linked.title,
      status: linked.status,
      organizationId: linked.organization_id,
      organizationName: linked.organization_name,
      linkedAt: linked.linked_at,
    })),
    actions: details.actions.map((action) => ({
      id: action.id,
      description: action.description,
      ownerId: action.owner_user_id,
      ownerName: action.owner_name,
      dueOn: action.due_on,
      done: action.done_at !== null,
      doneAt: action.done_at,
      overdueNotifiedAt: action.overdue_notified_at,
    })),
    timeline: details.timeline.map((event) => ({
      id: event.id,
      at: event.at,
      kind: event.kind,
      actorUserId: event.actor_user_id,
      actorName: event.actor_name,
      data: JSON.parse(event.data_json) as Record<string, unknown>,
    })),
    articles: details.articles.map(({ row: article, title }) => ({
      id: article.id,
      title,
      status: article.status as 'draft' | 'published',
      visibility: article.visibility as 'internal' | 'customer',
    })),
    can: details.can,
    allowedTransitions: details.allowedTransitions,
  };
}

export function presentCaseProblem(row: CaseProblemRow): z.infer<typeof caseProblemView> {
  return { id: row.id, title: row.title, status: row.status, ownerName: row.owner_name, workaround: row.workaround };
}
