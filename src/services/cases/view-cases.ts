import { organizationScope } from '../../domain/access/organization-scope.js';
import type { Actor } from '../../domain/access/permissions.js';
import { maySeeInternal, visibleTimeline, type CaseAbilities } from '../../domain/access/policies/cases.js';
import type { CaseStatus } from '../../domain/cases/case-lifecycle.js';
import type { CaseLevel } from '../../domain/cases/levels.js';
import { nextRecommendedStep, responsePlan, type ServiceActionType } from '../../domain/cases/response-plan.js';
import { decodeCursor, toPage, type Page } from '../../storage/repositories/pagination.js';
import {
  cursorValuesOf,
  findCaseListRow,
  listCaseActions,
  listCaseEvents,
  listCaseRows,
  listSerialsOfCases,
  type CaseFilter,
  type CaseListRow,
  type CaseSort,
} from '../../storage/repositories/cases.js';
import { findVendorEscalation } from '../../storage/repositories/escalations.js';
import { listCaseCcAddresses } from '../../storage/repositories/case-cc-addresses.js';
import { isOutsideContract } from '../../domain/entitlement/service-billing.js';
import { storedServiceItemBilling } from '../delivered-systems/service-item-billing.js';
import { cursorId } from '../people/manage-users.js';
import { attachmentsOfEntries } from '../attachments/case-attachments.js';
import type { CaseAttachmentRow } from '../../storage/repositories/case-attachments.js';
import type { ServiceContext } from '../context.js';
import { invalid } from '../errors.js';
import { abilitiesOn, loadCaseFor } from './case-access.js';

export interface CaseDetails {
  row: CaseListRow;
  serialNumbers: string[];
  can: CaseAbilities;
  allowedTransitions: CaseStatus[];
  responsePlan: ReturnType<typeof responsePlan> & { nextStep: ReturnType<typeof nextRecommendedStep> };
  vendorEscalation: Awaited<ReturnType<typeof findVendorEscalation>> | null;
  /** Service items done outside what the contract in force covered: chargeable work the case is flagged for. */
  outsideContractItems: number;
  /** Who else receives the case's public replies by mail, besides its contact. */
  ccAddresses: string[];
}

export async function getCase(context: ServiceContext, actor: Actor, id: string): Promise<CaseDetails> {
  const db = context.storage.db;
  await loadCaseFor(db, actor, id, 'cases.read');
  const row = (await findCaseListRow(db, id))!;
  const actions = await listCaseActions(db, id);
  const done = [...new Set(actions.map((action) => action.type as ServiceActionType))];
  const level = row.level;
  return {
    row,
    serialNumbers: (await listSerialsOfCases(db, [id])).get(id) ?? [],
    ...abilitiesOn(actor, row),
    responsePlan: {
      ...responsePlan(level),
      nextStep: row.resolved_at ? null : nextRecommendedStep(level, done, row.remote_authorized_at !== null),
    },
    vendorEscalation: !maySeeInternal(actor) ? null : ((await findVendorEscalation(db, id)) ?? null),
    outsideContractItems: actions.filter((action) => {
      const billing = storedServiceItemBilling(action.billing_json);
      return billing !== null && isOutsideContract(billing);
    }).length,
    ccAddresses: await listCaseCcAddresses(db, id),
  };
}

/**
 * The details of a case the actor has just opened, without re-checking access or re-reading what the intake
 * already knows: a new case has no service actions yet, and a vendor escalation only if a report fired at once.
 */
export async function detailsOfOpenedCase(
  context: ServiceContext,
  actor: Actor,
  row: CaseListRow,
  serialNumbers: string[],
): Promise<CaseDetails> {
  const db = context.storage.db;
  const level = row.level;
  return {
    row,
    serialNumbers,
    ...abilitiesOn(actor, row),
    responsePlan: { ...responsePlan(level), nextStep: nextRecommendedStep(level, [], row.remote_authorized_at !== null) },
    vendorEscalation: !maySeeInternal(actor) || row.escalated_at === null ? null : ((await findVendorEscalation(db, row.id)) ?? null),
    outsideContractItems: 0,
    ccAddresses: [],
  };
}

