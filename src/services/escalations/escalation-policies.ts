import type { Actor } from '../../domain/access/permissions.js';
import { DEFAULT_POLICY, validatePolicy, type EscalationPolicy } from '../../domain/escalation/seed-matrix.js';
import { inTransaction, type Executor } from '../../storage/db.js';
import {
  findDefaultPolicy,
  findDefaultPolicyVersion,
  findPolicy,
  findPolicyForUpdate,
  findPolicyVersion,
  insertPolicy,
  insertPolicyIfAbsent,
  insertPolicyVersion,
  latestPolicyVersionNumber,
  listPolicies,
  setPolicyCurrentVersion,
  type PolicyRow,
} from '../../storage/repositories/escalations.js';
import { recordChangeBy } from '../audit.js';
import { newId, nowIso, type ServiceContext } from '../context.js';
import { conflict, conflictIfTaken, invalid, notFound } from '../errors.js';

export interface PolicyVersion {
  policyId: string;
  versionId: string;
  version: number;
  policy: EscalationPolicy;
}

export interface PolicyDetails {
  id: string;
  name: string;
  isDefault: boolean;
  version: number;
  versionId: string;
  policy: EscalationPolicy;
  createdAt: string;
}

const DEFAULT_POLICY_NAME = 'Seed upgrading-report matrix';

/** Policy versions never change once written, so parsed bodies can be kept for the life of the process. */
const parsedVersions = new Map<string, EscalationPolicy>();

export async function loadPolicyVersion(executor: Executor, versionId: string): Promise<EscalationPolicy> {
  const cached = parsedVersions.get(versionId);
  if (cached) return cached;
  const row = await findPolicyVersion(executor, versionId);
  if (!row) throw notFound('escalation policy version', versionId);
  const policy = JSON.parse(row.body_json) as EscalationPolicy;
  parsedVersions.set(versionId, policy);
  return policy;
}

/**
 * The default policy (the seed matrix, or `seed` when first-run setup brings its time zone) is created on first use;
 * racing instances meet on the unique name.
 */
export async function defaultPolicyVersion(
  executor: Executor,
  at: string,
  seed: EscalationPolicy = DEFAULT_POLICY,
): Promise<PolicyVersion> {
  const current = await findDefaultPolicyVersion(executor);
  if (current)
    return {
      policyId: current.policy_id,
      versionId: current.id,
      version: current.version,
      policy: await loadPolicyVersion(executor, current.id),
    };
  // Created in a transaction of its own when asked outside one, so no instance ever sees a policy without its version.
  if (!executor.isTransaction) return inTransaction(executor, (trx) => defaultPolicyVersion(trx, at, seed));
  const policyId = newId();
  const versionId = newId();
  // The seed matrix becomes the default policy on first use; of instances racing, one creates it, the others read it.
  if (
    await insertPolicyIfAbsent(executor, {
      id: policyId,
      name: DEFAULT_POLICY_NAME,
      is_default: 1,
      current_version_id: null,
      created_at: at,
    })
  ) {
    await insertPolicyVersion(executor, {
      id: versionId,
      policy_id: policyId,
      version: 1,
      body_json: JSON.stringify(seed),
      created_at: at,
      created_by: null,
    });
    await setPolicyCurrentVersion(executor, policyId, versionId);
  }
  const policy = await findDefaultPolicy(executor);
  if (!policy?.current_version_id) throw new Error('the default escalation policy could not be created');
  return currentVersionOf(executor, policy);
}

async function currentVersionOf(executor: Executor, policy: PolicyRow): Promise<PolicyVersion> {
  const versionId = policy.current_version_id!;
  const row = await findPolicyVersion(executor, versionId);
  return { policyId: policy.id, versionId, version: row?.version ?? 1, policy: await loadPolicyVersion(executor, versionId) };
}

/** The policy a case starts with: its contract's when the contract names one, the default otherwise. */
export async function policyVersionForCase(executor: Executor, policyId: string | null, at: string): Promise<PolicyVersion> {
  if (policyId) {
    const policy = await findPolicy(executor, policyId);
    if (policy?.current_version_id) return currentVersionOf(executor, policy);
  }
  return defaultPolicyVersion(executor, at);
}

async function details(executor: Executor, policy: PolicyRow): Promise<PolicyDetails> {
  const current = await currentVersionOf(executor, policy);
  return {
    id: policy.id,
    name: policy.name,
    isDefault: policy.is_default === 1,
    version: current.version,
    versionId: current.versionId,
    policy: current.policy,
    createdAt: policy.created_at,
  };
}

export async function listEscalationPolicies(context: ServiceContext): Promise<PolicyDetails[]> {
  await defaultPolicyVersion(context.storage.db, nowIso(context));
  const rows = await listPolicies(context.storage.db);
  return Promise.all(rows.map((row) => details(context.storage.db, row)));
}

