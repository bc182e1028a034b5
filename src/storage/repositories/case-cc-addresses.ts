import type { Executor } from '../db.js';

/** The extra addresses a case's public replies go to, in the order they were added. */
export async function listCaseCcAddresses(executor: Executor, caseId: string): Promise<string[]> {
  const rows = await executor
    .selectFrom('case_cc_addresses')
    .select('address')
    .where('case_id', '=', caseId)
    .orderBy('added_at')
    .orderBy('address')
    .execute();
  return rows.map((row) => row.address);
}

/** Replaces a case's CC addresses with `addresses`; those kept keep when they were added. */
export async function replaceCaseCcAddresses(executor: Executor, caseId: string, addresses: string[], at: string): Promise<void> {
  let removal = executor.deleteFrom('case_cc_addresses').where('case_id', '=', caseId);
  if (addresses.length > 0) removal = removal.where('address', 'not in', addresses);
  await removal.execute();
  if (addresses.length === 0) return;
  await executor
    .insertInto('case_cc_addresses')
    .values(addresses.map((address) => ({ case_id: caseId, address, added_at: at })))
    .onConflict((oc) => oc.columns(['case_id', 'address']).doNothing())
    .execute();
}
