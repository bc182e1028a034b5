import { displayPhoneNumber } from '../../domain/contacts/phone-numbers.js';
import { z } from 'zod';
import { CASE_STATUSES } from '../../domain/cases/case-lifecycle.js';
import { BILLING_CLASSES, CONTRACT_SERVICES, type ContractService } from '../../domain/entitlement/entitlement.js';
import { ASSET_STATUSES, assetStatusOf } from '../../domain/entitlement/product-status.js';
import type { AssetRow, CaseCompensationRow, CaseExchangeRow, ProductCaseRow } from '../../storage/repositories/assets.js';
import type { ProjectAttachmentRow, ProjectRow } from '../../storage/repositories/projects.js';
import type { VendorRow } from '../../storage/repositories/vendors.js';
import type { CaseEntitlementView } from '../../services/delivered-systems/case-entitlement.js';
import type { ContractWithCoverage } from '../../services/delivered-systems/manage-contracts.js';
import type { GuaranteeFact, ProjectDetails } from '../../services/delivered-systems/manage-projects.js';
import type { ProductHistory } from '../../services/delivered-systems/manage-assets.js';
import type {
  OrganizationEntitlement,
  ProductEntitlement,
  ProductOfOrganization,
} from '../../services/delivered-systems/look-up-entitlement.js';
import type { ImportProblem, ImportReport } from '../../services/delivered-systems/import-csv.js';
import type { MonthCheck } from '../../services/delivered-systems/list-yearly-checks.js';
import type { Language } from '../../domain/access/roles.js';
import { translate } from '../../i18n/translate.js';
import type { Actor } from '../../domain/access/permissions.js';
import { assetRights, visibleAssetFields } from '../../domain/access/policies/assets.js';
import { contractRights, visibleContractFields } from '../../domain/access/policies/contracts.js';
import { projectRights, visibleProjectFields } from '../../domain/access/policies/projects.js';
import { vendorRights } from '../../domain/access/policies/vendors.js';
import { yearlyCheckRights } from '../../domain/access/policies/yearly-checks.js';

/** The integrator's internal notes: shown to staff, `null` for a customer's user (the record's policy decides). */
const internalNotes = z.string().nullable().describe('The company’s internal notes: staff only, null for a customer user');

/** Responses of the delivered-systems API: vendors, configuration records, products, contracts, entitlement. */

export const supportCenterView = z.object({
  name: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  url: z.string().nullable(),
  /** The company's support contract number with the vendor. */
  contractNumber: z.string().nullable(),
});

export const vendorView = z.object({
  id: z.string(),
  name: z.string(),
  supportCenter: supportCenterView,
  status: z.enum(['active', 'retired']).describe('A retired vendor is not offered for new products or vendor escalations'),
  retiredAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  can: z
    .object({ edit: z.boolean(), retire: z.boolean(), reactivate: z.boolean() })
    .describe('What the calling user may do with this vendor'),
});

export function presentVendor(actor: Actor, row: VendorRow): z.infer<typeof vendorView> {
  return {
    id: row.id,
    name: row.name,
    supportCenter: {
      name: row.support_center_name,
      phone: row.support_center_phone === null ? null : displayPhoneNumber(row.support_center_phone),
      email: row.support_center_email,
      url: row.support_center_url,
      contractNumber: row.support_contract_number,
    },
    status: row.retired_at === null ? 'active' : 'retired',
    retiredAt: row.retired_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    can: vendorRights(actor, { retired: row.retired_at !== null }),
  };
}

export const assetView = z.object({
  id: z.string(),
  organizationId: z.string(),
  projectId: z.string().nullable(),
  vendorId: z.string(),
  model: z.string(),
  serialNumber: z.string(),
  softwareVersion: z.string().nullable(),
  site: z.string().nullable(),
  notes: internalNotes,
  status: z.enum(ASSET_STATUSES),
  replacesAssetId: z.string().nullable(),
  replacedByAssetId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  can: z
    .object({
      edit: z.boolean(),
      move: z.boolean(),
      retire: z.boolean(),
      reactivate: z.boolean(),
      recordExchange: z.boolean(),
      recordCompensation: z.boolean(),
    })
    .describe('What the calling user may do with this product'),
});

export function presentAsset(actor: Actor, row: AssetRow): z.infer<typeof assetView> {
  const record = { organizationId: row.organization_id, status: assetStatusOf(row.status) };
  return {
    id: row.id,
    organizationId: row.organization_id,
    projectId: row.project_id,
    vendorId: row.vendor_id,
    model: row.model,
    serialNumber: row.serial_number,
    softwareVersion: row.software_version,
    site: row.site,
    notes: visibleAssetFields(actor, record).notes ? row.notes : null,
    status: record.status,
    replacesAssetId: row.replaces_asset_id,
    replacedByAssetId: row.replaced_by_asset_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    can: assetRights(actor, record),
  };
}

