import { mayReadDashboard, type DashboardReader } from '../../domain/access/policies/dashboard.js';
import { CASE_LEVELS, type CaseLevel } from '../../domain/cases/levels.js';
import type { EscalationPosition } from '../../domain/escalation/positions.js';
import { companyDayStart, DUE_SOON_WINDOW_MS, DUE_STEPS_LISTED } from '../../domain/dashboard/operation-center.js';
import { listDueSteps, listOnSiteVisits, readDashboardCounts } from '../../storage/repositories/dashboard.js';
import { findDepartmentById } from '../../storage/repositories/departments.js';
import type { ServiceContext } from '../context.js';
import { companyTimeZone } from '../delivered-systems/support/company-today.js';
import { forbidden, notFound } from '../errors.js';

export interface DashboardView {
  at: string;
  departmentId: string | null;
  timeZone: string;
  dayStartedAt: string;
  openByLevel: { level: CaseLevel; count: number }[];
  open: number;
  escalated: number;
  unassigned: number;
  waitingOnCustomer: number;
  firstResponseBreachesToday: number;
  dueSteps: {
    count: number;
    windowMinutes: number;
    items: {
      stepId: string;
      caseId: string;
      caseNumber: string;
      title: string;
      level: number;
      customer: string;
      position: EscalationPosition;
      dueAt: string;
    }[];
  };
  onSite: {
    engineers: number;
    visits: {
      visitId: string;
      engineerId: string;
      engineerName: string;
      arrivedAt: string | null;
      caseId: string;
      caseNumber: string;
      customer: string;
    }[];
  };
}

/**
 * The Operation Center's figures at this moment, company-wide or for one department. Open cases only, except the
 * first-response breaches, which count today's targets (in the company's time zone) whether the case is still open.
 */
export async function readDashboard(
  context: ServiceContext,
  reader: DashboardReader,
  filter: { departmentId?: string | undefined },
): Promise<DashboardView> {
  if (!mayReadDashboard(reader)) throw forbidden();
  const db = context.storage.db;
  const departmentId = filter.departmentId;
  const now = context.clock.now();
  const [timeZone, department] = await Promise.all([
    companyTimeZone(db),
    departmentId === undefined ? Promise.resolve(null) : findDepartmentById(db, departmentId),
  ]);
  if (departmentId !== undefined && !department) throw notFound('department', departmentId);
  const dayStart = companyDayStart(now, timeZone).toISOString();
  const window = { now: now.toISOString(), dueBefore: new Date(now.getTime() + DUE_SOON_WINDOW_MS).toISOString() };
  const [counts, dueSteps, onSite] = await Promise.all([
    readDashboardCounts(db, { departmentId, dayStart, ...window }),
    listDueSteps(db, { departmentId, ...window, limit: DUE_STEPS_LISTED }),
    listOnSiteVisits(db, { departmentId }),
  ]);
  const openByLevel = CASE_LEVELS.map((level) => ({
    level,
    count: counts.openByLevel.find((row) => row.level === level)?.count ?? 0,
  }));
  return {
    at: now.toISOString(),
    departmentId: departmentId ?? null,
    timeZone,
    dayStartedAt: dayStart,
    openByLevel,
    open: openByLevel.reduce((sum, row) => sum + row.count, 0),
    escalated: counts.escalated,
    unassigned: counts.unassigned,
    waitingOnCustomer: counts.waitingOnCustomer,
    firstResponseBreachesToday: counts.firstResponseBreaches,
    dueSteps: {
      count: counts.dueStepCount,
      windowMinutes: DUE_SOON_WINDOW_MS / 60_000,
      items: dueSteps.map((row) => ({
        stepId: row.step_id,
        caseId: row.case_id,
        caseNumber: row.number,
        title: row.title,
        level: row.level,
        customer: row.organization_name,
        position: row.position,
        dueAt: row.due_at,
      })),
    },
    onSite: {
      engineers: new Set(onSite.map((row) => row.engineer_user_id)).size,
      visits: onSite.map((row) => ({
        visitId: row.visit_id,
        engineerId: row.engineer_user_id,
        engineerName: row.engineer_name,
        arrivedAt: row.arrived_at,
        caseId: row.case_id,
        caseNumber: row.number,
        customer: row.organization_name,
      })),
    },
  };
}
