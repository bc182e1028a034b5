import { z } from 'zod';
import { caseProblemView, presentCaseProblem } from './problems.js';
import { CASE_STATUSES } from '../../domain/cases/case-lifecycle.js';
import { ESCALATION_POSITIONS } from '../../domain/escalation/positions.js';
import type { CaseDetails, TimelineEntry } from '../../services/cases/view-cases.js';
import type { LadderStepView } from '../../services/escalations/view-escalation-ladder.js';
import type { CaseActionRow, CaseListRow, CaseRow } from '../../storage/repositories/cases.js';
import type { VendorEscalationRow } from '../../storage/repositories/escalations.js';
import type { VendorReport } from '../../services/escalations/send-vendor-report.js';
import { BILLING_CLASSES, CONTRACT_SERVICES } from '../../domain/entitlement/entitlement.js';
import { isOutsideContract, type ServiceItemBilling } from '../../domain/entitlement/service-billing.js';
import { storedServiceItemBilling } from '../../services/delivered-systems/service-item-billing.js';
import { isInlineImage } from '../../services/attachments/file-kinds.js';
import type { CaseAttachmentRow } from '../../storage/repositories/case-attachments.js';

export const caseSummaryView = z.object({
  id: z.string(),
  number: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  contactId: z.string().nullable(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  channel: z.string(),
  level: z.number().int(),
  kind: z.enum(['fault', 'request']),
  title: z.string(),
  status: z.enum(CASE_STATUSES),
  receivedAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  nextEscalationDueAt: z.string().nullable(),
  escalatedAt: z.string().nullable(),
  firstResponseDueAt: z.string().nullable(),
  firstRespondedAt: z.string().nullable(),
  billing: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  serialNumbers: z.array(z.string()),
});
export type CaseSummaryView = z.infer<typeof caseSummaryView>;

const planStep = z.object({ action: z.enum(['phone', 'remote', 'onsite']), mode: z.enum(['immediate', 'in_turn', 'if_necessary']) });

export const vendorEscalationView = z.object({
  vendorId: z.string().nullable(),
  vendorName: z.string().nullable(),
  supportCenter: z.record(z.string(), z.string().nullable()).nullable(),
  vendorCaseNumber: z.string().nullable(),
  status: z.string(),
  openedAt: z.string(),
  updatedAt: z.string(),
  /** When the vendor report last went to the support center, and to which address; null until it has. */
  reportSentAt: z.string().nullable(),
  reportSentTo: z.string().nullable(),
});

const firstResponseView = z
  .discriminatedUnion('state', [
    z.object({ state: z.literal('met'), dueAt: z.string(), respondedAt: z.string() }),
    z.object({
      state: z.literal('breached'),
      dueAt: z.string(),
      breachedAt: z.string().describe('The instant the target passed without a response'),
      respondedAt: z.string().nullable(),
    }),
    z.object({ state: z.literal('pending'), dueAt: z.string(), minutesLeft: z.number().int() }),
    z.object({ state: z.literal('none') }),
  ])
  .describe("The first-response target on the policy's business calendar: met, breached (and when), pending, or none");

export const caseTargetsView = z.object({
  firstResponse: firstResponseView,
  firstResponseBusinessMinutes: z
    .number()
    .int()
    .nullable()
    .describe(
      "Business minutes from received-at to the first response on the policy's calendar (the first-response report's figure); null while unanswered",
    ),
  resolutionBusinessMinutes: z
    .number()
    .int()
    .nullable()
    .describe("Business minutes from received-at to resolution on the policy's calendar; null while unresolved"),
  highestEscalation: z.enum(ESCALATION_POSITIONS).nullable().describe('The highest position an escalation report of the case reached'),
});

export const caseView = caseSummaryView.extend({
  description: z.string(),
  remoteAuthorizedAt: z.string().nullable(),
  entitlement: z.record(z.string(), z.unknown()).nullable(),
  policyVersionId: z.string(),
  can: z
    .object({
      update: z.boolean(),
      assign: z.boolean(),
      transition: z.boolean(),
      changeLevel: z.boolean(),
      work: z.boolean(),
      noteInternal: z.boolean(),
      replyPublic: z.boolean(),
      authorizeRemote: z.boolean(),
      readEscalations: z.boolean(),
      acknowledgeEscalations: z.boolean(),
      manageVendorEscalation: z.boolean(),
      confirmServiceRecord: z.boolean(),
      recordExchange: z.boolean(),
      recordCompensation: z.boolean(),
      seeInternal: z.boolean(),
    })
    .describe('What the calling user may do with this case now; the web app offers only these actions'),
  allowedTransitions: z.array(z.enum(CASE_STATUSES)).describe('The moves the calling user may make now'),
  responsePlan: z.object({
    faultClass: z.enum(['emergent', 'major', 'minor']).nullable(),
    steps: z.array(planStep),
    nextStep: z.object({ action: z.enum(['phone', 'remote', 'onsite']), needsRemoteAuthorisation: z.boolean() }).nullable(),
  }),
  vendorEscalation: vendorEscalationView.nullable(),
  /** Service items done outside what the contract covers: chargeable, and flagged on the case. */
  outsideContractItems: z.number().int(),
  ccAddresses: z.array(z.string()).describe('Who else receives the public replies of the case by mail, besides its contact'),
  problems: z.array(caseProblemView).describe('The problem records the case is linked to, with their workaround (staff only)'),
  targets: caseTargetsView.nullable().describe('How the case stands against its targets (staff only; null for a customer)'),
});

export function presentCaseSummary(row: CaseListRow | (CaseRow & Partial<CaseListRow>), serialNumbers: string[]): CaseSummaryView {
  return {
    id: row.id,
    number: row.number,
    organizationId: row.organization_id,
    organizationName: row.organization_name ?? '',
    contactId: row.contact_id,
    departmentId: row.department_id,
    departmentName: row.department_name ?? null,
    assigneeId: row.assignee_user_id,
    assigneeName: row.assignee_name ?? null,
    channel: row.channel,
    level: row.level,
    kind: row.kind as CaseSummaryView['kind'],
    title: row.title,
    status: row.status,
    receivedAt: row.received_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    nextEscalationDueAt: row.next_escalation_due_at,
    escalatedAt: row.escalated_at,
    firstResponseDueAt: row.first_response_due_at,
    firstRespondedAt: row.first_responded_at,
    billing: row.billing,
    resolvedAt: row.resolved_at,
    serialNumbers,
  };
}

export function presentVendorEscalation(row: VendorEscalationRow): z.infer<typeof vendorEscalationView> {
  return {
    vendorId: row.vendor_id,
    vendorName: row.vendor_name,
    supportCenter: row.support_center_json ? (JSON.parse(row.support_center_json) as Record<string, string | null>) : null,
    vendorCaseNumber: row.vendor_case_number,
    status: row.status,
    openedAt: row.opened_at,
    updatedAt: row.updated_at,
    reportSentAt: row.report_sent_at,
    reportSentTo: row.report_sent_to,
  };
}

/** The vendor report as prepared for the support center: what a preview shows and what was sent. */
export const vendorReportView = z.object({
  to: z.string(),
  language: z.enum(['en', 'zh-CN']),
  vendorName: z.string(),
  supportCenterName: z.string().nullable(),
  contractNumber: z.string().nullable(),
  products: z.array(z.object({ serialNumber: z.string(), model: z.string().nullable(), softwareVersion: z.string().nullable() })),
  subject: z.string(),
  text: z.string(),
});

export function presentVendorReport(report: VendorReport): z.infer<typeof vendorReportView> {
  return {
    to: report.to,
    language: report.language,
    vendorName: report.vendorName,
    supportCenterName: report.supportCenterName,
    contractNumber: report.contractNumber,
    products: report.products,
    subject: report.subject,
    text: report.text,
  };
}

export function presentCase(details: CaseDetails): z.infer<typeof caseView> {
  const row = details.row;
  // The summary's object takes the rest of the fields, not a spread of it into a new literal: checking (zod) and
  // writing the spread object cost about seven times as much (about 100 µs against 15 µs for an intake's answer, in
  // one process on a machine at load 20).
  return Object.assign(presentCaseSummary(row, details.serialNumbers), {
    description: row.description,
    remoteAuthorizedAt: row.remote_authorized_at,
    entitlement: row.entitlement_json ? (JSON.parse(row.entitlement_json) as Record<string, unknown>) : null,
    policyVersionId: row.policy_version_id,
    can: details.can,
    allowedTransitions: details.allowedTransitions,
    responsePlan: details.responsePlan,
    vendorEscalation: details.vendorEscalation ? presentVendorEscalation(details.vendorEscalation) : null,
    outsideContractItems: details.outsideContractItems,
    ccAddresses: details.ccAddresses,
    problems: details.problems.map(presentCaseProblem),
    targets: details.targets,
  });
}

export const caseAttachmentView = z.object({
  id: z.string(),
  /** Null for an upload made while a case is being logged, until the case is opened with it. */
  caseId: z.string().nullable(),
  fileName: z.string(),
  /** Decided from the bytes on upload. */
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  /** An image the browser may show in the page (served inline); anything else is a download. */
  inline: z.boolean(),
  source: z.enum(['upload', 'email']),
  uploadedBy: z.string().nullable(),
  createdAt: z.string(),
  downloadUrl: z.string(),
});

export function presentCaseAttachment(row: CaseAttachmentRow): z.infer<typeof caseAttachmentView> {
  return {
    id: row.id,
    caseId: row.case_id,
    fileName: row.file_name,
    contentType: row.content_type,
    sizeBytes: Number(row.size_bytes),
    sha256: row.sha256,
    inline: isInlineImage(row.content_type),
    source: row.source === 'email' ? 'email' : 'upload',
    uploadedBy: row.uploaded_by,
    createdAt: row.created_at,
    downloadUrl: row.case_id === null ? `/api/v1/cases/attachments/${row.id}` : `/api/v1/cases/${row.case_id}/attachments/${row.id}`,
  };
}

export const timelineEntryView = z.object({
  id: z.string(),
  at: z.string(),
  kind: z.string(),
  visibility: z.enum(['public', 'internal']),
  actorUserId: z.string().nullable(),
  actorName: z.string().nullable(),
  author: z.enum(['customer', 'staff', 'system']),
  data: z.record(z.string(), z.unknown()),
  attachments: z.array(caseAttachmentView),
  originalMailId: z
    .string()
    .nullable()
    .describe('The mail this entry came in, when the caller may open its original at /api/v1/cases/{id}/mails/{mailId}'),
});
export const presentTimelineEntry = (entry: TimelineEntry): z.infer<typeof timelineEntryView> => ({
  ...entry,
  attachments: entry.attachments.map(presentCaseAttachment),
});

/** Who pays for one service item, decided for the day of the work; null for items recorded before that was decided. */
export const serviceItemBillingView = z
  .object({
    billing: z.enum(BILLING_CLASSES),
    reasonCode: z.enum(['in-guarantee', 'covered-by-contract', 'outside-contract', 'not-covered']),
    outsideContract: z.boolean(),
    service: z.enum(CONTRACT_SERVICES),
    decidedOn: z.string(),
    contractNumber: z.string().nullable(),
    contractServices: z.array(z.enum(CONTRACT_SERVICES)),
  })
  .nullable();

export function presentServiceItemBilling(decision: ServiceItemBilling | null): z.infer<typeof serviceItemBillingView> {
  return decision ? { ...decision, outsideContract: isOutsideContract(decision) } : null;
}

export const serviceActionView = z.object({
  id: z.string(),
  caseId: z.string(),
  type: z.enum(['phone', 'remote', 'onsite']),
  performedBy: z.string(),
  engineerUserId: z.string().nullable(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  plannedStart: z.string().nullable(),
  plannedEnd: z.string().nullable(),
  arrivedAt: z.string().nullable(),
  departedAt: z.string().nullable(),
  summary: z.string(),
  outcome: z.string().nullable(),
  createdAt: z.string(),
  billing: serviceItemBillingView,
});

export function presentServiceAction(row: CaseActionRow): z.infer<typeof serviceActionView> {
  return {
    id: row.id,
    caseId: row.case_id,
    type: row.type as 'phone' | 'remote' | 'onsite',
    performedBy: row.performed_by,
    engineerUserId: row.engineer_user_id,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    plannedStart: row.planned_start,
    plannedEnd: row.planned_end,
    arrivedAt: row.arrived_at,
    departedAt: row.departed_at,
    summary: row.summary,
    outcome: row.outcome,
    createdAt: row.created_at,
    billing: presentServiceItemBilling(storedServiceItemBilling(row.billing_json)),
  };
}

export const ladderStepView = z.object({
  id: z.string(),
  afterHours: z.number(),
  position: z.enum(ESCALATION_POSITIONS),
  level: z.number().int(),
  vendorReport: z.boolean(),
  status: z.enum(['pending', 'fired']),
  dueAt: z.string().nullable(),
  firedAt: z.string().nullable(),
  recipients: z.array(z.object({ userId: z.string(), email: z.string(), name: z.string() })),
  unfilled: z.boolean(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  acknowledgedByName: z.string().nullable(),
  acknowledgedReason: z.string().nullable().describe('Why an admin acknowledged it on behalf of the people it told'),
  can: z
    .object({ acknowledge: z.boolean(), acknowledgeNeedsReason: z.boolean() })
    .describe('What the calling user may do with this step now; an admin acknowledging for the people told gives a reason'),
});
export const presentLadderStep = (step: LadderStepView): z.infer<typeof ladderStepView> => step;
