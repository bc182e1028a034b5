import { serialKey } from '../../storage/repositories/assets.js';
import {
  CONTRACT_SERVICES,
  type ContractFacts,
  type ContractService,
  type CoverageKind,
  type ProductFacts,
} from '../../domain/entitlement/entitlement.js';
import { coveredThrough, type ContractPeriod } from '../../domain/entitlement/coverage.js';
import type { Executor } from '../../storage/db.js';
import { findEntitlementFacts, type ContractRow, type EntitlementFactsRow } from '../../storage/repositories/contracts.js';

export interface ProductEntitlementFacts {
  assetId: string;
  organizationId: string;
  vendorId: string;
  projectId: string | null;
  product: ProductFacts;
  contracts: ContractFacts[];
}

/** Services are stored as JSON text; anything unknown (a hand-edited row) is dropped rather than trusted. */
export function parseServices(servicesJson: string | null): ContractService[] {
  if (!servicesJson) return [];
  const parsed: unknown = JSON.parse(servicesJson);
  if (!Array.isArray(parsed)) return [];
  return parsed.filter((service): service is ContractService => (CONTRACT_SERVICES as readonly unknown[]).includes(service));
}

/** A stored contract's period as the domain reads it: agreed start and end, and the day it stopped covering if ended early. */
export function contractPeriodOf(row: Pick<ContractRow, 'starts_at' | 'ends_at' | 'cancelled_on'>): ContractPeriod {
  return { startsAt: row.starts_at, endsAt: row.ends_at, cancelledOn: row.cancelled_on };
}

/** PostgreSQL answers `exists` with a boolean, SQLite with 0/1. */
function truthy(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 't';
}

function coverageOf(row: EntitlementFactsRow): CoverageKind {
  if (truthy(row.covered_by_serial)) return 'product';
  if (truthy(row.covered_by_project)) return 'project';
  return 'organization';
}

/** Loads the facts for several serial numbers at once, keyed by `serialKey` (absent = no such product). */
export async function loadEntitlementFacts(executor: Executor, serialNumbers: string[]): Promise<Map<string, ProductEntitlementFacts>> {
  const rows = await findEntitlementFacts(executor, serialNumbers);
  const facts = new Map<string, ProductEntitlementFacts>();
  for (const row of rows) {
    let entry = facts.get(serialKey(row.serial_number));
    if (!entry) {
      entry = {
        assetId: row.asset_id,
        organizationId: row.organization_id,
        vendorId: row.vendor_id,
        projectId: row.project_id,
        product: {
          serialNumber: row.serial_number,
          guaranteeEndsAt: row.guarantee_ends_at,
          retired: row.asset_status === 'retired',
        },
        contracts: [],
      };
      facts.set(serialKey(row.serial_number), entry);
    }
    if (row.contract_id !== null) {
      entry.contracts.push({
        id: row.contract_id,
        number: row.contract_number!,
        startsAt: row.contract_starts_at!,
        // An early end is, to the entitlement decision, the contract's end.
        endsAt: coveredThrough({
          startsAt: row.contract_starts_at!,
          endsAt: row.contract_ends_at!,
          cancelledOn: row.contract_cancelled_on,
        }),
        services: parseServices(row.contract_services_json),
        policyId: row.contract_policy_id,
        departmentId: row.contract_default_department_id,
        coverage: coverageOf(row),
      });
    }
  }
  return facts;
}

/** Contracts covering a whole organisation, as the domain sees them. */
export function wholeOrganizationContracts(rows: ContractRow[]): ContractFacts[] {
  return rows
    .filter((row) => row.covers_whole_organization === 1)
    .map((row) => ({
      id: row.id,
      number: row.number,
      startsAt: row.starts_at,
      endsAt: coveredThrough(contractPeriodOf(row)),
      services: parseServices(row.services_json),
      policyId: row.policy_id,
      departmentId: row.default_department_id,
      coverage: 'organization' as const,
    }));
}
