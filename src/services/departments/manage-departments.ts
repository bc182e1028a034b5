import type { Actor } from '../../domain/access/permissions.js';
import { isUniqueViolation, type Executor } from '../../storage/db.js';
import {
  findDepartmentById,
  insertDepartment,
  listDepartments,
  updateDepartment,
  type DepartmentRow,
} from '../../storage/repositories/departments.js';
import { toPage, type Page } from '../../storage/repositories/pagination.js';
import { findUserById } from '../../storage/repositories/users.js';
import { recordChange } from '../audit.js';
import { newId, nowIso, type ServiceContext } from '../context.js';
import { conflict, invalid, notFound } from '../errors.js';
import { cursorId } from '../people/manage-users.js';

/** Escalations go to these people, so only active staff may hold a department position. */
export async function requireStaffHolder(executor: Executor, userId: string, field: string): Promise<void> {
  const user = await findUserById(executor, userId);
  if (!user || user.role === 'customer' || user.disabled_at !== null) {
    throw invalid('errors.positionNeedsStaff', field, { id: userId });
  }
}

export async function createDepartment(
  context: ServiceContext,
  actor: Actor,
  input: { name: string; managerUserId?: string | null | undefined; vpInChargeUserId?: string | null | undefined },
): Promise<DepartmentRow> {
  const at = nowIso(context);
  const id = newId();
  try {
    return await context.storage.transaction(async (trx) => {
      if (input.managerUserId) await requireStaffHolder(trx, input.managerUserId, 'managerUserId');
      if (input.vpInChargeUserId) await requireStaffHolder(trx, input.vpInChargeUserId, 'vpInChargeUserId');
      await insertDepartment(trx, {
        id,
        name: input.name.trim(),
        manager_user_id: input.managerUserId ?? null,
        vp_in_charge_user_id: input.vpInChargeUserId ?? null,
        created_at: at,
        updated_at: at,
      });
      const created = (await findDepartmentById(trx, id))!;
      await recordChange(trx, {
        at,
        actorUserId: actor.userId,
        action: 'department.created',
        entityType: 'department',
        entityId: id,
        after: created,
      });
      return created;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('errors.departmentNameTaken', { name: input.name }, 'name');
    throw error;
  }
}

export async function changeDepartment(
  context: ServiceContext,
  actor: Actor,
  id: string,
  changes: { name?: string | undefined; managerUserId?: string | null | undefined; vpInChargeUserId?: string | null | undefined },
): Promise<DepartmentRow> {
  const at = nowIso(context);
  try {
    return await context.storage.transaction(async (trx) => {
      const before = await findDepartmentById(trx, id);
      if (!before) throw notFound('department', id);
      if (changes.managerUserId) await requireStaffHolder(trx, changes.managerUserId, 'managerUserId');
      if (changes.vpInChargeUserId) await requireStaffHolder(trx, changes.vpInChargeUserId, 'vpInChargeUserId');
      await updateDepartment(trx, id, {
        ...(changes.name !== undefined ? { name: changes.name.trim() } : {}),
        ...(changes.managerUserId !== undefined ? { manager_user_id: changes.managerUserId } : {}),
        ...(changes.vpInChargeUserId !== undefined ? { vp_in_charge_user_id: changes.vpInChargeUserId } : {}),
        updated_at: at,
      });
      const after = (await findDepartmentById(trx, id))!;
      await recordChange(trx, {
        at,
        actorUserId: actor.userId,
        action: 'department.updated',
        entityType: 'department',
        entityId: id,
        before,
        after,
      });
      return after;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('errors.departmentNameTaken', { name: changes.name ?? '' }, 'name');
    throw error;
  }
}

export async function getDepartment(context: ServiceContext, id: string): Promise<DepartmentRow> {
  const department = await findDepartmentById(context.storage.db, id);
  if (!department) throw notFound('department', id);
  return department;
}

export async function listDepartmentsPage(
  context: ServiceContext,
  query: { cursor?: string | undefined; limit: number },
): Promise<Page<DepartmentRow>> {
  const afterId = cursorId(query.cursor);
  const rows = await listDepartments(context.storage.db, { ...(afterId ? { afterId } : {}), limit: query.limit });
  return toPage(
    rows,
    query.limit,
    (row) => row,
    (row) => [row.id],
  );
}
