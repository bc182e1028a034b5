import type { BusinessCalendar } from '../../domain/calendar/business-calendar.js';
import { firstResponseWorkingMs, resolutionWorkingMs } from '../../domain/cases/first-response-target.js';
import type { DatabaseTransaction } from '../../storage/db.js';
import {
  listUnmeasuredFirstResponses,
  listUnmeasuredResolutions,
  storeFirstResponseTime,
  storeResolutionTime,
} from '../../storage/repositories/first-response-targets.js';
import type { ServiceContext } from '../context.js';
import { loadPolicyVersion } from '../escalations/escalation-policies.js';

/** How to find the cases still missing one stored business time, and measure and store it on a case's calendar. */
interface UnmeasuredTimes<Row extends { id: string; policy_version_id: string }> {
  list(trx: DatabaseTransaction, afterId: string, limit: number): Promise<Row[]>;
  /** Stores the time measured on `calendar`; false when the case changed since it was read (or another instance was first). */
  store(trx: DatabaseTransaction, row: Row, calendar: BusinessCalendar): Promise<boolean>;
}

/**
 * Measures every case `times` lists, one batch per transaction, on each case's own policy calendar. Every instance may
 * run it: each value is the same whoever computes it, and the store writes only a case still as it was read and not
 * measured yet. Once done it finds nothing (an empty partial index) and costs one look. Answers how many it measured.
 */
async function backfill<Row extends { id: string; policy_version_id: string }>(
  context: ServiceContext,
  times: UnmeasuredTimes<Row>,
  batchSize: number,
): Promise<number> {
  let measured = 0;
  let afterId = '';
  for (;;) {
    const batch = await context.storage.transaction(async (trx) => {
      const rows = await times.list(trx, afterId, batchSize);
      for (const row of rows) {
        const { calendar } = await loadPolicyVersion(trx, row.policy_version_id);
        if (await times.store(trx, row, calendar)) measured++;
      }
      return rows;
    });
    if (batch.length < batchSize) return measured;
    afterId = batch[batch.length - 1]!.id;
  }
}

/** Fills in the resolution time of cases resolved before it was stored (migration 0041). */
export function backfillResolutionTimes(context: ServiceContext, options: { batchSize?: number } = {}): Promise<number> {
  return backfill(
    context,
    {
      list: listUnmeasuredResolutions,
      store: (trx, row, calendar) =>
        storeResolutionTime(
          trx,
          row.id,
          row.resolved_at,
          resolutionWorkingMs(calendar, Date.parse(row.received_at), Date.parse(row.resolved_at)),
        ),
    },
    options.batchSize ?? 500,
  );
}

/**
 * Fills in the business time to first response of cases answered without it: by the previous release's instances
 * during a rolling upgrade to migration 0061 (the migration measured every case answered before it ran).
 */
export function backfillFirstResponseTimes(context: ServiceContext, options: { batchSize?: number } = {}): Promise<number> {
  return backfill(
    context,
    {
      list: listUnmeasuredFirstResponses,
      store: (trx, row, calendar) =>
        storeFirstResponseTime(
          trx,
          row.id,
          row.first_responded_at,
          firstResponseWorkingMs(calendar, Date.parse(row.received_at), Date.parse(row.first_responded_at)),
        ),
    },
    options.batchSize ?? 500,
  );
}
