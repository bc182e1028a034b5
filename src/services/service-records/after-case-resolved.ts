import type { Executor } from '../../storage/db.js';
import type { CaseRow } from '../../storage/repositories/cases.js';
import type { ServiceContext } from '../context.js';
import { createSurveyFor } from '../surveys/create-survey.js';
import { mailConfirmationLink } from './send-confirmation-link.js';

/**
 * What resolving a case sets off, in the resolving transaction: the customer contact is asked to confirm the
 * service record, and the follow-up survey of the case is created and sent.
 */
export async function afterCaseResolved(
  executor: Executor,
  context: ServiceContext,
  resolved: CaseRow,
  actorUserId: string | null,
): Promise<void> {
  await mailConfirmationLink(executor, context, resolved, actorUserId);
  await createSurveyFor(executor, context, { kind: 'case', caseRow: resolved });
}
