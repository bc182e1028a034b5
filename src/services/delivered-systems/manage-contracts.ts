import type { Actor } from '../../domain/access/permissions.js';
import {
  contractCoverage,
  mayEndContractOn,
  mayReactivateContract,
  renewalWindowEnd,
  type ContractCoverage,
} from '../../domain/entitlement/coverage.js';
import type { ContractService } from '../../domain/entitlement/entitlement.js';
import type { Executor } from '../../storage/db.js';
import { findExistingSerials, serialKey } from '../../storage/repositories/assets.js';
import {
  deleteContractCoverage,
  findContractById,
  insertContract,
  insertContractCoverage,
  listContractCoverage,
  listContracts,
  updateContract,
  type ContractCoverageRow,
  type ContractRow,
} from '../../storage/repositories/contracts.js';
import { findPolicy } from '../../storage/repositories/escalations.js';
import { toPage, type Page } from '../../storage/repositories/pagination.js';
import { findProjectsByIds } from '../../storage/repositories/projects.js';
import { recordChangeBy } from '../audit.js';
import { newId, nowIso, type ServiceContext } from '../context.js';
import { conflict, conflictIfTaken, forbidden, invalid, notFound } from '../errors.js';
import { cursorId } from '../people/manage-users.js';
import { organizationScope } from '../../domain/access/organization-scope.js';
import {
  mayChangeContract,
  mayCreateContract,
  mayEndContract,
  mayReadContract,
  type ContractRecord,
} from '../../domain/access/policies/contracts.js';
import { checkDepartmentExists } from '../departments/manage-departments.js';
import { contractPeriodOf } from './entitlement-facts.js';
import { customerTakingRecords, normalizeSerial } from './product-records.js';
import { companyToday } from './support/company-today.js';

export interface ContractInput {
  organizationId: string;
  number: string;
  startsAt: string;
  endsAt: string;
  services: ContractService[];
  projectIds?: string[] | undefined;
  assetSerials?: string[] | undefined;
  policyId?: string | null | undefined;
  /** The department that services cases under this contract. */
  defaultDepartmentId?: string | null | undefined;
  notes?: string | null | undefined;
}

export interface ContractDetails {
  contract: ContractRow;
  projectIds: string[];
  assetSerials: string[];
}

/** A contract as its readers see it: with whether it covers the company's today and ends soon. */
export interface ContractWithCoverage extends ContractDetails {
  coverage: ContractCoverage;
}

async function withCoverage(context: ServiceContext, details: ContractDetails[]): Promise<ContractWithCoverage[]> {
  const today = await companyToday(context, context.storage.db);
  return details.map((one) => ({
    ...one,
    coverage: contractCoverage(contractPeriodOf(one.contract), today),
  }));
}

function checkPeriod(startsAt: string, endsAt: string): void {
  if (endsAt < startsAt) throw invalid('errors.contractEndsBeforeStart', 'endsAt', { startsAt, endsAt });
}

/**
 * What a contract covers must belong to its organisation: a contract cannot cover another customer's products, nor
 * newly cover a closed project or a retired product (one it `alreadyCovers` stays). Answers the products' serial numbers as the products
 * spell them, however they were typed.
 */
async function checkCoverage(
  executor: Executor,
  organizationId: string,
  projectIds: string[],
  serials: string[],
  alreadyCovers: { projectIds: string[]; serials: string[] } = { projectIds: [], serials: [] },
): Promise<string[]> {
  const projects = new Map((await findProjectsByIds(executor, projectIds)).map((project) => [project.id, project]));
  for (const [index, projectId] of projectIds.entries()) {
    const project = projects.get(projectId);
    if (!project) throw invalid('errors.unknownReference', `projectIds.${index}`, { entity: 'project', id: projectId });
    if (project.organization_id !== organizationId)
      throw invalid('errors.notOfOrganization', `projectIds.${index}`, { entity: 'project', id: projectId });
    if (project.retired_at !== null && !alreadyCovers.projectIds.includes(projectId))
      throw invalid('errors.projectClosedForContract', `projectIds.${index}`, { name: project.name });
  }
  const assets = await findExistingSerials(executor, serials);
  const spelled = serials.map((serial, index) => {
    const found = assets.get(serialKey(serial));
    if (!found) throw invalid('errors.serialNotFound', `assetSerials.${index}`, { serialNumber: serial });
    if (found.organization_id !== organizationId)
      throw invalid('errors.notOfOrganization', `assetSerials.${index}`, { entity: 'product', id: serial });
    const covered = alreadyCovers.serials.some((already) => serialKey(already) === serialKey(found.serial_number));
    if (found.status === 'retired' && !covered)
      throw invalid('errors.productRetiredForContract', `assetSerials.${index}`, { serialNumber: found.serial_number });
    return found.serial_number;
  });
  return [...new Set(spelled)];
}

