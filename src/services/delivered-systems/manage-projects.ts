import type { Actor } from '../../domain/access/permissions.js';
import { guaranteeActive } from '../../domain/entitlement/coverage.js';
import { calendarDateOf } from '../../domain/entitlement/entitlement.js';
import { nextCheckOn } from '../../domain/entitlement/yearly-checks.js';
import { isUniqueViolation, type Executor } from '../../storage/db.js';
import { findExistingSerials, insertAssets, listAssetsOfProject, type AssetRow } from '../../storage/repositories/assets.js';
import { findDepartmentById } from '../../storage/repositories/departments.js';
import { toPage, type Page } from '../../storage/repositories/pagination.js';
import {
  findProjectById,
  insertProject,
  listAttachments,
  listProjects,
  updateProject,
  type ProjectAttachmentRow,
  type ProjectRow,
} from '../../storage/repositories/projects.js';
import { recordChangeBy } from '../audit.js';
import { newId, nowIso, type ServiceContext } from '../context.js';
import { conflict, forbidden, invalid, notFound } from '../errors.js';
import { cursorId } from '../people/manage-users.js';
import { organizationScope } from '../../domain/access/organization-scope.js';
import { mayChangeProject, mayCreateProject, mayReadProject, mayRetireProject } from '../../domain/access/policies/projects.js';
import {
  assertSerialsFree,
  assertVendorsExist,
  checkProductSites,
  customerTakingRecords,
  normalizeSerial,
  productRow,
  throwSerialTaken,
  type ProductInput,
} from './product-records.js';
import { companyToday } from './support/company-today.js';

export interface ProjectInput {
  organizationId: string;
  name: string;
  deliveredAt: string;
  guaranteeEndsAt: string;
  implementingDepartmentId?: string | null | undefined;
  sites?: string[] | undefined;
  notes?: string | null | undefined;
  items?: ProductInput[] | undefined;
}

export interface ProjectDetails {
  project: ProjectRow;
  items: AssetRow[];
  attachments: ProjectAttachmentRow[];
}

/** Whether the project's guarantee still holds on the company's today (a fact of the day, never stored). */
export interface GuaranteeFact {
  guaranteeActive: boolean;
}

async function guaranteeOf(context: ServiceContext, project: ProjectRow): Promise<GuaranteeFact> {
  return { guaranteeActive: guaranteeActive(project.guarantee_ends_at, await companyToday(context, context.storage.db)) };
}

export function checkGuaranteeDates(deliveredAt: string, guaranteeEndsAt: string, field = 'guaranteeEndsAt'): void {
  if (guaranteeEndsAt < deliveredAt) throw invalid('errors.guaranteeBeforeDelivery', field, { deliveredAt, guaranteeEndsAt });
}

async function checkDepartment(executor: Executor, departmentId: string | null | undefined): Promise<void> {
  if (departmentId && !(await findDepartmentById(executor, departmentId))) {
    throw invalid('errors.unknownReference', 'implementingDepartmentId', { entity: 'department', id: departmentId });
  }
}

/**
 * Records a delivered project's technical configuration record with its configuration items, and schedules its
 * first yearly check. Serial numbers must be new to the system (409 naming the product that has one).
 */
