import { organizationScope } from '../../domain/access/organization-scope.js';
import type { Actor } from '../../domain/access/permissions.js';
import { maySeeInternal, timelineAuthor, visibleTimeline, type CaseAbilities } from '../../domain/access/policies/cases.js';
import type { CaseStatus } from '../../domain/cases/case-lifecycle.js';
import { searchTerms } from '../../domain/search/search-text.js';
import type { CaseLevel } from '../../domain/cases/levels.js';
import { nextRecommendedStep, responsePlan, type ServiceActionType } from '../../domain/cases/response-plan.js';
import { decodeCursor, toPage, type Page } from '../../storage/repositories/pagination.js';
import {
  countCaseRows,
  cursorValuesOf,
  findCaseListRow,
  fitsOrder,
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
import { forbidden, invalid } from '../errors.js';
import { findUserById } from '../../storage/repositories/users.js';
import { mayReadQueueView } from '../../domain/access/policies/queues.js';
import {
  DEFAULT_DIRECTION,
  defaultSortOf,
  filterOfView,
  landingNeedsEscalatedCount,
  landingView,
  sortsOfView,
  type QueueView,
  type SortDirection,
} from '../../domain/cases/queue-views.js';
import { abilitiesOn, loadCaseFor } from './case-access.js';
import { DESCRIPTION_ENTRY_KIND, descriptionMessage, originalMailsOf } from './case-conversation.js';
import {
  firstResponseOutcome,
  highestPosition,
  workingMinutes,
  type FirstResponseOutcome,
} from '../../domain/cases/first-response-target.js';
import type { EscalationPosition } from '../../domain/escalation/positions.js';
import { firedPositionsOfCase } from '../../storage/repositories/first-response-targets.js';
import type { Executor } from '../../storage/db.js';
import type { CaseRow } from '../../storage/repositories/cases.js';
import { problemsOfCase } from '../problems/view-problems.js';
import type { CaseProblemRow } from '../../storage/repositories/problems.js';

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
  /** The problem records the case is linked to (none for a customer, who sees no problems). */
  problems: CaseProblemRow[];
  /** How the case stands against its targets (staff only; null for a customer). */
  targets: CaseTargets | null;
}

export interface CaseTargets {
  firstResponse: FirstResponseOutcome;
  /**
   * Business minutes from received-at to the first response on the policy's calendar (the first-response report's
   * figure); null while unanswered, and for a case the previous release answered until the backfill job measures it.
   */
  firstResponseBusinessMinutes: number | null;
  /** Business minutes from received-at to resolution on the policy's calendar; null while unresolved. */
  resolutionBusinessMinutes: number | null;
  /** The highest position an escalation report of the case reached. */
  highestEscalation: EscalationPosition | null;
}

/** The case's targets at `nowMs`, from stored columns only (no calendar arithmetic at read time). */
export async function targetsOf(executor: Executor, row: CaseRow, nowMs: number): Promise<CaseTargets> {
  return {
    firstResponse: firstResponseOutcome(
      { dueAt: row.first_response_due_at, respondedAt: row.first_responded_at, resolvedAt: row.resolved_at },
      nowMs,
    ),
    firstResponseBusinessMinutes: row.first_response_working_ms === null ? null : workingMinutes(Number(row.first_response_working_ms)),
    resolutionBusinessMinutes: row.resolution_working_ms === null ? null : workingMinutes(Number(row.resolution_working_ms)),
    highestEscalation: row.escalated_at === null ? null : highestPosition(await firedPositionsOfCase(executor, row.id)),
  };
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
    problems: await problemsOfCase(db, actor, id),
    targets: maySeeInternal(actor) ? await targetsOf(db, row, context.clock.now().getTime()) : null,
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
    problems: [],
    targets: maySeeInternal(actor) ? await targetsOf(db, row, context.clock.now().getTime()) : null,
  };
}

