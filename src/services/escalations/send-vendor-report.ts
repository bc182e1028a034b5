import type { Actor } from '../../domain/access/permissions.js';
import type { Language } from '../../domain/access/roles.js';
import { renderVendorReportMail, type VendorReportEvent, type VendorReportProduct } from '../../mail/templates/vendor-report-mail.js';
import type { Executor } from '../../storage/db.js';
import { findAssetBySerial } from '../../storage/repositories/assets.js';
import { listCaseEvents, listSerialsOfCases, type CaseRow } from '../../storage/repositories/cases.js';
import { findVendorEscalation, updateVendorEscalation, type VendorEscalationRow } from '../../storage/repositories/escalations.js';
import { findOrganizationById } from '../../storage/repositories/organizations.js';
import { findUserById } from '../../storage/repositories/users.js';
import { loadCaseFor } from '../cases/case-access.js';
import { recordCaseEvent } from '../cases/case-events.js';
import { newId, type ServiceContext } from '../context.js';
import { conflict } from '../errors.js';
import { enqueueMail } from '../notifications/enqueue-mail.js';
import { vendorById, type VendorSupport } from './vendor-lookup.js';

/** The last entries of the customer-visible timeline the report quotes: enough for the vendor, never a whole history. */
const TIMELINE_EXCERPT_ENTRIES = 15;

export interface VendorReportInput {
  language?: Language | undefined;
  /** A few words from the engineer, added to the prepared report. */
  note?: string | null | undefined;
}

export interface VendorReport {
  to: string;
  language: Language;
  vendorName: string;
  supportCenterName: string | null;
  contractNumber: string | null;
  products: VendorReportProduct[];
  timeline: VendorReportEvent[];
  subject: string;
  text: string;
  html: string;
}

type EventData = Record<string, unknown>;
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const number = (value: unknown): number => (typeof value === 'number' ? value : Number(value));

/** The timeline entries a vendor's engineer can use; internal notes and the escalation's own bookkeeping stay home. */
function excerptEntry(kind: string, at: string, data: EventData): VendorReportEvent | null {
  switch (kind) {
    case 'case.created':
      return { at, kind: 'created', channel: text(data.channel), level: number(data.level) };
    case 'case.action-recorded':
      return { at, kind: 'action', type: text(data.type), summary: text(data.summary), outcome: text(data.outcome) || null };
    case 'case.level-changed':
      return { at, kind: 'levelChanged', from: number(data.from), to: number(data.to), reason: text(data.reason) };
    case 'case.transitioned':
      return { at, kind: 'transitioned', from: text(data.from), to: text(data.to) };
    case 'case.note':
      return { at, kind: 'reply', body: text(data.body) };
    case 'visit.arrived':
      return { at, kind: 'arrived', site: text(data.site) };
    case 'visit.departed':
      return { at, kind: 'departed', workDone: text(data.workDone) };
    case 'exchange.recorded':
      return { at, kind: 'exchanged', old: text(data.oldSerialNumber), new: text(data.newSerialNumber) };
    default:
      return null;
  }
}

/** The vendor the report goes to: the one the escalation opened with, else the vendor the case names by now. */
async function reportVendor(executor: Executor, row: CaseRow, escalation: VendorEscalationRow): Promise<VendorSupport> {
  const vendorId = escalation.vendor_id ?? row.vendor_id;
  const vendor = vendorId ? await vendorById(executor, vendorId) : null;
  if (!vendor) throw conflict('errors.vendorReportNoVendor', { number: row.number });
  if (!vendor.supportCenter.email) throw conflict('errors.vendorReportNoEmail', { vendor: vendor.name }, 'supportCenter.email');
  return vendor;
}