async function checkPolicyExists(executor: Executor, policyId: string | null | undefined): Promise<void> {
  if (policyId && !(await findPolicy(executor, policyId)))
    throw invalid('errors.unknownReference', 'policyId', { entity: 'escalation policy', id: policyId });
}

function coverageRows(contractId: string, projectIds: string[], serials: string[]) {
  return [
    ...projectIds.map((projectId) => ({ id: newId(), contract_id: contractId, project_id: projectId, serial_number: null })),
    ...serials.map((serial) => ({ id: newId(), contract_id: contractId, project_id: null, serial_number: serial })),
  ];
}

/**
 * Records a service contract: its period, the services it covers, what it covers (named projects and products, or
 * — naming neither — everything the organisation has) and the escalation policy its cases use.
 */
export async function createContract(context: ServiceContext, actor: Actor, input: ContractInput): Promise<ContractWithCoverage> {
  if (!mayCreateContract(actor, { organizationId: input.organizationId })) throw forbidden();
  const at = nowIso(context);
  const id = newId();
  const projectIds = [...new Set(input.projectIds ?? [])];
  const serials = [...new Set((input.assetSerials ?? []).map(normalizeSerial))];
  checkPeriod(input.startsAt, input.endsAt);
  const created = await conflictIfTaken(
    context.storage.transaction(async (trx) => {
      await customerTakingRecords(trx, input.organizationId, 'organizationId');
      await checkPolicyExists(trx, input.policyId);
      await checkDepartmentExists(trx, input.defaultDepartmentId, 'defaultDepartmentId');
      const covered = await checkCoverage(trx, input.organizationId, projectIds, serials);
      await insertContract(trx, {
        id,
        organization_id: input.organizationId,
        number: input.number.trim(),
        starts_at: input.startsAt,
        ends_at: input.endsAt,
        services_json: JSON.stringify([...new Set(input.services)]),
        covers_whole_organization: projectIds.length === 0 && serials.length === 0 ? 1 : 0,
        policy_id: input.policyId ?? null,
        default_department_id: input.defaultDepartmentId ?? null,
        notes: input.notes ?? null,
        created_at: at,
        updated_at: at,
      });
      await insertContractCoverage(trx, coverageRows(id, projectIds, covered));
      const details = await contractDetails(trx, (await findContractById(trx, id))!);
      await recordChangeBy(trx, actor, at, 'contract.created', ['contract', id], { after: details });
      return details;
    }),
    () => conflict('errors.contractNumberTaken', { number: input.number.trim() }, 'number'),
  );
  return (await withCoverage(context, [created]))[0]!;
}

