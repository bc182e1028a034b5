import type { Actor } from '../../domain/access/permissions.js';
import {
  mayReadCannedReply,
  mayShareCannedReplies,
  mayWriteCannedReply,
  sharedDepartmentsReadable,
  type DepartmentTies,
} from '../../domain/access/policies/canned-replies.js';
import type { Language } from '../../domain/access/roles.js';
import {
  bodyIn,
  CANNED_REPLY_PLACEHOLDERS,
  checkCannedReply,
  fillPlaceholders,
  rankCannedReplies,
  type CannedReplyBodies,
  type CannedReplyPlaceholder,
  type CannedReplyScope,
} from '../../domain/canned-replies/canned-replies.js';
import type { Executor } from '../../storage/db.js';
import {
  deleteCannedReply as deleteRow,
  departmentTiesOf,
  findCannedReply,
  findCaseFacts,
  insertCannedReply,
  listCannedReplies,
  updateCannedReply as updateRow,
  type CannedReplyRow,
} from '../../storage/repositories/canned-replies.js';
import { findDepartmentById, listDepartmentNames } from '../../storage/repositories/departments.js';
import { findUserById } from '../../storage/repositories/users.js';
import { recordChangeBy } from '../audit.js';
import { loadCaseFor } from '../cases/case-access.js';
import { newId, type ServiceContext } from '../context.js';
import { forbidden, invalid, notFound } from '../errors.js';
import { readHotlineNumber } from '../settings/service-desk-settings.js';

export interface CannedReplyView {
  id: string;
  title: string;
  body: CannedReplyBodies;
  scope: CannedReplyScope;
  /** The department a shared reply is for, by name. */
  departmentName: string | null;
  updatedAt: string;
  /** Whether the reader may change and delete it. */
  canEdit: boolean;
}

export interface CannedReplyList {
  items: CannedReplyView[];
  /** Whether the reader may share replies with a department (the web app offers it then). */
  canShare: boolean;
  /** The departments the reader may share replies with; every department for an admin. */
  shareDepartments: { id: string; name: string }[];
}

const scopeOf = (row: CannedReplyRow): CannedReplyScope =>
  row.department_id !== null ? { kind: 'department', departmentId: row.department_id } : { kind: 'personal', ownerId: row.owner_user_id! };

const bodiesOf = (row: Pick<CannedReplyRow, 'body_en' | 'body_zh'>): CannedReplyBodies => ({ en: row.body_en, 'zh-CN': row.body_zh });

function present(actor: Actor, ties: DepartmentTies, row: CannedReplyRow): CannedReplyView {
  const scope = scopeOf(row);
  return {
    id: row.id,
    title: row.title,
    body: bodiesOf(row),
    scope,
    departmentName: row.department_name,
    updatedAt: row.updated_at,
    canEdit: mayWriteCannedReply(actor, ties, scope),
  };
}

/** Loads a reply the actor may read; one they may not read does not exist for them. */
async function loadReadable(executor: Executor, actor: Actor, ties: DepartmentTies, id: string): Promise<CannedReplyRow> {
  const row = await findCannedReply(executor, id);
  if (!row || !mayReadCannedReply(actor, ties, scopeOf(row))) throw notFound('canned reply', id);
  return row;
}

function assertWritable(draft: { title: string; body: CannedReplyBodies }): void {
  const fault = checkCannedReply(draft);
  if (fault === null) return;
  if (fault.reason === 'unknown-placeholder')
    throw invalid('errors.cannedReplyUnknownPlaceholder', fault.field, {
      placeholder: `{{${fault.placeholder}}}`,
      known: CANNED_REPLY_PLACEHOLDERS.map((name) => `{{${name}}}`).join(', '),
    });
  throw invalid(fault.field === 'title' ? 'errors.cannedReplyNoTitle' : 'errors.cannedReplyEmpty', fault.field);
}

async function shareDepartmentsOf(executor: Executor, actor: Actor, ties: DepartmentTies): Promise<{ id: string; name: string }[]> {
  if (!mayShareCannedReplies(actor, ties)) return [];
  const departments = await listDepartmentNames(executor);
  return departments.filter((department) => mayWriteCannedReply(actor, ties, { kind: 'department', departmentId: department.id }));
}

/**
 * The replies the actor may use: their department(s)' shared ones and their own. On a case (`caseId`) the case
 * department's replies come first; `scope` narrows to shared or personal ones for the management pages.
 */
export async function listCannedRepliesFor(
  context: ServiceContext,
  actor: Actor,
  query: { search?: string | undefined; scope?: 'department' | 'personal' | undefined; caseId?: string | undefined },
): Promise<CannedReplyList> {
  const db = context.storage.db;
  const ties = await departmentTiesOf(db, actor.userId);
  const departmentId = query.caseId ? (await loadCaseFor(db, actor, query.caseId, 'cases.read')).department_id : null;
  const rows = await listCannedReplies(db, {
    departments: sharedDepartmentsReadable(actor, ties),
    ownerId: actor.userId,
    ...(query.scope ? { scope: query.scope } : {}),
    ...(query.search ? { search: query.search } : {}),
  });
  const items = rows.map((row) => present(actor, ties, row));
  return {
    items: query.caseId ? rankCannedReplies(items, departmentId) : items,
    canShare: mayShareCannedReplies(actor, ties),
    shareDepartments: await shareDepartmentsOf(db, actor, ties),
  };
}