async function prepareVendorReport(
  executor: Executor,
  actor: Actor,
  row: CaseRow,
  escalation: VendorEscalationRow,
  input: VendorReportInput,
): Promise<VendorReport> {
  const vendor = await reportVendor(executor, row, escalation);
  const language = input.language ?? 'en';
  const serials = (await listSerialsOfCases(executor, [row.id])).get(row.id) ?? [];
  const products: VendorReportProduct[] = [];
  for (const serialNumber of serials) {
    const asset = await findAssetBySerial(executor, serialNumber);
    // A serial of another organisation's product is not ours to describe.
    const ours = asset && asset.organization_id === row.organization_id ? asset : undefined;
    products.push({ serialNumber, model: ours?.model ?? null, softwareVersion: ours?.software_version ?? null });
  }
  const events = await listCaseEvents(executor, row.id, { publicOnly: true, limit: 1_000 });
  const timeline = events
    .map((event) => excerptEntry(event.kind, event.at, JSON.parse(event.data_json) as EventData))
    .filter((entry): entry is VendorReportEvent => entry !== null)
    .slice(-TIMELINE_EXCERPT_ENTRIES);
  const [organization, sender] = await Promise.all([
    findOrganizationById(executor, row.organization_id),
    findUserById(executor, actor.userId),
  ]);
  const mail = renderVendorReportMail({
    language,
    vendorName: vendor.name,
    centerName: vendor.supportCenter.name,
    contractNumber: vendor.supportCenter.contractNumber,
    caseNumber: row.number,
    caseTitle: row.title,
    level: row.level,
    customerName: organization?.name ?? '',
    products,
    description: row.description,
    timeline,
    note: input.note?.trim() || null,
    senderName: sender?.name ?? '',
  });
  return {
    to: vendor.supportCenter.email!,
    language,
    vendorName: vendor.name,
    supportCenterName: vendor.supportCenter.name,
    contractNumber: vendor.supportCenter.contractNumber,
    products,
    timeline,
    ...mail,
  };
}

async function loadEscalation(executor: Executor, row: CaseRow): Promise<VendorEscalationRow> {
  const escalation = await findVendorEscalation(executor, row.id);
  if (!escalation) throw conflict('errors.noVendorEscalation', { number: row.number });
  return escalation;
}

/** The prepared vendor report exactly as it would be sent, for staff to read first. */
export async function previewVendorReport(
  context: ServiceContext,
  actor: Actor,
  caseId: string,
  input: VendorReportInput,
): Promise<VendorReport> {
  const db = context.storage.db;
  const row = await loadCaseFor(db, actor, caseId, 'vendor-escalations.manage');
  return prepareVendorReport(db, actor, row, await loadEscalation(db, row), input);
}

/**
 * Sends the prepared vendor report to the support center's e-mail through the outbox, puts it on the timeline and
 * marks the vendor escalation submitted, all in one transaction; staff then record the vendor's case number.
 */
export async function sendVendorReport(
  context: ServiceContext,
  actor: Actor,
  caseId: string,
  input: VendorReportInput,
): Promise<{ report: VendorReport; escalation: VendorEscalationRow }> {
  return context.storage.transaction(async (trx) => {
    const row = await loadCaseFor(trx, actor, caseId, 'vendor-escalations.manage', { forUpdate: true });
    const escalation = await loadEscalation(trx, row);
    const report = await prepareVendorReport(trx, actor, row, escalation, input);
    const at = context.clock.now().toISOString();
    const sendId = newId();
    await enqueueMail(trx, context, {
      kind: 'vendor-report',
      to: report.to,
      recipientUserId: null,
      language: report.language,
      subject: report.subject,
      text: report.text,
      html: report.html,
      dedupeKey: `vendor-report:${caseId}:${sendId}`,
      caseId,
    });
    await updateVendorEscalation(trx, caseId, {
      report_sent_at: at,
      report_sent_to: report.to,
      ...(escalation.status === 'open' ? { status: 'submitted' } : {}),
      updated_at: at,
    });
    await recordCaseEvent(trx, {
      caseId,
      at,
      kind: 'vendor-escalation.report-sent',
      actorUserId: actor.userId,
      visibility: 'internal',
      data: {
        to: report.to,
        vendorName: report.vendorName,
        contractNumber: report.contractNumber,
        subject: report.subject,
        language: report.language,
        serialNumbers: report.products.map((product) => product.serialNumber),
        timelineEntries: report.timeline.length,
        text: report.text,
      },
    });
    return { report, escalation: (await findVendorEscalation(trx, caseId))! };
  });
}
