import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor } from '../db.js';
import { preparedQuery } from '../prepared-query.js';
import { batchedLookup, isOneOf, listParameter, type ListParameter } from '../read-batches.js';
import type { ContractCoverageTable, ContractsTable } from '../schema.js';
import { serialAmong } from './assets.js';

export type ContractRow = Selectable<ContractsTable>;
export type ContractCoverageRow = Selectable<ContractCoverageTable>;
export type NewContract = Insertable<ContractsTable>;
export type NewContractCoverage = Insertable<ContractCoverageTable>;

export async function insertContract(executor: Executor, row: Insertable<ContractsTable>): Promise<void> {
  await executor.insertInto('contracts').values(row).execute();
}

export async function updateContract(executor: Executor, id: string, changes: Updateable<ContractsTable>): Promise<void> {
  await executor.updateTable('contracts').set(changes).where('id', '=', id).execute();
}

export async function insertContractCoverage(executor: Executor, rows: Insertable<ContractCoverageTable>[]): Promise<void> {
  if (rows.length > 0) await executor.insertInto('contract_coverage').values(rows).execute();
}

export async function deleteContractCoverage(executor: Executor, contractId: string): Promise<void> {
  await executor.deleteFrom('contract_coverage').where('contract_id', '=', contractId).execute();
}