export const attachmentView = z.object({
  id: z.string(),
  projectId: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  uploadedBy: z.string().nullable(),
  createdAt: z.string(),
  downloadUrl: z.string(),
});

export function presentAttachment(row: ProjectAttachmentRow): z.infer<typeof attachmentView> {
  return {
    id: row.id,
    projectId: row.project_id,
    fileName: row.file_name,
    contentType: row.content_type,
    sizeBytes: Number(row.size_bytes),
    sha256: row.sha256,
    uploadedBy: row.uploaded_by,
    createdAt: row.created_at,
    downloadUrl: `/api/v1/projects/${row.project_id}/attachments/${row.id}`,
  };
}

export const projectView = z.object({
  id: z.string(),
  organizationId: z.string(),
  name: z.string(),
  deliveredAt: z.string(),
  guaranteeEndsAt: z.string(),
  guaranteeActive: z.boolean().describe('The guarantee still holds on the company’s today (decided by the server, not the browser)'),
  implementingDepartmentId: z.string().nullable(),
  sites: z.array(z.string()),
  notes: internalNotes,
  nextCheckOn: z.string().nullable(),
  status: z.enum(['active', 'retired']).describe('A retired (closed) project keeps its products; none are added to it'),
  retiredAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  can: z
    .object({
      edit: z.boolean(),
      retire: z.boolean().describe('Close it, or reopen it when closed'),
      addAttachment: z.boolean(),
      removeAttachment: z.boolean(),
    })
    .describe('What the calling user may do with this project'),
});

export function presentProject(
  actor: Actor,
  { project: row, guaranteeActive }: { project: ProjectRow } & GuaranteeFact,
): z.infer<typeof projectView> {
  const record = { organizationId: row.organization_id };
  return {
    id: row.id,
    organizationId: row.organization_id,
    name: row.name,
    deliveredAt: row.delivered_at,
    guaranteeEndsAt: row.guarantee_ends_at,
    guaranteeActive,
    implementingDepartmentId: row.implementing_department_id,
    sites: JSON.parse(row.sites_json) as string[],
    notes: visibleProjectFields(actor, record).notes ? row.notes : null,
    nextCheckOn: row.next_check_on,
    status: row.retired_at === null ? 'active' : 'retired',
    retiredAt: row.retired_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    can: projectRights(actor, record),
  };
}

export const projectDetailsView = projectView.extend({ items: z.array(assetView), attachments: z.array(attachmentView) });

export function presentProjectDetails(actor: Actor, details: ProjectDetails & GuaranteeFact): z.infer<typeof projectDetailsView> {
  return {
    ...presentProject(actor, details),
    items: details.items.map((item) => presentAsset(actor, item)),
    attachments: details.attachments.map(presentAttachment),
  };
}

export const contractView = z.object({
  id: z.string(),
  organizationId: z.string(),
  number: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  services: z.array(z.enum(CONTRACT_SERVICES)),
  coversWholeOrganization: z.boolean(),
  projectIds: z.array(z.string()),
  assetSerials: z.array(z.string()),
  policyId: z.string().nullable(),
  defaultDepartmentId: z.string().nullable(),
  notes: internalNotes,
  cancelledOn: z.string().nullable().describe('Ended early or cancelled: the first day it no longer covers'),
  cancellationReason: z.string().nullable(),
  coverage: z
    .object({
      inForce: z.boolean().describe('It has started and not yet ended, on the company’s today'),
      endsSoon: z.boolean().describe('It ends today or within the renewal window (60 days)'),
    })
    .describe('Decided by the server on the company’s calendar day, so no browser recomputes it with its own date'),
  createdAt: z.string(),
  updatedAt: z.string(),
  can: z
    .object({
      edit: z.boolean().describe('Change it, including its default servicing department'),
      renew: z.boolean().describe('Enter its follow-on contract (a retired customer takes none until reactivated)'),
      end: z.boolean().describe('End it early or cancel it'),
      reactivate: z.boolean().describe('Undo an ending or cancellation'),
    })
    .describe('What the calling user may do with this contract'),
});