export interface CaseQuery {
  /** A queue view (`src/domain/cases/queue-views.ts`), or the reader's landing view; the filters below narrow it further. */
  view?: QueueView | 'landing' | undefined;
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
  direction?: SortDirection | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** What a queue view holds for this reader, as a case filter; null: nothing (the department view of no department). */
export async function viewFilterFor(context: ServiceContext, actor: Actor, view: QueueView): Promise<CaseFilter | null> {
  if (!mayReadQueueView(actor, view)) throw forbidden();
  const departmentId = view === 'department' ? ((await findUserById(context.storage.db, actor.userId))?.department_id ?? null) : null;
  const filter = filterOfView(view, { userId: actor.userId, departmentId }, context.clock.now());
  switch (filter.kind) {
    case 'assignee':
      return { assigneeId: filter.userId, open: true };
    case 'department':
      return filter.departmentId === null ? null : { departmentId: filter.departmentId, open: true };
    case 'escalated':
      return { escalated: true, open: true };
    case 'notified':
      return { notifiedUserId: filter.userId, open: true };
    case 'waiting':
      return { waiting: true, open: true };
    case 'open':
      return { open: true };
    case 'resolved-since':
      return { resolvedSince: filter.since };
    case 'all':
      return {};
  }
}

/**
 * The view the reader lands on (`landingView`): for a manager it depends on whether anything was escalated to them,
 * which reads at most one index entry.
 */
export async function landingViewFor(context: ServiceContext, actor: Actor, escalatedToMe?: number): Promise<QueueView> {
  const db = context.storage.db;
  const user = await findUserById(db, actor.userId);
  const told =
    escalatedToMe ??
    (landingNeedsEscalatedCount(actor.role) ? await countCaseRows(db, { notifiedUserId: actor.userId, open: true }, 1) : 0);
  return landingView(actor.role, { escalatedToMe: told, hasDepartment: (user?.department_id ?? null) !== null });
}

/** Queues and search. A customer's query is always narrowed to their own organisation. */
export async function listCases(
  context: ServiceContext,
  actor: Actor,
  query: CaseQuery,
): Promise<Page<CaseListRow & { serialNumbers: string[] }>> {
  const scope = organizationScope(actor, query.organizationId);
  if (!scope) return { items: [], nextCursor: null };
  const view = query.view === 'landing' ? await landingViewFor(context, actor) : query.view;
  const sort = query.sort ?? (view ? defaultSortOf(view) : 'received');
  const direction = query.direction ?? DEFAULT_DIRECTION[sort];
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
  if (query.cursor !== undefined && (after === null || !fitsOrder(after, sort))) throw invalid('errors.badCursor', 'cursor');
  if (view && !sortsOfView(view).includes(sort)) throw invalid('errors.sortNotInView', 'sort', { sort });
  const viewFilter = view ? await viewFilterFor(context, actor, view) : {};
  if (!viewFilter) return { items: [], nextCursor: null };
  const filter: CaseFilter = {
    ...viewFilter,
    ...(query.status ? { statuses: query.status } : {}),
    ...(query.level ? { levels: query.level } : {}),
    ...(query.departmentId ? { departmentId: query.departmentId } : {}),
    ...(query.unassigned ? { assigneeId: null } : query.assigneeId ? { assigneeId: query.assigneeId } : {}),
    ...(query.escalated ? { escalated: true } : {}),
    ...(query.open ? { open: true } : {}),
    ...(query.serialNumber ? { serialNumber: query.serialNumber } : {}),
    ...(query.text ? { text: { terms: searchTerms(query.text), includeInternal: maySeeInternal(actor) } } : {}),
  };
  if (scope.organizationId) filter.organizationId = scope.organizationId;
  const rows = await listCaseRows(context.storage.db, filter, sort, after, query.limit, direction);
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
  /** Who spoke: the customer's side (a customer account, or a contact's mailed reply), staff, or the system. */
  author: 'customer' | 'staff' | 'system';
  data: Record<string, unknown>;
  /** The files that came with the entry (a reply, a note, a mail) that the actor may see. */
  attachments: CaseAttachmentRow[];
  /** The mail the entry came in, when the actor may open its original (`GET /api/v1/cases/{id}/mails/{mailId}`). */
  originalMailId: string | null;
}

/**
 * The case's conversation, oldest first; customers see only its public entries. The first page starts with the
 * case's description as a message from whoever asked, with the files that came with the case.
 */
export async function getCaseTimeline(
  context: ServiceContext,
  actor: Actor,
  id: string,
  query: { cursor?: string | undefined; limit: number },
): Promise<Page<TimelineEntry>> {
  const reader = context.storage.db;
  const caseRow = await loadCaseFor(reader, actor, id, 'cases.read');
  const afterId = cursorId(query.cursor);
  const rows = await listCaseEvents(reader, id, {
    publicOnly: visibleTimeline(actor) === 'public',
    ...(typeof afterId === 'string' ? { afterId } : {}),
    limit: query.limit,
  });
  const created = typeof afterId === 'string' ? undefined : rows.find((row) => row.kind === 'case.created');
  const [files, description] = await Promise.all([
    attachmentsOfEntries(
      reader,
      actor,
      { organizationId: caseRow.organization_id },
      id,
      rows.map((row) => row.id),
    ),
    typeof afterId === 'string' ? null : descriptionMessage(reader, caseRow, created),
  ]);
  // The files that came with the case are the description's. A case with neither text nor files has no description
  // message, unless a mail opened it (whose original is then still at hand).
  const descriptionFiles = created ? (files.get(created.id) ?? []) : [];
  const showDescription =
    description !== null &&
    (caseRow.description.trim() !== '' || descriptionFiles.length > 0 || typeof description.data.inboundMailId === 'string');
  if (showDescription && created) files.delete(created.id);
  const page = toPage(
    rows,
    query.limit,
    (row): TimelineEntry => {
      const data = JSON.parse(row.data_json) as Record<string, unknown>;
      return {
        id: row.id,
        at: row.at,
        kind: row.kind,
        visibility: row.visibility as TimelineEntry['visibility'],
        actorUserId: row.actor_user_id,
        // A mailed reply from a contact without an account names the contact.
        actorName: row.actor_name ?? (typeof data.authorName === 'string' ? data.authorName : null),
        author: timelineAuthor(row.actor_role, typeof data.contactId === 'string'),
        data,
        attachments: files.get(row.id) ?? [],
        originalMailId: null,
      };
    },
    (row) => [row.id],
  );
  const items: TimelineEntry[] =
    showDescription && description
      ? [
          {
            ...description,
            kind: DESCRIPTION_ENTRY_KIND,
            visibility: 'public',
            attachments: descriptionFiles,
            originalMailId: null,
          },
          ...page.items,
        ]
      : page.items;
  const originals = await originalMailsOf(reader, actor, caseRow.organization_id, items);
  return { ...page, items: items.map((item, index) => ({ ...item, originalMailId: originals[index] ?? null })) };
}
