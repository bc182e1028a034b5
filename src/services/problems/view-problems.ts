import type { Actor } from '../../domain/access/permissions.js';
import { mayReadProblems, problemAbilities, type ProblemAbilities } from '../../domain/access/policies/problems.js';
import { allowedProblemTransitions, type ProblemStatus } from '../../domain/problems/problem-lifecycle.js';
import type { Page } from '../../storage/repositories/pagination.js';
import {
  findProblemListRow,
  listCasesOfProblem,
  listProblemActions,
  listProblemEvents,
  listProblemOrganizations,
  listProblemProducts,
  listProblems,
  listProblemsOfCase,
  type CaseProblemRow,
  type ProblemActionRow,
  type ProblemCaseRow,
  type ProblemEventRow,
  type ProblemListRow,
} from '../../storage/repositories/problems.js';
import type { Executor } from '../../storage/db.js';
import type { ArticleLanguage } from '../../domain/articles/language.js';
import type { ArticleRow } from '../../storage/repositories/articles.js';
import { articlesOfProblemFor } from '../articles/view-articles.js';
import type { ServiceContext } from '../context.js';
import { notFound } from '../errors.js';
import { pageById } from '../paging.js';

export interface ProblemDetails {
  row: ProblemListRow;
  organizations: { id: string; name: string }[];
  products: { vendor_id: string | null; vendor_name: string | null; model: string | null }[];
  cases: ProblemCaseRow[];
  actions: ProblemActionRow[];
  timeline: ProblemEventRow[];
  /** The knowledge articles linked to the problem, titled in the reader's language. */
  articles: { row: ArticleRow; title: string }[];
  can: ProblemAbilities;
  allowedTransitions: ProblemStatus[];
}

/** Problems newest first, narrowed by status and owner; staff only (a customer's list is empty). */
export async function listProblemsFor(
  context: ServiceContext,
  actor: Actor,
  query: { status?: ProblemStatus | undefined; ownerId?: string | undefined; cursor?: string | undefined; limit: number },
): Promise<Page<ProblemListRow>> {
  if (!mayReadProblems(actor)) return { items: [], nextCursor: null };
  return pageById(query, (page) => listProblems(context.storage.db, { status: query.status, ownerUserId: query.ownerId, ...page }));
}

/** A problem with its affected customers and products, linked cases, preventive actions and timeline. */
export async function getProblem(
  context: ServiceContext,
  actor: Actor,
  id: string,
  language: ArticleLanguage = 'en',
): Promise<ProblemDetails> {
  const db = context.storage.db;
  const row = mayReadProblems(actor) ? await findProblemListRow(db, id) : undefined;
  if (!row) throw notFound('problem', id);
  const [organizations, products, cases, actions, timeline, articles] = await Promise.all([
    listProblemOrganizations(db, id),
    listProblemProducts(db, id),
    listCasesOfProblem(db, id),
    listProblemActions(db, id),
    listProblemEvents(db, id),
    articlesOfProblemFor(db, actor, id, language),
  ]);
  const can = problemAbilities(actor, row);
  return {
    row,
    organizations,
    products,
    cases,
    actions,
    timeline,
    articles,
    can,
    allowedTransitions: can.change ? allowedProblemTransitions(row.status) : [],
  };
}

/** The problems a case is linked to, for the case page; none for an actor who may not read problems. */
export async function problemsOfCase(executor: Executor, actor: Actor, caseId: string): Promise<CaseProblemRow[]> {
  return mayReadProblems(actor) ? listProblemsOfCase(executor, caseId) : [];
}
