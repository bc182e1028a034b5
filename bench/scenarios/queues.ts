import { sql } from 'kysely';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Actor } from '../../src/domain/access/permissions.js';
import { QUEUE_VIEWS, sortsOfView, type QueueView } from '../../src/domain/cases/queue-views.js';
import { listCases } from '../../src/services/cases/view-cases.js';
import { systemClock, type ServiceContext } from '../../src/services/context.js';
import { viewQueues } from '../../src/services/queues/view-queues.js';
import { openStorage } from '../../src/storage/db.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { findUserByEmail } from '../../src/storage/repositories/users.js';
import { freshDataDir, freshPostgresDatabase, percentile, report, type BenchLine } from '../support.js';
import { timed } from './search.js';
import { seedCaseQueue } from './web-console.js';

const CASES = 1_000_000;
/**
 * The queue API in-process (the service as `GET /api/v1/cases?view=…` and `GET /api/v1/queues` call it) over
 * 1 000 000 cases (60 % open, one department, 1 in 50 open cases the agent's, 1 in 100 open cases escalated to the
 * manager): each view's first page in its default order, the open view in every order, and all views' capped counts.
 */
export async function queuesScenario(
  databases: readonly ('sqlite' | 'postgres')[] = ['sqlite', 'postgres'],
  cases = CASES,
): Promise<BenchLine[]> {
  const lines: BenchLine[] = [];
  for (const database of databases) {
    const postgres = database === 'postgres' ? await freshPostgresDatabase('queues') : null;
    if (database === 'postgres' && !postgres) break;
    const storage = openStorage(
      postgres ? { kind: 'postgres', url: postgres.url } : { kind: 'sqlite', file: path.join(freshDataDir(), 'casedesk.sqlite') },
    );
    try {
      await migrateToLatest(storage);
      const seedStarted = performance.now();
      await seedCaseQueue(storage, cases);
      const agent = (await findUserByEmail(storage.db, 'queue-agent@example.com'))!;
      const manager = (await findUserByEmail(storage.db, 'queue-manager@example.com'))!;
      // One open case in a hundred escalated, its department manager told.
      await sql`update cases set escalated_at = received_at where resolved_at is null and id like '%00'`.execute(storage.db);
      await sql`insert into escalation_steps (id, case_id, position, level, after_hours, vendor_report, status, due_at, fired_at, recipients_json)
        select id || '-dm', id, 'department-manager', level, 1, 0, 'fired', received_at, received_at, '[]' from cases where escalated_at is not null`.execute(
        storage.db,
      );
      await sql`insert into escalation_recipients (user_id, case_id, step_id)
        select ${manager.id}, id, id || '-dm' from cases where escalated_at is not null`.execute(storage.db);
      if (storage.dialect === 'postgres') await sql`analyze`.execute(storage.db);
      lines.push(
        report({ scenario: 'queues', database, metric: `seed ${cases} cases`, value: (performance.now() - seedStarted) / 1000, unit: 's' }),
      );

      const context: ServiceContext = { storage, clock: systemClock, publicUrl: 'http://localhost' };
      const engineer: Actor = { userId: agent.id, role: 'expert', organizationId: null };
      const boss: Actor = { userId: manager.id, role: 'manager', organizationId: null };
      const readerOf = (view: QueueView) => (view === 'escalated-to-me' ? boss : engineer);
      const line = (metric: string, times: number[]) => {
        lines.push(report({ scenario: 'queues', database, metric: `${metric} p50`, value: percentile(times, 50), unit: 'ms' }));
        lines.push(
          report({ scenario: 'queues', database, metric: `${metric} p95`, value: percentile(times, 95), unit: 'ms', target: '< 50 ms' }),
        );
      };
      for (const view of QUEUE_VIEWS) line(`view ${view}`, await timed(() => listCases(context, readerOf(view), { view, limit: 50 })));
      for (const sort of sortsOfView('open'))
        for (const direction of ['asc', 'desc'] as const)
          line(
            `open by ${sort} ${direction}`,
            await timed(() => listCases(context, engineer, { view: 'open', sort, direction, limit: 50 })),
          );
      line('counts (all views, manager)', await timed(() => viewQueues(context, boss)));
    } finally {
      await storage.close();
      await postgres?.drop();
    }
  }
  return lines;
}