/** Changes a contract. Cases keep the entitlement decided when they were opened until staff re-evaluate them. */
export async function changeContract(
  context: ServiceContext,
  actor: Actor,
  id: string,
  changes: Partial<Omit<ContractInput, 'organizationId'>>,
): Promise<ContractWithCoverage> {
  const at = nowIso(context);
  const changed = await conflictIfTaken(
    context.storage.transaction(async (trx) => {
      const before = await loadContractToChange(trx, actor, id);
      const beforeDetails = await contractDetails(trx, before);
      // A cancelled contract's period is what was agreed; it changes again only once the contract is reactivated.
      if (before.cancelled_on && (changes.startsAt !== undefined || changes.endsAt !== undefined))
        throw conflict('errors.contractCancelled', { number: before.number }, changes.endsAt !== undefined ? 'endsAt' : 'startsAt');
      checkPeriod(changes.startsAt ?? before.starts_at, changes.endsAt ?? before.ends_at);
      await checkPolicyExists(trx, changes.policyId);
      await checkDepartmentExists(trx, changes.defaultDepartmentId, 'defaultDepartmentId');
      const coverageChanged = changes.projectIds !== undefined || changes.assetSerials !== undefined;
      const projectIds = [...new Set(changes.projectIds ?? beforeDetails.projectIds)];
      const serials = [...new Set((changes.assetSerials ?? beforeDetails.assetSerials).map(normalizeSerial))];
      if (coverageChanged) {
        const covered = await checkCoverage(trx, before.organization_id, projectIds, serials, {
          projectIds: beforeDetails.projectIds,
          serials: beforeDetails.assetSerials,
        });
        await deleteContractCoverage(trx, id);
        await insertContractCoverage(trx, coverageRows(id, projectIds, covered));
      }
      await updateContract(trx, id, {
        ...(changes.number !== undefined ? { number: changes.number.trim() } : {}),
        ...(changes.startsAt !== undefined ? { starts_at: changes.startsAt } : {}),
        ...(changes.endsAt !== undefined ? { ends_at: changes.endsAt } : {}),
        ...(changes.services !== undefined ? { services_json: JSON.stringify([...new Set(changes.services)]) } : {}),
        ...(changes.policyId !== undefined ? { policy_id: changes.policyId } : {}),
        ...(changes.defaultDepartmentId !== undefined ? { default_department_id: changes.defaultDepartmentId } : {}),
        ...(changes.notes !== undefined ? { notes: changes.notes } : {}),
        ...(coverageChanged ? { covers_whole_organization: projectIds.length === 0 && serials.length === 0 ? 1 : 0 } : {}),
        updated_at: at,
      });
      const after = await contractDetails(trx, (await findContractById(trx, id))!);
      await recordChangeBy(trx, actor, at, 'contract.updated', ['contract', id], { before: beforeDetails, after });
      return after;
    }),
    () => conflict('errors.contractNumberTaken', { number: changes.number?.trim() ?? '' }, 'number'),
  );
  return (await withCoverage(context, [changed]))[0]!;
}

/** Loads a contract the actor may change, for the change: another customer's does not exist, a readable one is 403. */
async function loadContractToChange(
  executor: Executor,
  actor: Actor,
  id: string,
  may: (actor: Actor, record: ContractRecord) => boolean = mayChangeContract,
): Promise<ContractRow> {
  const contract = await findContractById(executor, id);
  if (!contract || !mayReadContract(actor, { organizationId: contract.organization_id })) throw notFound('contract', id);
  if (!may(actor, { organizationId: contract.organization_id })) throw forbidden();
  return contract;
}

/**
 * Changes whether a contract is cancelled: `decide` checks the contract as it stands (and the company's today) and
 * answers the columns to write; the change is audited under `action`.
 */
async function changeContractStanding(
  context: ServiceContext,
  actor: Actor,
  id: string,
  action: 'contract.cancelled' | 'contract.reactivated',
  decide: (before: ContractRow, today: string) => { cancelled_on: string | null; cancellation_reason: string | null },
): Promise<ContractWithCoverage> {
  const at = nowIso(context);
  const today = await companyToday(context, context.storage.db);
  const changed = await context.storage.transaction(async (trx) => {
    const before = await loadContractToChange(trx, actor, id, mayEndContract);
    await updateContract(trx, id, { ...decide(before, today), updated_at: at });
    const after = await contractDetails(trx, (await findContractById(trx, id))!);
    await recordChangeBy(trx, actor, at, action, ['contract', id], { before, after: after.contract });
    return after;
  });
  return (await withCoverage(context, [changed]))[0]!;
}

/**
 * Ends a contract early or cancels it: from `endsOn` (a calendar day, today if not named) it no longer covers, so
 * new cases are decided without it and it leaves the list of contracts to renew. Its agreed period is kept, so a
 * cancellation by mistake can be undone. Cases already opened keep their entitlement until re-evaluated.
 */