export async function getCannedReply(context: ServiceContext, actor: Actor, id: string): Promise<CannedReplyView> {
  const db = context.storage.db;
  const ties = await departmentTiesOf(db, actor.userId);
  return present(actor, ties, await loadReadable(db, actor, ties, id));
}

export interface NewCannedReply {
  title: string;
  body: CannedReplyBodies;
  scope: 'department' | 'personal';
  departmentId?: string | undefined;
}

/** A personal reply is the author's; a shared one is for a department the author manages (any, for an admin). */
export async function createCannedReply(context: ServiceContext, actor: Actor, input: NewCannedReply): Promise<CannedReplyView> {
  const id = newId();
  await context.storage.transaction(async (trx) => {
    let scope: CannedReplyScope;
    if (input.scope === 'department') {
      if (!input.departmentId) throw invalid('errors.cannedReplyDepartmentRequired', 'departmentId');
      if (!(await findDepartmentById(trx, input.departmentId))) throw notFound('department', input.departmentId);
      scope = { kind: 'department', departmentId: input.departmentId };
    } else scope = { kind: 'personal', ownerId: actor.userId };
    if (!mayWriteCannedReply(actor, await departmentTiesOf(trx, actor.userId), scope)) throw forbidden();
    assertWritable(input);
    const at = context.clock.now().toISOString();
    await insertCannedReply(trx, {
      id,
      title: input.title,
      body_en: input.body.en,
      body_zh: input.body['zh-CN'],
      department_id: scope.kind === 'department' ? scope.departmentId : null,
      owner_user_id: scope.kind === 'personal' ? scope.ownerId : null,
      created_by: actor.userId,
      created_at: at,
      updated_by: actor.userId,
      updated_at: at,
    });
    await recordChangeBy(trx, actor, at, 'canned-reply.create', ['canned-reply', id], { after: { title: input.title, scope } });
  });
  return getCannedReply(context, actor, id);
}

/** Changes the title and either text; the scope stays as created. */
export async function updateCannedReply(
  context: ServiceContext,
  actor: Actor,
  id: string,
  changes: { title?: string | undefined; body?: Partial<CannedReplyBodies> | undefined },
): Promise<CannedReplyView> {
  await context.storage.transaction(async (trx) => {
    const ties = await departmentTiesOf(trx, actor.userId);
    const row = await loadReadable(trx, actor, ties, id);
    if (!mayWriteCannedReply(actor, ties, scopeOf(row))) throw forbidden();
    const after = { title: changes.title ?? row.title, body: { ...bodiesOf(row), ...changes.body } };
    assertWritable(after);
    const at = context.clock.now().toISOString();
    await updateRow(trx, id, {
      title: after.title,
      body_en: after.body.en,
      body_zh: after.body['zh-CN'],
      updated_by: actor.userId,
      updated_at: at,
    });
    await recordChangeBy(trx, actor, at, 'canned-reply.update', ['canned-reply', id], {
      before: { title: row.title, body: bodiesOf(row) },
      after,
    });
  });
  return getCannedReply(context, actor, id);
}

export async function deleteCannedReply(context: ServiceContext, actor: Actor, id: string): Promise<void> {
  await context.storage.transaction(async (trx) => {
    const ties = await departmentTiesOf(trx, actor.userId);
    const row = await loadReadable(trx, actor, ties, id);
    if (!mayWriteCannedReply(actor, ties, scopeOf(row))) throw forbidden();
    await deleteRow(trx, id);
    await recordChangeBy(trx, actor, context.clock.now().toISOString(), 'canned-reply.delete', ['canned-reply', id], {
      before: { title: row.title, scope: scopeOf(row), body: bodiesOf(row) },
    });
  });
}

export interface FilledCannedReply {
  /** The language of the text: the one asked for, or the other when the reply is not written in it. */
  language: Language;
  text: string;
  /** Placeholders left as written because the case has no value for them (no contact, no hotline number set). */
  missing: CannedReplyPlaceholder[];
}

/**
 * A reply's text filled for one case. The engineer is the user inserting it: the reply goes out under their
 * name, whoever the case is assigned to. The language defaults to the case contact's.
 */
export async function fillCannedReply(
  context: ServiceContext,
  actor: Actor,
  caseId: string,
  replyId: string,
  language: Language | undefined,
): Promise<FilledCannedReply> {
  const db = context.storage.db;
  await loadCaseFor(db, actor, caseId, 'cases.read');
  const ties = await departmentTiesOf(db, actor.userId);
  const reply = await loadReadable(db, actor, ties, replyId);
  const facts = (await findCaseFacts(db, caseId))!;
  const chosen = bodyIn(bodiesOf(reply), language ?? facts.contact_language ?? 'en');
  const filled = fillPlaceholders(chosen.text, {
    customer: facts.organization_name,
    contact: facts.contact_name,
    caseNumber: facts.number,
    level: String(facts.level),
    engineer: (await findUserById(db, actor.userId))?.name ?? null,
    hotline: await readHotlineNumber(db),
  });
  return { language: chosen.language, ...filled };
}
