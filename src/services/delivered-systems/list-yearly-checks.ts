import type { Actor } from '../../domain/access/permissions.js';
import { checkInMonth, checkYear } from '../../domain/entitlement/yearly-checks.js';
import { toPage, type Page } from '../../storage/repositories/pagination.js';
import { listChecksOfMonth, type MonthCheckRow } from '../../storage/repositories/projects.js';
import type { ServiceContext } from '../context.js';
import { cursorId } from '../people/manage-users.js';
import { mayReadYearlyChecks } from '../../domain/access/policies/yearly-checks.js';
import { forbidden } from '../errors.js';

export interface MonthCheck {
  projectId: string;
  projectName: string;
  organizationId: string;
  organizationName: string;
  implementingDepartmentId: string | null;
  dueOn: string;
  /** 1 for the first check a year after delivery. */
  year: number;
  inGuarantee: boolean;
  /** `scheduled` until its maintenance case is opened (the lead time before its date), then `opened`. */
  status: 'scheduled' | 'opened';
  case: { id: string; number: string; status: string } | null;
}

function present(row: MonthCheckRow, month: string): MonthCheck {
  const dueOn = row.check_due_on ?? checkInMonth(row.delivered_at, month)!;
  return {
    projectId: row.project_id,
    projectName: row.project_name,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    implementingDepartmentId: row.implementing_department_id,
    dueOn,
    year: checkYear(row.delivered_at, dueOn),
    inGuarantee: dueOn <= row.guarantee_ends_at,
    status: row.check_id ? 'opened' : 'scheduled',
    case: row.case_id ? { id: row.case_id, number: row.case_number!, status: row.case_status! } : null,
  };
}

/** The yearly checks of a month (`YYYY-MM`): those already opened as cases and those still to come. */
export async function listYearlyChecksOfMonth(
  context: ServiceContext,
  actor: Actor,
  query: {
    month: string;
    organizationId?: string | undefined;
    departmentId?: string | undefined;
    cursor?: string | undefined;
    limit: number;
  },
): Promise<Page<MonthCheck>> {
  if (!mayReadYearlyChecks(actor)) throw forbidden();
  const afterId = cursorId(query.cursor);
  const rows = await listChecksOfMonth(context.storage.db, {
    month: query.month,
    ...(query.organizationId ? { organizationId: query.organizationId } : {}),
    ...(query.departmentId ? { departmentId: query.departmentId } : {}),
    ...(afterId ? { afterId } : {}),
    limit: query.limit,
  });
  const page = toPage(
    rows,
    query.limit,
    (row) => present(row, query.month),
    (row) => [row.project_id],
  );
  return { ...page, items: page.items.sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0)) };
}
