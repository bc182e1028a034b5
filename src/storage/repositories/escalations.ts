import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import { RESOLVED_STATUSES } from '../../domain/cases/case-lifecycle.js';
import type { EscalationPosition } from '../../domain/escalation/positions.js';
import { locksRows, type Executor } from '../dialect.js';
import { changedOne } from '../changed-one.js';
import { preparedInsert, preparedQuery } from '../prepared-query.js';
import { batchedLookup } from '../read-batches.js';
import type {
  CasesTable,
  EscalationPoliciesTable,
  EscalationPolicyVersionsTable,
  EscalationStepsTable,
  VendorEscalationsTable,
} from '../schema.js';

export type EscalationStepRow = Selectable<EscalationStepsTable>;
export type PolicyRow = Selectable<EscalationPoliciesTable>;
export type PolicyVersionRow = Selectable<EscalationPolicyVersionsTable>;
export type VendorEscalationRow = Selectable<VendorEscalationsTable>;
/** A step of a case's upgrading-report ladder as it is written. */
export type NewEscalationStep = Insertable<EscalationStepsTable>;

export async function listStepsOfCase(executor: Executor, caseId: string): Promise<EscalationStepRow[]> {
  return executor.selectFrom('escalation_steps').selectAll().where('case_id', '=', caseId).execute();
}

const insertStepRows = preparedInsert('escalation_steps');

export async function insertSteps(executor: Executor, rows: NewEscalationStep[]): Promise<void> {
  await insertStepRows(executor, rows);
}

/** Re-plans a step that has not fired; the `fired_at is null` guard keeps history untouchable. */
export async function updateUnfiredStep(executor: Executor, id: string, changes: Updateable<EscalationStepsTable>): Promise<void> {
  await executor.updateTable('escalation_steps').set(changes).where('id', '=', id).where('fired_at', 'is', null).execute();
}

/**
 * Due pending steps, earliest first. On PostgreSQL the rows are locked and rows other instances hold are skipped,
 * so concurrent ticks share the work instead of repeating it. The step's case row is locked in the same claim:
 * firing updates the case, and a user's level change or transition locks the case before its steps, so a tick that
 * waited for a case row while holding its steps would deadlock with them. A case being changed is skipped instead;
 * its change re-plans (and fires) the step itself, or the next tick does.
 */
export async function claimDueSteps(executor: Executor, nowIso: string, limit: number): Promise<EscalationStepRow[]> {
  const query = executor
    .selectFrom('escalation_steps')
    .innerJoin('cases', 'cases.id', 'escalation_steps.case_id')
    .selectAll('escalation_steps')
    .where('escalation_steps.status', '=', 'pending')
    .where('escalation_steps.due_at', '<=', nowIso)
    .orderBy('escalation_steps.due_at')
    .limit(limit);
  return (locksRows(executor) ? query.forUpdate(['escalation_steps', 'cases']).skipLocked() : query).execute();
}

/** Marks a step fired only if it still is pending; returns false if someone else fired it first. */
export async function markStepFired(executor: Executor, id: string, firedAt: string, recipientsJson: string): Promise<boolean> {
  return changedOne(
    executor
      .updateTable('escalation_steps')
      .set({ status: 'fired', fired_at: firedAt, recipients_json: recipientsJson })
      .where('id', '=', id)
      .where('status', '=', 'pending'),
  );
}

