import { organizationScope } from '../../domain/access/organization-scope.js';
import type { Actor } from '../../domain/access/permissions.js';
import { mayReadSurvey } from '../../domain/access/policies/surveys.js';
import type { Page } from '../../storage/repositories/pagination.js';
import { findSurveyListRow, listSurveys, type SurveyListRow } from '../../storage/repositories/surveys.js';
import { pageById } from '../paging.js';
import type { ServiceContext } from '../context.js';
import { notFound } from '../errors.js';

/** Surveys newest first; customers see their own organisation's only. */
export async function listSurveysFor(
  context: ServiceContext,
  actor: Actor,
  query: {
    caseId?: string | undefined;
    visitId?: string | undefined;
    trainingId?: string | undefined;
    status?: string | undefined;
    organizationId?: string | undefined;
    cursor?: string | undefined;
    limit: number;
  },
): Promise<Page<SurveyListRow>> {
  // The cursor is read before the scope, so a bad one is refused even to a customer who may see none.
  return pageById(query, async (page) => {
    const scope = organizationScope(actor, query.organizationId);
    if (!scope) return [];
    return listSurveys(context.storage.db, {
      organizationId: scope.organizationId,
      caseId: query.caseId,
      visitId: query.visitId,
      trainingId: query.trainingId,
      status: query.status,
      ...page,
    });
  });
}

export async function getSurvey(context: ServiceContext, actor: Actor, id: string): Promise<SurveyListRow> {
  const row = await findSurveyListRow(context.storage.db, id);
  if (!row || !mayReadSurvey(actor, { organizationId: row.organization_id })) throw notFound('survey', id);
  return row;
}
