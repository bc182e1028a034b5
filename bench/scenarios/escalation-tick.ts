import { sql } from 'kysely';
import path from 'node:path';
import { ManualClock, type ServiceContext } from '../../src/services/context.js';
import { openCase } from '../../src/services/cases/open-case.js';
import { assignCompanyPosition } from '../../src/services/departments/company-positions.js';
import { createDepartment } from '../../src/services/departments/manage-departments.js';
import { fireDueEscalations } from '../../src/services/escalations/fire-due-escalations.js';
import { createOrganization } from '../../src/services/organizations/manage-organizations.js';
import { createUser } from '../../src/services/people/create-user.js';
import { openStorage, type Storage } from '../../src/storage/db.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { freshDataDir, freshPostgresDatabase, median, report, type BenchLine } from '../support.js';

const SIZES = [10_000, 1_000_000];
const DUE_PER_TICK = 100;
const ROUNDS = 5;
const NOW = Date.parse('2026-06-01T12:00:00Z');

export interface Fixture {
  organizationId: string;
  departmentId: string;
  policyVersionId: string;
}

export async function fixture(context: ServiceContext): Promise<Fixture> {
  const system = { userId: 'bench', role: 'admin' as const, organizationId: null };
  const person = (role: 'manager' | 'admin', name: string) =>
    createUser(context, null, { email: `${name}@example.com`, name, role, organizationId: null, language: 'en' });
  const manager = await person('manager', 'dept-manager');
  const vp = await person('manager', 'vp');
  const gm = await person('manager', 'gm');
  const president = await person('manager', 'president');
  const department = await createDepartment(context, system, {
    name: 'Network services',
    managerUserId: manager.id,
    vpInChargeUserId: vp.id,
  });
  await assignCompanyPosition(context, system, 'operation-center-gm', gm.id);
  await assignCompanyPosition(context, system, 'president', president.id);
  const organization = await createOrganization(context, system, { name: 'Bench customer' });
  const first = await openCase(context, system, {
    organizationId: organization.id,
    departmentId: department.id,
    channel: 'hotline',
    level: 3,
    title: 'first',
    description: '',
  });
  return { organizationId: organization.id, departmentId: department.id, policyVersionId: first.policy_version_id };
}

/**
 * Inserts `count` open cases, each with two pending steps, in one statement per table (a series in SQL), so a
 * million cases take seconds. `dueOffsetMs` places the steps relative to `now`: in the future for the open-case
 * background, in the past for the cases a tick must fire.
 */
export async function insertCases(
  storage: Storage,
  f: Fixture,
  prefix: string,
  count: number,
  dueOffsetMs: number,
  now: number = NOW,
): Promise<void> {
  const series =
    storage.dialect === 'postgres'
      ? sql`select i from generate_series(1, ${count}) as s(i)`
      : sql`select value as i from (with recursive s(value) as (select 1 union all select value + 1 from s where value < ${count}) select value from s)`;
  const receivedAt = new Date(now + Math.min(0, dueOffsetMs) - 3_600_000).toISOString();
  const due = new Date(now + dueOffsetMs).toISOString();
  const later = new Date(now + dueOffsetMs + 20 * 3_600_000).toISOString();
  const id = sql`${prefix} || cast(i as text)`;
  await sql`insert into cases (id, number, organization_id, department_id, channel, level, kind, title, description, status, received_at, created_at, updated_at,
      policy_version_id, clock_counted_ms, clock_running_since, next_escalation_due_at)
    select ${id}, 'B-' || ${id}, ${f.organizationId}, ${f.departmentId}, 'hotline', 2, 'fault', 'Bench case', '', 'new', ${receivedAt}, ${receivedAt}, ${receivedAt},
      ${f.policyVersionId}, 0, ${receivedAt}, ${due}
    from (${series}) as n`.execute(storage.db);
  await sql`insert into escalation_steps (id, case_id, position, level, after_hours, vendor_report, status, due_at)
    select ${id} || '-m', ${id}, 'department-manager', 2, 4, 0, 'pending', ${due} from (${series}) as n`.execute(storage.db);
  await sql`insert into escalation_steps (id, case_id, position, level, after_hours, vendor_report, status, due_at)
    select ${id} || '-g', ${id}, 'operation-center-gm', 2, 24, 1, 'pending', ${later} from (${series}) as n`.execute(storage.db);
  if (storage.dialect === 'postgres') await sql`analyze`.execute(storage.db);
}

/** One scheduler tick with 100 due steps, among 10 000 and then 1 000 000 open cases; the ratio shows whether open cases cost. */
export async function escalationTickScenario(): Promise<BenchLine[]> {
  const lines: BenchLine[] = [];
  for (const database of ['sqlite', 'postgres'] as const) {
    const tickMsBySize = new Map<number, number>();
    for (const size of SIZES) {
      const postgres = database === 'postgres' ? await freshPostgresDatabase('tick') : null;
      if (database === 'postgres' && !postgres) return lines;
      const storage = openStorage(
        postgres ? { kind: 'postgres', url: postgres.url } : { kind: 'sqlite', file: path.join(freshDataDir(), 'casedesk.sqlite') },
      );
      await migrateToLatest(storage);
      const clock = new ManualClock(NOW);
      const context: ServiceContext = { storage, clock, publicUrl: 'http://localhost' };
      const f = await fixture(context);
      const seedStarted = performance.now();
      await insertCases(storage, f, 'open-', size, 48 * 3_600_000);
      const seedMs = performance.now() - seedStarted;

      const idle: number[] = [];
      const ticks: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        let started = performance.now();
        await fireDueEscalations(context);
        idle.push(performance.now() - started);
        await insertCases(storage, f, `due-${round}-`, DUE_PER_TICK, -60_000);
        started = performance.now();
        const fired = await fireDueEscalations(context);
        ticks.push(performance.now() - started);
        if (fired !== DUE_PER_TICK) throw new Error(`expected ${DUE_PER_TICK} fired steps, got ${fired}`);
      }
      await storage.close();
      await postgres?.drop();
      tickMsBySize.set(size, median(ticks));
      lines.push(
        report({
          scenario: `escalation tick, ${size.toLocaleString('en')} open`,
          database,
          metric: `seeded in`,
          value: seedMs / 1000,
          unit: 's',
        }),
      );
      lines.push(
        report({
          scenario: `escalation tick, ${size.toLocaleString('en')} open`,
          database,
          metric: `idle tick (nothing due), median`,
          value: median(idle),
          unit: 'ms',
        }),
      );
      lines.push(
        report({
          scenario: `escalation tick, ${size.toLocaleString('en')} open`,
          database,
          metric: `tick firing ${DUE_PER_TICK} steps, median`,
          value: median(ticks),
          unit: 'ms',
        }),
      );
    }
    const ratio = tickMsBySize.get(SIZES[1]!)! / tickMsBySize.get(SIZES[0]!)!;
    lines.push(report({ scenario: 'escalation tick 1M / 10k open', database, metric: 'ratio', value: ratio, unit: 'x', target: '<= 2' }));
  }
  return lines;
}