export async function getEscalationPolicy(context: ServiceContext, id: string): Promise<PolicyDetails> {
  const policy = await findPolicy(context.storage.db, id);
  if (!policy) throw notFound('escalation policy', id);
  return details(context.storage.db, policy);
}

function checkPolicy(policy: EscalationPolicy): void {
  const problems = validatePolicy(policy);
  if (problems.length > 0) {
    const field = problems[0]!.startsWith('calendar') ? 'policy.calendar' : 'policy.matrix';
    throw invalid('errors.policyInvalid', field, { problems: problems.join('; ') }, { problems });
  }
}

export async function createEscalationPolicy(
  context: ServiceContext,
  actor: Actor,
  input: { name: string; policy: EscalationPolicy },
): Promise<PolicyDetails> {
  checkPolicy(input.policy);
  const at = nowIso(context);
  const policyId = newId();
  return conflictIfTaken(
    context.storage.transaction(async (trx) => {
      await insertPolicy(trx, { id: policyId, name: input.name.trim(), is_default: 0, current_version_id: null, created_at: at });
      await writeCurrentVersion(trx, policyId, 1, input.policy, actor, at);
      await recordChangeBy(trx, actor, at, 'escalation-policy.created', ['escalation-policy', policyId], { after: input });
      return details(trx, (await findPolicy(trx, policyId))!);
    }),
    () => conflict('errors.policyNameTaken', { name: input.name }, 'name'),
  );
}

/** An edit writes a new version; cases keep the version they started with until an admin re-applies. */
export async function reviseEscalationPolicy(
  context: ServiceContext,
  actor: Actor,
  id: string,
  input: { policy: EscalationPolicy },
): Promise<PolicyDetails> {
  checkPolicy(input.policy);
  const at = nowIso(context);
  // Edits take turns on the policy row, so two can no longer claim one version number; should one still, the
  // editor is told to look again rather than getting a server error.
  return conflictIfTaken(writeRevision(context, actor, id, input, at), () => conflict('errors.policyChangedMeanwhile', {}, 'policy'));
}

/**
 * First-run setup names the company's time zone; it becomes the default policy's calendar zone, which is where every
 * page, mail and report reads the company's time from. The policy usually does not exist yet and starts in the zone;
 * should it exist, the zone is a version of its own, by the new admin.
 */
export async function setDefaultPolicyTimeZone(
  trx: Executor,
  actor: Pick<Actor, 'userId' | 'clientAddress'>,
  timeZone: string,
  at: string,
): Promise<void> {
  const seed: EscalationPolicy = { ...DEFAULT_POLICY, calendar: { ...DEFAULT_POLICY.calendar, timeZone } };
  const current = await defaultPolicyVersion(trx, at, seed);
  if (current.policy.calendar.timeZone === timeZone) return;
  const policy: EscalationPolicy = { ...current.policy, calendar: { ...current.policy.calendar, timeZone } };
  checkPolicy(policy);
  const version = (await latestPolicyVersionNumber(trx, current.policyId)) + 1;
  await writeCurrentVersion(trx, current.policyId, version, policy, actor, at);
  await recordChangeBy(trx, actor, at, 'escalation-policy.revised', ['escalation-policy', current.policyId], {
    before: current.policy,
    after: policy,
  });
}

/** Stores a version of a policy and makes it the one new cases start with. */
async function writeCurrentVersion(
  trx: Executor,
  policyId: string,
  version: number,
  policy: EscalationPolicy,
  actor: Pick<Actor, 'userId'>,
  at: string,
): Promise<void> {
  const versionId = newId();
  await insertPolicyVersion(trx, {
    id: versionId,
    policy_id: policyId,
    version,
    body_json: JSON.stringify(policy),
    created_at: at,
    created_by: actor.userId,
  });
  await setPolicyCurrentVersion(trx, policyId, versionId);
}

async function writeRevision(
  context: ServiceContext,
  actor: Actor,
  id: string,
  input: { policy: EscalationPolicy },
  at: string,
): Promise<PolicyDetails> {
  return context.storage.transaction(async (trx) => {
    const policy = await findPolicyForUpdate(trx, id);
    if (!policy) throw notFound('escalation policy', id);
    const before = await currentVersionOf(trx, policy);
    await writeCurrentVersion(trx, id, (await latestPolicyVersionNumber(trx, id)) + 1, input.policy, actor, at);
    await recordChangeBy(trx, actor, at, 'escalation-policy.revised', ['escalation-policy', id], {
      before: before.policy,
      after: input.policy,
    });
    return details(trx, (await findPolicy(trx, id))!);
  });
}
