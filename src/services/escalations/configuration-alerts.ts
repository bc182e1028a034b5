import { COMPANY_POSITIONS, DEPARTMENT_POSITIONS, type EscalationPosition } from '../../domain/escalation/positions.js';
import { listConfigurationAlerts, positionsWaitingForADepartment } from '../../storage/repositories/escalations.js';
import { listDepartments } from '../../storage/repositories/departments.js';
import type { ServiceContext } from '../context.js';
import { positionHolder } from './position-holders.js';

export interface ConfigurationAlert {
  key: string;
  /** A position with nobody in it, or reports waiting because their cases have no servicing department. */
  kind: 'unfilled-position' | 'case-without-department';
  position: EscalationPosition;
  departmentId: string | null;
  departmentName: string | null;
  /** Set when a report already went nowhere because of this gap. */
  missedReports: number;
  lastCaseId: string | null;
  firstSeenAt: string | null;
  lastSeenAt: string | null;
}

/**
 * Every escalation position with nobody in it, now: the company positions and each department's manager and VP in
 * charge, with how many upgrading reports already had nobody to go to. A gap that was filled disappears.
 */
export async function listOpenConfigurationAlerts(context: ServiceContext): Promise<ConfigurationAlert[]> {
  const db = context.storage.db;
  const recorded = new Map((await listConfigurationAlerts(db)).map((row) => [row.key, row]));
  const alerts: ConfigurationAlert[] = [];
  const add = (position: EscalationPosition, departmentId: string | null, departmentName: string | null) => {
    const key = `unfilled:${position}:${departmentId ?? 'company'}`;
    const seen = recorded.get(key);
    alerts.push({
      key,
      kind: 'unfilled-position',
      position,
      departmentId,
      departmentName,
      missedReports: seen?.occurrences ?? 0,
      lastCaseId: seen?.last_case_id ?? null,
      firstSeenAt: seen?.first_seen_at ?? null,
      lastSeenAt: seen?.last_seen_at ?? null,
    });
  };
  for (const position of COMPANY_POSITIONS) {
    if (!(await positionHolder(db, position, null))) add(position, null, null);
  }
  for (const department of await listDepartments(db, { limit: 10_000 })) {
    for (const position of DEPARTMENT_POSITIONS) {
      if (!(await positionHolder(db, position, department.id))) add(position, department.id, department.name);
    }
  }
  // Reports for cases without a department had nobody to go to either; they stay while such a case is unresolved
  // and unassigned.
  const waiting = new Set(await positionsWaitingForADepartment(db));
  for (const [key, row] of recorded) {
    if (key.endsWith(':no-department') && waiting.has(row.position)) {
      alerts.push({
        key,
        kind: 'case-without-department',
        position: row.position,
        departmentId: null,
        departmentName: null,
        missedReports: row.occurrences,
        lastCaseId: row.last_case_id,
        firstSeenAt: row.first_seen_at,
        lastSeenAt: row.last_seen_at,
      });
    }
  }
  return alerts;
}
