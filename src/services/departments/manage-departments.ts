import { DEPARTMENT_POSITIONS } from '../../domain/escalation/positions.js';
import type { Actor } from '../../domain/access/permissions.js';
import { takeTurnOn, type Executor } from '../../storage/db.js';
import {
  findCompanyDefaultDepartment,
  findDepartmentById,
  insertDepartment,
  listDepartments,
  setCompanyDefaultDepartment,
  updateDepartment,
  type DepartmentRow,
} from '../../storage/repositories/departments.js';
import type { Page } from '../../storage/repositories/pagination.js';
import { findUserById } from '../../storage/repositories/users.js';
import { recordChangeBy } from '../audit.js';
import { newId, nowIso, type ServiceContext } from '../context.js';
import { conflict, conflictIfTaken, forbidden, invalid, notFound } from '../errors.js';
import { deliverWaitingReports } from '../escalations/deliver-waiting-reports.js';
import { pageById } from '../paging.js';
import { mayManageDepartments, mayReadDepartments } from '../../domain/access/policies/departments.js';
import { mayTakeWork } from '../../domain/access/policies/users.js';

/** Escalations go to these people, so only active staff may hold a department position. */
export async function requireStaffHolder(executor: Executor, userId: string, field: string): Promise<void> {
  const user = await findUserById(executor, userId);
  if (!user || !mayTakeWork(user)) {
    throw invalid('errors.positionNeedsStaff', field, { id: userId });
  }
}

/**
 * The company default servicing department is one mark among all departments; on PostgreSQL, changes to it take
 * turns (SQLite has a single writer), so two admins choosing two defaults at once cannot both win.
 */
async function takeTurnOnCompanyDefault(executor: Executor): Promise<void> {
  await takeTurnOn(executor, 'company-default-department');
}

/** A department named as a default must exist; the answer names the field that named it. */
export async function checkDepartmentExists(executor: Executor, departmentId: string | null | undefined, field: string): Promise<void> {
  if (departmentId && !(await findDepartmentById(executor, departmentId)))
    throw invalid('errors.unknownReference', field, { entity: 'department', id: departmentId });
}

/** A department as the form writes it: its name, who holds its two positions, and whether it is the company's default. */
export interface DepartmentInput {
  name: string;
  managerUserId?: string | null | undefined;
  vpInChargeUserId?: string | null | undefined;
  companyDefault?: boolean | undefined;
}

/** The holders a department is given must be staff. */
async function requireStaffHolders(trx: Executor, input: Partial<DepartmentInput>): Promise<void> {
  if (input.managerUserId) await requireStaffHolder(trx, input.managerUserId, 'managerUserId');
  if (input.vpInChargeUserId) await requireStaffHolder(trx, input.vpInChargeUserId, 'vpInChargeUserId');
}

export async function createDepartment(context: ServiceContext, actor: Actor, input: DepartmentInput): Promise<DepartmentRow> {
  if (!mayManageDepartments(actor)) throw forbidden();
  const at = nowIso(context);
  const id = newId();
  return conflictIfTaken(
    context.storage.transaction(async (trx) => {
      await requireStaffHolders(trx, input);
      await takeTurnOnCompanyDefault(trx);
      // The first department becomes the company default, so no case is ever left without one once there is one.
      const companyDefault = input.companyDefault === true || !(await findCompanyDefaultDepartment(trx));
      await insertDepartment(trx, {
        id,
        name: input.name.trim(),
        manager_user_id: input.managerUserId ?? null,
        vp_in_charge_user_id: input.vpInChargeUserId ?? null,
        company_default: 0,
        created_at: at,
        updated_at: at,
      });
      if (companyDefault) await setCompanyDefaultDepartment(trx, id);
      const created = (await findDepartmentById(trx, id))!;
      await recordChangeBy(trx, actor, at, 'department.created', ['department', id], { after: created });
      return created;
    }),
    () => conflict('errors.departmentNameTaken', { name: input.name }, 'name'),
  );
}

export async function changeDepartment(
  context: ServiceContext,
  actor: Actor,
  id: string,
  changes: Partial<DepartmentInput>,
): Promise<DepartmentRow> {
  if (!mayManageDepartments(actor)) throw forbidden();
  const at = nowIso(context);
  return conflictIfTaken(
    context.storage.transaction(async (trx) => {
      const before = await findDepartmentById(trx, id);
      if (!before) throw notFound('department', id);
      await requireStaffHolders(trx, changes);
      await updateDepartment(trx, id, {
        ...(changes.name !== undefined ? { name: changes.name.trim() } : {}),
        ...(changes.managerUserId !== undefined ? { manager_user_id: changes.managerUserId } : {}),
        ...(changes.vpInChargeUserId !== undefined ? { vp_in_charge_user_id: changes.vpInChargeUserId } : {}),
        updated_at: at,
      });
      if (changes.companyDefault !== undefined && (changes.companyDefault ? 1 : 0) !== before.company_default) {
        // There is always a company default once there is a department: it moves, it is never just removed.
        if (!changes.companyDefault) throw invalid('errors.companyDefaultMoves', 'companyDefault', { name: before.name });
        await takeTurnOnCompanyDefault(trx);
        await setCompanyDefaultDepartment(trx, id);
      }
      const after = (await findDepartmentById(trx, id))!;
      // Reports that fired to this department's empty seats reach whoever fills them now.
      const filled = DEPARTMENT_POSITIONS.filter((position) =>
        position === 'department-manager'
          ? after.manager_user_id !== null && after.manager_user_id !== before.manager_user_id
          : after.vp_in_charge_user_id !== null && after.vp_in_charge_user_id !== before.vp_in_charge_user_id,
      );
      if (filled.length > 0) await deliverWaitingReports(trx, context, { departmentId: id, positions: filled });
      await recordChangeBy(trx, actor, at, 'department.updated', ['department', id], { before, after });
      return after;
    }),
    () => conflict('errors.departmentNameTaken', { name: changes.name ?? '' }, 'name'),
  );
}

export async function getDepartment(context: ServiceContext, actor: Actor, id: string): Promise<DepartmentRow> {
  if (!mayReadDepartments(actor)) throw forbidden();
  const department = await findDepartmentById(context.storage.db, id);
  if (!department) throw notFound('department', id);
  return department;
}

export async function listDepartmentsPage(
  context: ServiceContext,
  actor: Actor,
  query: { cursor?: string | undefined; limit: number },
): Promise<Page<DepartmentRow>> {
  if (!mayReadDepartments(actor)) throw forbidden();
  return pageById(query, (page) => listDepartments(context.storage.db, page));
}