export async function cancelContract(
  context: ServiceContext,
  actor: Actor,
  id: string,
  input: { endsOn?: string | undefined; reason: string },
): Promise<ContractWithCoverage> {
  return changeContractStanding(context, actor, id, 'contract.cancelled', (before, today) => {
    if (before.cancelled_on) throw conflict('errors.contractCancelled', { number: before.number }, 'endsOn');
    const endsOn = input.endsOn ?? today;
    if (!mayEndContractOn(contractPeriodOf(before), endsOn))
      throw invalid('errors.contractEndsOnAfterEnd', 'endsOn', { endsOn, endsAt: before.ends_at });
    return { cancelled_on: endsOn, cancellation_reason: input.reason.trim() };
  });
}

/** Undoes a cancellation made by mistake, while the contract's agreed period still runs. */
export async function reactivateContract(context: ServiceContext, actor: Actor, id: string): Promise<ContractWithCoverage> {
  return changeContractStanding(context, actor, id, 'contract.reactivated', (before, today) => {
    if (!before.cancelled_on) throw conflict('errors.contractNotCancelled', { number: before.number }, 'status');
    if (!mayReactivateContract(contractPeriodOf(before), today))
      throw conflict('errors.contractPeriodOver', { number: before.number, endsAt: before.ends_at }, 'status');
    return { cancelled_on: null, cancellation_reason: null };
  });
}

export async function contractDetails(executor: Executor, contract: ContractRow): Promise<ContractDetails> {
  return coverageOf(contract, await listContractCoverage(executor, [contract.id]));
}

function coverageOf(contract: ContractRow, coverage: ContractCoverageRow[]): ContractDetails {
  const mine = coverage.filter((row) => row.contract_id === contract.id);
  return {
    contract,
    projectIds: mine.flatMap((row) => (row.project_id ? [row.project_id] : [])),
    assetSerials: mine.flatMap((row) => (row.serial_number ? [row.serial_number] : [])),
  };
}

export async function getContract(context: ServiceContext, actor: Actor, id: string): Promise<ContractWithCoverage> {
  const contract = await findContractById(context.storage.db, id);
  if (!contract || !mayReadContract(actor, { organizationId: contract.organization_id })) throw notFound('contract', id);
  return (await withCoverage(context, [await contractDetails(context.storage.db, contract)]))[0]!;
}

export async function listContractsPage(
  context: ServiceContext,
  actor: Actor,
  query: {
    organizationId?: string | undefined;
    activeOn?: string | undefined;
    endsFrom?: string | undefined;
    endsBy?: string | undefined;
    /** Only those ending today or within the renewal window, today being the company's. */
    endingSoon?: boolean | undefined;
    /** Ended early and cancelled contracts too (never among those ending soon: they are not renewed). */
    includeRetired?: boolean | undefined;
    cursor?: string | undefined;
    limit: number;
  },
): Promise<Page<ContractWithCoverage>> {
  const scope = organizationScope(actor, query.organizationId);
  if (!scope) return { items: [], nextCursor: null };
  const afterId = cursorId(query.cursor);
  const today = await companyToday(context, context.storage.db);
  // "Ending soon" narrows whatever period was asked for as well.
  const endsFrom = query.endingSoon && !(query.endsFrom && query.endsFrom > today) ? today : query.endsFrom;
  const windowEnd = renewalWindowEnd(today);
  const endsBy = query.endingSoon && !(query.endsBy && query.endsBy < windowEnd) ? windowEnd : query.endsBy;
  const rows = await listContracts(context.storage.db, {
    ...scope,
    ...(query.activeOn ? { activeOn: query.activeOn } : {}),
    ...(endsFrom ? { endsFrom } : {}),
    ...(endsBy ? { endsBy } : {}),
    ...(query.includeRetired && !query.endingSoon ? { includeCancelled: true } : {}),
    ...(afterId ? { afterId } : {}),
    limit: query.limit,
  });
  const coverage = await listContractCoverage(
    context.storage.db,
    rows.map((row) => row.id),
  );
  return toPage(
    rows,
    query.limit,
    (row) => ({
      ...coverageOf(row, coverage),
      coverage: contractCoverage(contractPeriodOf(row), today),
    }),
    (row) => [row.id],
  );
}