export interface CaseQuery {
  status?: CaseStatus[] | undefined;
  level?: CaseLevel[] | undefined;
  departmentId?: string | undefined;
  assigneeId?: string | undefined;
  unassigned?: boolean | undefined;
  organizationId?: string | undefined;
  escalated?: boolean | undefined;
  open?: boolean | undefined;
  serialNumber?: string | undefined;
  text?: string | undefined;
  sort?: CaseSort | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** Queues and search. A customer's query is always narrowed to their own organisation. */
export async function listCases(
  context: ServiceContext,
  actor: Actor,
  query: CaseQuery,
): Promise<Page<CaseListRow & { serialNumbers: string[] }>> {
  const scope = organizationScope(actor, query.organizationId);
  if (!scope) return { items: [], nextCursor: null };
  const sort = query.sort ?? 'received';
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
  if (query.cursor !== undefined && after === null) throw invalid('errors.badCursor', 'cursor');
  const filter: CaseFilter = {
    ...(query.status ? { statuses: query.status } : {}),
    ...(query.level ? { levels: query.level } : {}),
    ...(query.departmentId ? { departmentId: query.departmentId } : {}),
    ...(query.unassigned ? { assigneeId: null } : query.assigneeId ? { assigneeId: query.assigneeId } : {}),
    ...(query.escalated ? { escalated: true } : {}),
    ...(query.open ? { open: true } : {}),
    ...(query.serialNumber ? { serialNumber: query.serialNumber } : {}),
    ...(query.text ? { text: query.text } : {}),
  };
  if (scope.organizationId) filter.organizationId = scope.organizationId;
  const rows = await listCaseRows(context.storage.db, filter, sort, after, query.limit);
  const serials = await listSerialsOfCases(
    context.storage.db,
    rows.slice(0, query.limit).map((row) => row.id),
  );
  return toPage(
    rows,
    query.limit,
    (row) => ({ ...row, serialNumbers: serials.get(row.id) ?? [] }),
    (row) => cursorValuesOf(row, sort),
  );
}

export interface TimelineEntry {
  id: string;
  at: string;
  kind: string;
  visibility: 'public' | 'internal';
  actorUserId: string | null;
  actorName: string | null;
  data: Record<string, unknown>;
  /** The files that came with the entry (a reply, a note, a mail) that the actor may see. */
  attachments: CaseAttachmentRow[];
}

/** The case timeline, oldest first; customers see only its public entries. */
export async function getCaseTimeline(
  context: ServiceContext,
  actor: Actor,
  id: string,
  query: { cursor?: string | undefined; limit: number },
): Promise<Page<TimelineEntry>> {
  const caseRow = await loadCaseFor(context.storage.db, actor, id, 'cases.read');
  const afterId = cursorId(query.cursor);
  const rows = await listCaseEvents(context.storage.db, id, {
    publicOnly: visibleTimeline(actor) === 'public',
    ...(typeof afterId === 'string' ? { afterId } : {}),
    limit: query.limit,
  });
  const files = await attachmentsOfEntries(
    context.storage.db,
    actor,
    { organizationId: caseRow.organization_id },
    id,
    rows.map((row) => row.id),
  );
  return toPage(
    rows,
    query.limit,
    (row) => {
      const data = JSON.parse(row.data_json) as Record<string, unknown>;
      return {
        id: row.id,
        at: row.at,
        kind: row.kind,
        visibility: row.visibility as TimelineEntry['visibility'],
        actorUserId: row.actor_user_id,
        // A mailed reply from a contact without an account names the contact.
        actorName: row.actor_name ?? (typeof data.authorName === 'string' ? data.authorName : null),
        data,
        attachments: files.get(row.id) ?? [],
      };
    },
    (row) => [row.id],
  );
}