export async function createProject(context: ServiceContext, actor: Actor, input: ProjectInput): Promise<ProjectDetails & GuaranteeFact> {
  if (!mayCreateProject(actor, { organizationId: input.organizationId })) throw forbidden();
  const at = nowIso(context);
  const id = newId();
  const items = input.items ?? [];
  checkGuaranteeDates(input.deliveredAt, input.guaranteeEndsAt);
  try {
    const created = await context.storage.transaction(async (trx) => {
      await customerTakingRecords(trx, input.organizationId, 'organizationId');
      await checkDepartment(trx, input.implementingDepartmentId);
      await assertVendorsExist(
        trx,
        items.map((item) => item.vendorId),
        (index) => `items.${index}.vendorId`,
      );
      await assertSerialsFree(
        trx,
        items.map((item) => normalizeSerial(item.serialNumber)),
        (index) => `items.${index}.serialNumber`,
      );
      await checkProductSites(
        trx,
        input.organizationId,
        items.map((item) => item.site?.trim() || null),
        (index) => `items.${index}.site`,
      );
      await insertProject(trx, {
        id,
        organization_id: input.organizationId,
        name: input.name.trim(),
        delivered_at: input.deliveredAt,
        guarantee_ends_at: input.guaranteeEndsAt,
        implementing_department_id: input.implementingDepartmentId ?? null,
        sites_json: JSON.stringify(cleanSites(input.sites)),
        notes: input.notes ?? null,
        next_check_on: nextCheckOn(input.deliveredAt, calendarDateOf(at)),
        created_by: actor.userId,
        created_at: at,
        updated_at: at,
      });
      await insertAssets(
        trx,
        items.map((item) => productRow(item, { organizationId: input.organizationId, projectId: id }, at)),
      );
      const details = await projectDetails(trx, (await findProjectById(trx, id))!);
      await recordChangeBy(trx, actor, at, 'project.created', ['project', id], { after: details });
      return details;
    });
    return { ...created, ...(await guaranteeOf(context, created.project)) };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Another request recorded one of these serial numbers in the meantime: name it.
    const serials = items.map((item) => normalizeSerial(item.serialNumber));
    const existing = await findExistingSerials(context.storage.db, serials);
    const index = serials.findIndex((serial) => existing.has(serial));
    if (index >= 0) return throwSerialTaken(context.storage.db, serials[index]!, `items.${index}.serialNumber`);
    throw error;
  }
}

function cleanSites(sites: string[] | undefined): string[] {
  return [...new Set((sites ?? []).map((site) => site.trim()).filter(Boolean))];
}

export async function changeProject(
  context: ServiceContext,
  actor: Actor,
  id: string,
  changes: Partial<Omit<ProjectInput, 'organizationId' | 'items'>>,
): Promise<ProjectDetails & GuaranteeFact> {
  return auditedProjectChange(context, actor, id, mayChangeProject, async (trx, before, at) => {
    const deliveredAt = changes.deliveredAt ?? before.delivered_at;
    const guaranteeEndsAt = changes.guaranteeEndsAt ?? before.guarantee_ends_at;
    checkGuaranteeDates(deliveredAt, guaranteeEndsAt, changes.guaranteeEndsAt ? 'guaranteeEndsAt' : 'deliveredAt');
    await checkDepartment(trx, changes.implementingDepartmentId);
    await updateProject(trx, id, {
      ...(changes.name !== undefined ? { name: changes.name.trim() } : {}),
      ...(changes.deliveredAt !== undefined
        ? { delivered_at: changes.deliveredAt, next_check_on: nextCheckOn(changes.deliveredAt, calendarDateOf(at)) }
        : {}),
      ...(changes.guaranteeEndsAt !== undefined ? { guarantee_ends_at: changes.guaranteeEndsAt } : {}),
      ...(changes.implementingDepartmentId !== undefined ? { implementing_department_id: changes.implementingDepartmentId } : {}),
      ...(changes.sites !== undefined ? { sites_json: JSON.stringify(cleanSites(changes.sites)) } : {}),
      ...(changes.notes !== undefined ? { notes: changes.notes } : {}),
      updated_at: at,
    });
    return 'project.updated';
  });
}

/**
 * One audited change of a project, in one transaction: the project is loaded for an actor `may` allow, `change`
 * writes it and names the audit action, and the project is answered with its items, attachments and guarantee.
 */
