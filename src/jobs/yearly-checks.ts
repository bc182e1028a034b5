import type { ServiceContext } from '../services/context.js';
import { createDueYearlyChecks, type YearlyCheckRun } from '../services/delivered-systems/create-due-yearly-checks.js';

/**
 * One scheduler tick of the yearly checks: opens the maintenance cases of checks due within the lead time. Safe to
 * run on every instance at once (each check has a deterministic key guarded by a unique constraint); a tick with
 * nothing due costs one indexed query.
 */
export async function runYearlyChecks(
  context: ServiceContext,
): Promise<{ created: number; skipped: number; failed: YearlyCheckRun['failed'] }> {
  const run = await createDueYearlyChecks(context);
  return { created: run.created.length, skipped: run.skipped, failed: run.failed };
}