/** Who a fired report told, one row each, so the "escalated to me" queue reads an index (migration 0035). */
export async function recordStepRecipients(
  executor: Executor,
  step: { id: string; case_id: string },
  userIds: readonly string[],
): Promise<void> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return;
  await executor
    .insertInto('escalation_recipients')
    .values(unique.map((userId) => ({ user_id: userId, case_id: step.case_id, step_id: step.id })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Statuses after which a case no longer escalates; a report that waited for a holder is not sent for them. */
const SETTLED_STATUSES = RESOLVED_STATUSES;

/**
 * Reports that fired with nobody to tell (an empty recipient list) on cases still unresolved, with their case:
 * of one case, of the given positions of one department's cases, or of one company position. Reads the partial
 * index of such steps, so its cost follows the waiting reports, not the cases.
 */
export async function listWaitingReports(
  executor: Executor,
  scope: { caseId: string } | { departmentId: string; positions: EscalationPosition[] } | { companyPosition: EscalationPosition },
): Promise<{ step: EscalationStepRow; row: Selectable<CasesTable> }[]> {
  let query = executor
    .selectFrom('escalation_steps')
    .innerJoin('cases', 'cases.id', 'escalation_steps.case_id')
    .selectAll('escalation_steps')
    // Literals, so PostgreSQL matches the partial index on them.
    .where(sql.ref('escalation_steps.status'), '=', sql.lit('fired'))
    .where(sql.ref('escalation_steps.recipients_json'), '=', sql.lit('[]'))
    .where('cases.status', 'not in', SETTLED_STATUSES)
    .orderBy('escalation_steps.fired_at')
    .orderBy('escalation_steps.id');
  if ('caseId' in scope) query = query.where('escalation_steps.case_id', '=', scope.caseId);
  else if ('departmentId' in scope)
    query = query.where('cases.department_id', '=', scope.departmentId).where('escalation_steps.position', 'in', scope.positions);
  else query = query.where('escalation_steps.position', '=', scope.companyPosition);
  const steps = await query.execute();
  if (steps.length === 0) return [];
  const caseIds = [...new Set(steps.map((step) => step.case_id))];
  const cases = new Map((await executor.selectFrom('cases').selectAll().where('id', 'in', caseIds).execute()).map((row) => [row.id, row]));
  return steps.flatMap((step) => {
    const row = cases.get(step.case_id);
    return row ? [{ step, row }] : [];
  });
}

/** The positions whose reports wait because their unresolved cases have no servicing department. */
export async function positionsWaitingForADepartment(executor: Executor): Promise<EscalationPosition[]> {
  const rows = await executor
    .selectFrom('escalation_steps')
    .innerJoin('cases', 'cases.id', 'escalation_steps.case_id')
    .select('escalation_steps.position')
    .distinct()
    .where(sql.ref('escalation_steps.status'), '=', sql.lit('fired'))
    .where(sql.ref('escalation_steps.recipients_json'), '=', sql.lit('[]'))
    .where('cases.department_id', 'is', null)
    .where('cases.status', 'not in', SETTLED_STATUSES)
    .execute();
  return rows.map((row) => row.position);
}

/** Records who a waiting report reached; false if it was delivered already. */
export async function recordLateRecipients(executor: Executor, stepId: string, recipientsJson: string): Promise<boolean> {
  return changedOne(
    executor
      .updateTable('escalation_steps')
      .set({ recipients_json: recipientsJson })
      .where('id', '=', stepId)
      .where('status', '=', 'fired')
      .where(sql.ref('recipients_json'), '=', sql.lit('[]')),
  );
}

export async function acknowledgeStep(
  executor: Executor,
  id: string,
  acknowledgement: { at: string; userId: string; reason: string | null },
): Promise<boolean> {
  return changedOne(
    executor
      .updateTable('escalation_steps')
      .set({ acknowledged_at: acknowledgement.at, acknowledged_by: acknowledgement.userId, acknowledged_reason: acknowledgement.reason })
      .where('id', '=', id)
      .where('status', '=', 'fired')
      .where('acknowledged_at', 'is', null),
  );
}

export async function earliestPendingDueAt(executor: Executor, caseId: string): Promise<string | null> {
  const row = await executor
    .selectFrom('escalation_steps')
    .select((eb) => eb.fn.min('due_at').as('due_at'))
    .where('case_id', '=', caseId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return row?.due_at ?? null;
}

type DefaultPolicyVersion = Pick<PolicyVersionRow, 'id' | 'policy_id' | 'version'> & { policy_name: string };

/** Without the version's body: bodies never change, so callers keep them parsed by version id. */
const defaultPolicyVersionQuery = preparedQuery<Record<string, never>, DefaultPolicyVersion>((executor) =>
  executor
    .selectFrom('escalation_policies')
    .innerJoin('escalation_policy_versions', 'escalation_policy_versions.id', 'escalation_policies.current_version_id')
    .select([
      'escalation_policy_versions.id',
      'escalation_policy_versions.policy_id',
      'escalation_policy_versions.version',
      'escalation_policies.name as policy_name',
    ])
    .where('escalation_policies.is_default', '=', 1),
);

const defaultPolicyVersion = batchedLookup<'default', DefaultPolicyVersion | undefined>({
  one: async (executor) => (await defaultPolicyVersionQuery(executor, {}))[0],
  many: async (db, keys) => {
    const [current] = await defaultPolicyVersionQuery(db, {});
    return keys.map(() => current && { ...current });
  },
});

/** The default policy's current version, in one round trip: every intake needs it, so concurrent intakes ask together. */
export async function findDefaultPolicyVersion(executor: Executor): Promise<DefaultPolicyVersion | undefined> {
  return defaultPolicyVersion(executor, 'default');
}

export async function findDefaultPolicy(executor: Executor): Promise<PolicyRow | undefined> {
  return executor.selectFrom('escalation_policies').selectAll().where('is_default', '=', 1).executeTakeFirst();
}

export async function findPolicy(executor: Executor, id: string): Promise<PolicyRow | undefined> {
  return executor.selectFrom('escalation_policies').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The policy row, locked for the rest of the transaction on PostgreSQL: edits of one policy take turns, so each
 * numbers its version after the one before it. SQLite has a single writer anyway.
 */
export async function findPolicyForUpdate(executor: Executor, id: string): Promise<PolicyRow | undefined> {
  const query = executor.selectFrom('escalation_policies').selectAll().where('id', '=', id);
  return (locksRows(executor) ? query.forUpdate() : query).executeTakeFirst();
}

export async function listPolicies(executor: Executor): Promise<PolicyRow[]> {
  return executor.selectFrom('escalation_policies').selectAll().orderBy('id').execute();
}

export async function insertPolicy(executor: Executor, row: Insertable<EscalationPoliciesTable>): Promise<void> {
  await executor.insertInto('escalation_policies').values(row).execute();
}

/**
 * Inserts unless a policy of that name exists; false when another transaction got there first. Without an error,
 * so a PostgreSQL transaction that loses the race is not aborted.
 */
export async function insertPolicyIfAbsent(executor: Executor, row: Insertable<EscalationPoliciesTable>): Promise<boolean> {
  const result = await executor
    .insertInto('escalation_policies')
    .values(row)
    .onConflict((oc) => oc.column('name').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function setPolicyCurrentVersion(executor: Executor, policyId: string, versionId: string): Promise<void> {
  await executor.updateTable('escalation_policies').set({ current_version_id: versionId }).where('id', '=', policyId).execute();
}

export async function insertPolicyVersion(executor: Executor, row: Insertable<EscalationPolicyVersionsTable>): Promise<void> {
  await executor.insertInto('escalation_policy_versions').values(row).execute();
}

/** Every version of every escalation policy, by id (a short list: a version is kept per policy edit). */
export async function listPolicyVersionIds(executor: Executor): Promise<string[]> {
  return (await executor.selectFrom('escalation_policy_versions').select('id').orderBy('id').execute()).map((row) => row.id);
}

export async function findPolicyVersion(executor: Executor, id: string): Promise<PolicyVersionRow | undefined> {
  return executor.selectFrom('escalation_policy_versions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function latestPolicyVersionNumber(executor: Executor, policyId: string): Promise<number> {
  const row = await executor
    .selectFrom('escalation_policy_versions')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('policy_id', '=', policyId)
    .executeTakeFirst();
  return Number(row?.version ?? 0);
}

export async function insertVendorEscalation(executor: Executor, row: Insertable<VendorEscalationsTable>): Promise<boolean> {
  const result = await executor
    .insertInto('vendor_escalations')
    .values(row)
    .onConflict((oc) => oc.column('case_id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function findVendorEscalation(executor: Executor, caseId: string): Promise<VendorEscalationRow | undefined> {
  return executor.selectFrom('vendor_escalations').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}

export async function updateVendorEscalation(
  executor: Executor,
  caseId: string,
  changes: Updateable<VendorEscalationsTable>,
): Promise<void> {
  await executor.updateTable('vendor_escalations').set(changes).where('case_id', '=', caseId).execute();
}

export async function recordConfigurationAlert(
  executor: Executor,
  alert: { key: string; kind: string; position: EscalationPosition; departmentId: string | null; caseId: string | null; at: string },
): Promise<void> {
  await executor
    .insertInto('configuration_alerts')
    .values({
      key: alert.key,
      kind: alert.kind,
      position: alert.position,
      department_id: alert.departmentId,
      last_case_id: alert.caseId,
      occurrences: 1,
      first_seen_at: alert.at,
      last_seen_at: alert.at,
    })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => ({
        occurrences: eb(eb.ref('configuration_alerts.occurrences'), '+', 1),
        last_seen_at: alert.at,
        last_case_id: alert.caseId,
      })),
    )
    .execute();
}

export async function listConfigurationAlerts(executor: Executor) {
  return executor.selectFrom('configuration_alerts').selectAll().orderBy('last_seen_at', 'desc').execute();
}
