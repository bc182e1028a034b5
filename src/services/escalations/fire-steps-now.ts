import type { Executor } from '../../storage/db.js';
import { findCaseById } from '../../storage/repositories/cases.js';
import { listStepsOfCase } from '../../storage/repositories/escalations.js';
import type { ServiceContext } from '../context.js';
import { fireEscalationStep } from './fire-escalation-step.js';

/** Steps that are due the moment a case is logged or re-planned fire in the same transaction, not a tick later. */
export async function fireStepsNow(executor: Executor, context: ServiceContext, caseId: string, stepIds: string[]): Promise<void> {
  if (stepIds.length === 0) return;
  const steps = (await listStepsOfCase(executor, caseId)).filter((step) => stepIds.includes(step.id));
  steps.sort((a, b) => (a.due_at ?? '').localeCompare(b.due_at ?? ''));
  for (const step of steps) {
    const row = await findCaseById(executor, caseId);
    if (row) await fireEscalationStep(executor, context, step, row);
  }
}