export function presentContract(actor: Actor, details: ContractWithCoverage): z.infer<typeof contractView> {
  const row = details.contract;
  const record = { organizationId: row.organization_id };
  return {
    id: row.id,
    organizationId: row.organization_id,
    number: row.number,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    services: (JSON.parse(row.services_json) as ContractService[]).filter((service) =>
      (CONTRACT_SERVICES as readonly string[]).includes(service),
    ),
    coversWholeOrganization: row.covers_whole_organization === 1,
    projectIds: details.projectIds,
    assetSerials: details.assetSerials,
    policyId: row.policy_id,
    defaultDepartmentId: row.default_department_id,
    notes: visibleContractFields(actor, record).notes ? row.notes : null,
    cancelledOn: row.cancelled_on,
    cancellationReason: row.cancellation_reason,
    coverage: details.coverage,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    can: contractRights(actor, { ...record, cancelled: row.cancelled_on !== null }),
  };
}

const reasonCodes = z.enum([
  'in-guarantee',
  'under-contract',
  'guarantee-ended',
  'contract-not-started',
  'contract-ended',
  'no-contract',
  'unknown-product',
  'product-retired',
  'no-product-named',
]);

export const entitlementContractView = z.object({
  id: z.string(),
  number: z.string(),
  services: z.array(z.enum(CONTRACT_SERVICES)),
  startsAt: z.string(),
  endsAt: z.string(),
  policyId: z.string().nullable(),
  /** The contract's default servicing department (absent on decisions stored before contracts named one). */
  departmentId: z.string().nullable().optional(),
});

export const entitlementView = z.object({
  billing: z.enum(BILLING_CLASSES),
  serialNumber: z.string().nullable(),
  guaranteeEndsAt: z.string().nullable(),
  contract: entitlementContractView.nullable(),
  reason: z.string(),
  reasonCode: reasonCodes,
  decidedOn: z.string(),
});

export const productEntitlementView = entitlementView.extend({
  assetId: z.string(),
  organizationId: z.string(),
  vendorId: z.string(),
  projectId: z.string().nullable(),
});

export function presentProductEntitlement(entitlement: ProductEntitlement): z.infer<typeof productEntitlementView> {
  return {
    billing: entitlement.billing,
    serialNumber: entitlement.serialNumber,
    guaranteeEndsAt: entitlement.guaranteeEndsAt,
    contract: entitlement.contract,
    reason: entitlement.reason,
    reasonCode: entitlement.reasonCode,
    decidedOn: entitlement.decidedOn,
    assetId: entitlement.assetId,
    organizationId: entitlement.organizationId,
    vendorId: entitlement.vendorId,
    projectId: entitlement.projectId,
  };
}

/** A product of an organisation with its entitlement: the hotline's product list. */
export const organizationProductView = productEntitlementView.extend({
  serialNumber: z.string(),
  model: z.string(),
  site: z.string().nullable(),
  status: z.enum(ASSET_STATUSES),
});

export const organizationProductsView = z.object({
  items: z.array(organizationProductView),
  /** The organisation has more products than listed. */
  truncated: z.boolean(),
});

export function presentOrganizationProduct(product: ProductOfOrganization): z.infer<typeof organizationProductView> {
  return {
    ...presentProductEntitlement(product),
    serialNumber: product.serialNumber,
    model: product.model,
    site: product.site,
    status: product.status,
  };
}

export const organizationEntitlementView = z.object({
  organizationId: z.string(),
  decidedOn: z.string(),
  /** null: no contract covers the whole organisation, so the billing depends on the product. */
  billing: z.enum(BILLING_CLASSES).nullable(),
  contract: entitlementContractView.nullable(),
  reason: z.string(),
  contractsInForce: z.array(
    z.object({
      id: z.string(),
      number: z.string(),
      startsAt: z.string(),
      endsAt: z.string(),
      services: z.array(z.string()),
      coversWholeOrganization: z.boolean(),
    }),
  ),
  projectsInGuarantee: z.array(z.object({ id: z.string(), name: z.string(), guaranteeEndsAt: z.string() })),
});

export function presentOrganizationEntitlement(entitlement: OrganizationEntitlement): z.infer<typeof organizationEntitlementView> {
  return {
    organizationId: entitlement.organizationId,
    decidedOn: entitlement.decidedOn,
    billing: entitlement.decision?.billing ?? null,
    contract: entitlement.decision?.contract ?? null,
    reason:
      entitlement.decision?.reason ??
      'No contract covers the whole organisation: the billing depends on the product (enter its serial number).',
    contractsInForce: entitlement.contractsInForce,
    projectsInGuarantee: entitlement.projectsInGuarantee,
  };
}

export const caseEntitlementView = z.object({
  caseId: z.string(),
  billing: z.enum(BILLING_CLASSES).nullable(),
  entitlement: entitlementView
    .extend({
      policyId: z.string().nullable(),
      vendorId: z.string().nullable(),
      products: z.array(z.object({ serialNumber: z.string(), billing: z.enum(BILLING_CLASSES), reasonCode: reasonCodes })),
    })
    .nullable(),
});