async function auditedProjectChange(
  context: ServiceContext,
  actor: Actor,
  id: string,
  may: (actor: Actor, record: { organizationId: string }) => boolean,
  change: (trx: Executor, before: ProjectRow, at: string) => Promise<string>,
): Promise<ProjectDetails & GuaranteeFact> {
  const at = nowIso(context);
  const changed = await context.storage.transaction(async (trx) => {
    const before = await loadProjectFor(trx, actor, id, 'read');
    if (!may(actor, { organizationId: before.organization_id })) throw forbidden();
    const action = await change(trx, before, at);
    const after = (await findProjectById(trx, id))!;
    await recordChangeBy(trx, actor, at, action, ['project', id], { before, after });
    return projectDetails(trx, after);
  });
  return { ...changed, ...(await guaranteeOf(context, changed.project)) };
}

/**
 * Closes a delivered project (`retired: true`) or reopens it: a closed project keeps its products, their guarantee
 * and history, but no product is added to it or moved into it.
 */
export async function setProjectRetired(
  context: ServiceContext,
  actor: Actor,
  id: string,
  retired: boolean,
): Promise<ProjectDetails & GuaranteeFact> {
  return auditedProjectChange(context, actor, id, mayRetireProject, async (trx, before, at) => {
    if (retired && before.retired_at !== null) throw conflict('errors.projectRetiredAlready', { name: before.name }, 'status');
    if (!retired && before.retired_at === null) throw conflict('errors.projectNotRetired', { name: before.name }, 'status');
    await updateProject(trx, id, {
      retired_at: retired ? at : null,
      // A closed project's checks are not opened; reopened, it is due from its next anniversary as a new one would be.
      ...(retired ? {} : { next_check_on: checkOnReopening(before, calendarDateOf(at)) }),
      updated_at: at,
    });
    return retired ? 'project.retired' : 'project.reactivated';
  });
}

/** The check a reopened project waits for: the one it waited for if still to come, else the first from today. */
function checkOnReopening(project: ProjectRow, today: string): string | null {
  if (project.next_check_on === null) return null;
  const fromToday = nextCheckOn(project.delivered_at, today);
  return project.next_check_on > fromToday ? project.next_check_on : fromToday;
}

async function projectDetails(executor: Executor, project: ProjectRow): Promise<ProjectDetails> {
  return { project, items: await listAssetsOfProject(executor, project.id), attachments: await listAttachments(executor, project.id) };
}

/**
 * A project the actor may see (and, for `change`, change); to a customer another organisation's project does not
 * exist, and one they may see but not change is forbidden.
 */
export async function loadProjectFor(
  executor: Executor,
  actor: Actor,
  id: string,
  intent: 'read' | 'change' = 'read',
): Promise<ProjectRow> {
  const project = await findProjectById(executor, id);
  if (!project || !mayReadProject(actor, { organizationId: project.organization_id })) throw notFound('project', id);
  if (intent === 'change' && !mayChangeProject(actor, { organizationId: project.organization_id })) throw forbidden();
  return project;
}

export async function getProject(context: ServiceContext, actor: Actor, id: string): Promise<ProjectDetails & GuaranteeFact> {
  const project = await loadProjectFor(context.storage.db, actor, id);
  return { ...(await projectDetails(context.storage.db, project)), ...(await guaranteeOf(context, project)) };
}

export async function listProjectsPage(
  context: ServiceContext,
  actor: Actor,
  query: {
    organizationId?: string | undefined;
    text?: string | undefined;
    /** Closed projects too; left out otherwise. */
    includeRetired?: boolean | undefined;
    cursor?: string | undefined;
    limit: number;
  },
): Promise<Page<{ project: ProjectRow } & GuaranteeFact>> {
  const scope = organizationScope(actor, query.organizationId);
  if (!scope) return { items: [], nextCursor: null };
  const afterId = cursorId(query.cursor);
  const today = await companyToday(context, context.storage.db);
  const rows = await listProjects(context.storage.db, {
    ...scope,
    ...(query.text ? { text: query.text } : {}),
    ...(query.includeRetired ? {} : { onlyOpen: true }),
    ...(afterId ? { afterId } : {}),
    limit: query.limit,
  });
  return toPage(
    rows,
    query.limit,
    (row) => ({ project: row, guaranteeActive: guaranteeActive(row.guarantee_ends_at, today) }),
    (row) => [row.id],
  );
}
