import { resolutionWorkingMs } from '../../domain/cases/first-response-target.js';
import { listUnmeasuredResolutions, storeResolutionTime } from '../../storage/repositories/first-response-targets.js';
import type { ServiceContext } from '../context.js';
import { loadPolicyVersion } from '../escalations/escalation-policies.js';

/**
 * Fills in the resolution time of cases resolved before it was stored (migration 0041), one batch per transaction, on
 * each case's own policy calendar. Every instance may run it: each value is the same whoever computes it, and the
 * store only writes a case still resolved at the instant measured and not measured yet. Once done it finds nothing
 * (an empty partial index) and costs one look. Answers how many cases it measured.
 */
export async function backfillResolutionTimes(context: ServiceContext, options: { batchSize?: number } = {}): Promise<number> {
  const batchSize = options.batchSize ?? 500;
  let measured = 0;
  let afterId = '';
  for (;;) {
    const batch = await context.storage.transaction(async (trx) => {
      const rows = await listUnmeasuredResolutions(trx, afterId, batchSize);
      for (const row of rows) {
        const { calendar } = await loadPolicyVersion(trx, row.policy_version_id);
        const workingMs = resolutionWorkingMs(calendar, Date.parse(row.received_at), Date.parse(row.resolved_at));
        if (await storeResolutionTime(trx, row.id, row.resolved_at, workingMs)) measured++;
      }
      return rows;
    });
    if (batch.length < batchSize) return measured;
    afterId = batch[batch.length - 1]!.id;
  }
}