export async function findContractById(executor: Executor, id: string): Promise<ContractRow | undefined> {
  return executor.selectFrom('contracts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findContractByNumber(executor: Executor, number: string): Promise<ContractRow | undefined> {
  return executor.selectFrom('contracts').selectAll().where('number', '=', number).executeTakeFirst();
}

export async function listContractCoverage(executor: Executor, contractIds: string[]): Promise<ContractCoverageRow[]> {
  if (contractIds.length === 0) return [];
  return executor.selectFrom('contract_coverage').selectAll().where('contract_id', 'in', contractIds).orderBy('id').execute();
}

export async function listContracts(
  executor: Executor,
  filter: {
    organizationId?: string;
    activeOn?: string;
    endsFrom?: string;
    endsBy?: string;
    /** Ended early or cancelled contracts are left out unless asked for. */
    includeCancelled?: boolean;
    afterId?: string;
    limit: number;
  },
): Promise<ContractRow[]> {
  let query = executor
    .selectFrom('contracts')
    .selectAll()
    .orderBy('id')
    .limit(filter.limit + 1);
  if (filter.organizationId) query = query.where('organization_id', '=', filter.organizationId);
  if (!filter.includeCancelled) query = query.where('cancelled_on', 'is', null);
  if (filter.activeOn)
    query = query
      .where('starts_at', '<=', filter.activeOn)
      .where('ends_at', '>=', filter.activeOn)
      .where((eb) => eb.or([eb('cancelled_on', 'is', null), eb('cancelled_on', '>', filter.activeOn!)]));
  if (filter.endsFrom) query = query.where('ends_at', '>=', filter.endsFrom);
  if (filter.endsBy) query = query.where('ends_at', '<=', filter.endsBy);
  if (filter.afterId) query = query.where('id', '>', filter.afterId);
  return query.execute();
}

const contractsOfOrganizationQuery = preparedQuery<{ organizationId: string }, ContractRow>((executor, param) =>
  executor.selectFrom('contracts').selectAll().where('organization_id', '=', param('organizationId')).orderBy('id'),
);

const contractsOfOrganizationsQuery = preparedQuery<{ organizationIds: ListParameter }, ContractRow>((executor, param) =>
  executor
    .selectFrom('contracts')
    .selectAll()
    .where(isOneOf(executor, 'organization_id', param('organizationIds')))
    .orderBy('id'),
);

/** Every intake asks it for the caller's organisation, so concurrent intakes ask together. */
export const listContractsOfOrganization = batchedLookup<string, ContractRow[]>({
  one: (executor, organizationId) => contractsOfOrganizationQuery(executor, { organizationId }),
  many: async (db, organizationIds) => {
    const byOrganization = new Map<string, ContractRow[]>();
    for (const contract of await contractsOfOrganizationsQuery(db, { organizationIds: listParameter(db, [...new Set(organizationIds)]) })) {
      const contracts = byOrganization.get(contract.organization_id);
      if (contracts) contracts.push(contract);
      else byOrganization.set(contract.organization_id, [contract]);
    }
    // Each caller gets a list of its own.
    return organizationIds.map((organizationId) => [...(byOrganization.get(organizationId) ?? [])]);
  },
});

/** One row per (product, contract that covers it); contract columns are null when no contract covers the product. */
export interface EntitlementFactsRow {
  asset_id: string;
  serial_number: string;
  organization_id: string;
  vendor_id: string;
  project_id: string | null;
  asset_status: string;
  guarantee_ends_at: string | null;
  contract_id: string | null;
  contract_number: string | null;
  contract_starts_at: string | null;
  contract_ends_at: string | null;
  contract_cancelled_on: string | null;
  contract_services_json: string | null;
  contract_policy_id: string | null;
  contract_default_department_id: string | null;
  covers_whole_organization: number | null;
  covered_by_serial: unknown;
  covered_by_project: unknown;
}

/**
 * Everything the entitlement of the given products depends on, in one indexed query: the product by its unique
 * serial, its project's guarantee end, and every contract of its organisation that names it, its project or the
 * whole organisation (any period; the domain picks the one in force).
 */
export async function findEntitlementFacts(executor: Executor, serialNumbers: string[]): Promise<EntitlementFactsRow[]> {
  if (serialNumbers.length === 0) return [];
  return executor
    .selectFrom('assets as a')
    .leftJoin('projects as p', 'p.id', 'a.project_id')
    .leftJoin('contracts as c', (join) =>
      join.onRef('c.organization_id', '=', 'a.organization_id').on((eb) =>
        eb.or([
          eb('c.covers_whole_organization', '=', 1),
          eb.exists(
            eb
              .selectFrom('contract_coverage as cc')
              .select('cc.id')
              .whereRef('cc.contract_id', '=', 'c.id')
              .where((inner) =>
                inner.or([
                  inner('cc.serial_number', '=', inner.ref('a.serial_number')),
                  inner('cc.project_id', '=', inner.ref('a.project_id')),
                ]),
              ),
          ),
        ]),
      ),
    )
    .select((eb) => [
      'a.id as asset_id',
      'a.serial_number',
      'a.organization_id',
      'a.vendor_id',
      'a.project_id',
      'a.status as asset_status',
      'p.guarantee_ends_at',
      'c.id as contract_id',
      'c.number as contract_number',
      'c.starts_at as contract_starts_at',
      'c.ends_at as contract_ends_at',
      'c.cancelled_on as contract_cancelled_on',
      'c.services_json as contract_services_json',
      'c.policy_id as contract_policy_id',
      'c.default_department_id as contract_default_department_id',
      'c.covers_whole_organization',
      eb
        .exists(
          eb
            .selectFrom('contract_coverage as s')
            .select('s.id')
            .whereRef('s.contract_id', '=', 'c.id')
            .whereRef('s.serial_number', '=', 'a.serial_number'),
        )
        .as('covered_by_serial'),
      eb
        .exists(
          eb
            .selectFrom('contract_coverage as q')
            .select('q.id')
            .whereRef('q.contract_id', '=', 'c.id')
            .whereRef('q.project_id', '=', 'a.project_id'),
        )
        .as('covered_by_project'),
    ])
    .where(serialAmong('a.serial_number', serialNumbers))
    .execute();
}

/** Contracts that name a product by its serial number (an exchange carries them over to the replacement). */
export async function listCoverageOfSerial(executor: Executor, serialNumber: string): Promise<ContractCoverageRow[]> {
  return executor.selectFrom('contract_coverage').selectAll().where('serial_number', '=', serialNumber).orderBy('id').execute();
}