export function presentCaseEntitlement(view: CaseEntitlementView): z.infer<typeof caseEntitlementView> {
  return view;
}

export const productCaseView = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  level: z.number().int(),
  kind: z.string(),
  status: z.enum(CASE_STATUSES),
  billing: z.string().nullable(),
  receivedAt: z.string(),
  resolvedAt: z.string().nullable(),
});

export const exchangeView = z.object({
  id: z.string(),
  caseId: z.string(),
  oldAssetId: z.string(),
  newAssetId: z.string(),
  oldSerialNumber: z.string(),
  newSerialNumber: z.string(),
  reason: z.string(),
  approvedByUserId: z.string(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});

export function presentExchange(row: CaseExchangeRow): z.infer<typeof exchangeView> {
  return {
    id: row.id,
    caseId: row.case_id,
    oldAssetId: row.old_asset_id,
    newAssetId: row.new_asset_id,
    oldSerialNumber: row.old_serial_number,
    newSerialNumber: row.new_serial_number,
    reason: row.reason,
    approvedByUserId: row.approved_by_user_id,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at,
  };
}

export const productChangeView = z.object({
  at: z.string(),
  actorUserId: z.string().nullable(),
  kind: z.enum(['created', 'updated', 'moved', 'retired', 'reactivated']),
  fromSite: z.string().nullable(),
  toSite: z.string().nullable(),
});

export const productHistoryView = z.object({
  asset: assetView,
  changes: z.array(productChangeView),
  cases: z.array(productCaseView),
  exchanges: z.array(exchangeView),
});

function presentProductCase(row: ProductCaseRow): z.infer<typeof productCaseView> {
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    level: Number(row.level),
    kind: row.kind,
    status: row.status,
    billing: row.billing,
    receivedAt: row.received_at,
    resolvedAt: row.resolved_at,
  };
}

export function presentProductHistory(actor: Actor, history: ProductHistory): z.infer<typeof productHistoryView> {
  return {
    asset: presentAsset(actor, history.asset),
    changes: history.changes,
    cases: history.cases.map(presentProductCase),
    exchanges: history.exchanges.map(presentExchange),
  };
}

/** Someone who may be named as the approver of an exchange or a compensation. */
export const approverView = z.object({ id: z.string(), name: z.string(), role: z.string() });

export const compensationView = z.object({
  id: z.string(),
  caseId: z.string(),
  contractId: z.string().nullable(),
  description: z.string(),
  amountMinor: z.number().int().nullable(),
  currency: z.string().nullable(),
  approvedByUserId: z.string(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});

export function presentCompensation(row: CaseCompensationRow): z.infer<typeof compensationView> {
  return {
    id: row.id,
    caseId: row.case_id,
    contractId: row.contract_id,
    description: row.description,
    amountMinor: row.amount_minor === null ? null : Number(row.amount_minor),
    currency: row.currency,
    approvedByUserId: row.approved_by_user_id,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at,
  };
}

export const yearlyCheckView = z.object({
  projectId: z.string(),
  projectName: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  implementingDepartmentId: z.string().nullable(),
  dueOn: z.string(),
  year: z.number().int(),
  inGuarantee: z.boolean(),
  status: z.enum(['scheduled', 'opened']),
  case: z.object({ id: z.string(), number: z.string(), status: z.string() }).nullable(),
  can: z
    .object({ openCase: z.boolean(), openOrganization: z.boolean() })
    .describe('Which of the check’s links lead somewhere for the calling user; the check’s case is opened by the scheduler'),
});

export function presentYearlyCheck(actor: Actor, check: MonthCheck): z.infer<typeof yearlyCheckView> {
  return { ...check, can: yearlyCheckRights(actor, { organizationId: check.organizationId, opened: check.case !== null }) };
}

export const importProblemView = z.object({ line: z.number().int(), column: z.string().nullable(), reason: z.string() });

export const importReportView = z.object({
  kind: z.string(),
  dryRun: z.boolean(),
  rows: z.number().int(),
  created: z.number().int(),
  vendorsCreated: z.number().int(),
  importErrors: z.array(importProblemView),
});

export function presentImportProblem(problem: ImportProblem, language: Language): z.infer<typeof importProblemView> {
  return { line: problem.line, column: problem.column, reason: translate(language, problem.messageKey, problem.params) };
}

export function presentImportReport(report: ImportReport, language: Language): z.infer<typeof importReportView> {
  return {
    kind: report.kind,
    dryRun: report.dryRun,
    rows: report.rows,
    created: report.created,
    vendorsCreated: report.vendorsCreated,
    importErrors: report.problems.map((problem) => presentImportProblem(problem, language)),
  };
}
