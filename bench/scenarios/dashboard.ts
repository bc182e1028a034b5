import { sql } from 'kysely';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../../src/http/app.js';
import { createApiToken } from '../../src/services/auth/api-tokens.js';
import { systemClock, type ServiceContext } from '../../src/services/context.js';
import { createWallboardToken } from '../../src/services/dashboard/wallboard-tokens.js';
import { openStorage } from '../../src/storage/db.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { findUserByEmail } from '../../src/storage/repositories/users.js';
import { freshDataDir, freshPostgresDatabase, percentile, report, type BenchLine } from '../support.js';
import { timed } from './search.js';
import { seedCaseQueue } from './web-console.js';

const CASES = 1_000_000;

/**
 * The Operation Center through the HTTP app (`GET /api/v1/dashboard`, routes, access, serializer), company-wide, for
 * one department and as a wallboard token, over the queue benchmark's 1 000 000 cases (60 % open, one department)
 * with: an upgrading report pending for every open case that has a next escalation (about 400 000, a few hundred
 * due within the hour), a first-response target on every case (one in five missed) and an engineer on site on one
 * open case in a thousand. `CASEDESK_BENCH_CASES` makes the set smaller (a smoke run), `CASEDESK_BENCH_DATABASES=postgres`
 * measures one database.
 */
export async function dashboardScenario(
  databases: readonly ('sqlite' | 'postgres')[] = (['sqlite', 'postgres'] as const).filter(
    (name) => !process.env.CASEDESK_BENCH_DATABASES || process.env.CASEDESK_BENCH_DATABASES.split(',').includes(name),
  ),
  cases = Number(process.env.CASEDESK_BENCH_CASES ?? CASES),
): Promise<BenchLine[]> {
  const lines: BenchLine[] = [];
  const scenario = `dashboard, ${cases.toLocaleString('en')} cases`;
  for (const database of databases) {
    const postgres = database === 'postgres' ? await freshPostgresDatabase('dashboard') : null;
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
      const db = storage.db;
      // One open case in a hundred escalated; every open case with a next escalation has that report pending.
      await sql`update cases set escalated_at = received_at where resolved_at is null and number like '%00'`.execute(db);
      await sql`insert into escalation_steps (id, case_id, position, level, after_hours, vendor_report, status, due_at, fired_at, recipients_json)
        select id || '-gm', id, 'operation-center-gm', level, 4, 0, 'pending', next_escalation_due_at, null, null
        from cases where resolved_at is null and next_escalation_due_at is not null and number like 'Q-%'`.execute(db);
      // A first-response target on every case, due when it came in; one in five never answered (a breach).
      await sql`update cases set first_response_due_at = received_at,
        first_responded_at = case when number like '%0' or number like '%5' then null else received_at end`.execute(db);
      await sql`insert into case_actions (id, case_id, type, performed_by, engineer_user_id, summary, created_at)
        select id || '-visit', id, 'onsite', ${agent.id}, ${agent.id}, 'On site', received_at
        from cases where resolved_at is null and number like '%000'`.execute(db);
      await sql`insert into visits (id, case_id, organization_id, engineer_user_id, action_id, starts_at, ends_at, site, status, arrived_at,
          sequence, created_by, created_at, updated_at)
        select id || '-visit', id, organization_id, ${agent.id}, id || '-visit', received_at, received_at, 'Site', 'on-site', received_at,
          0, ${manager.id}, received_at, received_at
        from cases where resolved_at is null and number like '%000'`.execute(db);
      if (storage.dialect === 'postgres') await sql`vacuum analyze`.execute(db);
      else await sql`pragma wal_checkpoint(truncate)`.execute(db);
      lines.push(report({ scenario, database, metric: 'seed', value: (performance.now() - seedStarted) / 1000, unit: 's' }));

      const context: ServiceContext = { storage, clock: systemClock, publicUrl: 'http://localhost' };
      const department = await db.selectFrom('departments').select('id').executeTakeFirstOrThrow();
      const app = await buildApp({ context, webRoot: false });
      await app.ready();
      try {
        const staff = `Bearer ${(await createApiToken(context, manager.id, 'bench', null)).token}`;
        const wallboard = `Bearer ${(await createWallboardToken(context, { userId: manager.id, role: 'admin', organizationId: null }, 'bench')).token}`;
        const measure = async (label: string, url: string, authorization: string) => {
          let open = 0;
          const times = await timed(async () => {
            const response = await app.inject({ method: 'GET', url, headers: { authorization } });
            if (response.statusCode !== 200) throw new Error(`GET ${url} → ${response.statusCode}: ${response.body}`);
            open = response.json<{ open: number }>().open;
          });
          lines.push(
            report({ scenario, database, metric: `${label} (${open} open), p50`, value: percentile(times, 50), unit: 'ms' }),
            report({ scenario, database, metric: `${label}, p95`, value: percentile(times, 95), unit: 'ms', target: '< 100 ms' }),
          );
        };
        await measure('company-wide', '/api/v1/dashboard', staff);
        await measure('one department', `/api/v1/dashboard?departmentId=${department.id}`, staff);
        await measure('wallboard token', '/api/v1/dashboard', wallboard);
      } finally {
        await app.close();
      }
    } finally {
      await storage.close();
      await postgres?.drop();
    }
  }
  return lines;
}
