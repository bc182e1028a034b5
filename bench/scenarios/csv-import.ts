import fs from 'node:fs';
import path from 'node:path';
import type { Actor } from '../../src/domain/access/permissions.js';
import { ManualClock, type ServiceContext } from '../../src/services/context.js';
import { importCsv } from '../../src/services/delivered-systems/import-csv.js';
import { createProject } from '../../src/services/delivered-systems/manage-projects.js';
import { createVendor } from '../../src/services/delivered-systems/manage-vendors.js';
import { createOrganization } from '../../src/services/organizations/manage-organizations.js';
import { openStorage } from '../../src/storage/db.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { freshDataDir, freshPostgresDatabase, report, type BenchLine } from '../support.js';

const ROWS = 100_000;
const ORGANIZATIONS = 5;
const PROJECTS_PER_ORGANIZATION = 10;
/** Every 10th product belongs to no project, as loose spare parts do in the spreadsheets companies import. */
const LOOSE_EVERY = 10;
const NOW = '2026-06-01T08:00:00.000Z';

const admin: Actor = { userId: 'bench', role: 'admin', organizationId: null };

/** A CSV field, quoted only when it must be. */
function field(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The products file a company would export from its spreadsheet: organisations by code, projects by name, vendors
 * by name (one, "Ruijie", not on record yet), a comma inside a quoted note now and then.
 */
function productsCsv(): string {
  const vendors = ['Cisco', 'Huawei', 'H3C', 'Ruijie'];
  const lines = ['Organization,Project,Vendor,Model,Serial Number,Software Version,Site,Notes'];
  for (let i = 1; i <= ROWS; i++) {
    const organization = (i % ORGANIZATIONS) + 1;
    const project = i % LOOSE_EVERY === 0 ? '' : `Campus network ${organization}-${(i % PROJECTS_PER_ORGANIZATION) + 1}`;
    const notes = i % 7 === 0 ? 'Rack 3, slot 2' : '';
    lines.push(
      [
        `IMP-${organization}`,
        project,
        vendors[i % vendors.length]!,
        'S5735-L48T4X-A',
        `IMP${String(i).padStart(9, '0')}`,
        'V200R022C00',
        `Building ${i % 12}`,
        notes,
      ]
        .map(field)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The organisations and projects the products belong to, entered the ordinary way, through the services. */
async function seed(context: ServiceContext): Promise<void> {
  for (const name of ['Cisco', 'Huawei', 'H3C']) await createVendor(context, admin, { name, supportCenter: { name: `${name} support` } });
  for (let organization = 1; organization <= ORGANIZATIONS; organization++) {
    const created = await createOrganization(context, admin, { name: `Import customer ${organization}`, code: `IMP-${organization}` });
    for (let project = 1; project <= PROJECTS_PER_ORGANIZATION; project++) {
      await createProject(context, admin, {
        organizationId: created.id,
        name: `Campus network ${organization}-${project}`,
        deliveredAt: '2025-03-01',
        guaranteeEndsAt: '2028-02-29',
      });
    }
  }
}

/** Import of 100 000 products from CSV (parse, check every row, store all or nothing), in-process. */
export async function csvImportScenario(): Promise<BenchLine[]> {
  const lines: BenchLine[] = [];
  const csv = productsCsv();
  for (const database of ['sqlite', 'postgres'] as const) {
    const postgres = database === 'postgres' ? await freshPostgresDatabase('csv') : null;
    if (database === 'postgres' && !postgres) break;
    const dataDir = freshDataDir();
    const storage = openStorage(
      postgres ? { kind: 'postgres', url: postgres.url } : { kind: 'sqlite', file: path.join(dataDir, 'casedesk.sqlite') },
    );
    try {
      await migrateToLatest(storage);
      const context: ServiceContext = { storage, clock: new ManualClock(NOW), publicUrl: 'http://localhost' };
      await seed(context);
      // Phase boundaries from the progress callback: parsing ends when checking starts, checking when storing starts.
      const phaseStarts = new Map<string, number>();
      const onProgress = (phase: string) => {
        if (!phaseStarts.has(phase)) phaseStarts.set(phase, performance.now());
      };
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      const result = await importCsv(context, admin, 'products', csv, { onProgress });
      const ended = performance.now();
      const cpu = process.cpuUsage(cpuBefore);
      const seconds = (ended - started) / 1000;
      if (result.problems.length > 0) throw new Error(`import reported problems: ${JSON.stringify(result.problems.slice(0, 3))}`);
      const stored = await storage.db
        .selectFrom('assets')
        .select((eb) => eb.fn.countAll<number | string>().as('count'))
        .executeTakeFirstOrThrow();
      if (result.created !== ROWS || Number(stored.count) !== ROWS) {
        throw new Error(`expected ${ROWS} products stored, report says ${result.created}, table holds ${stored.count}`);
      }
      if (result.vendorsCreated !== 1) throw new Error(`expected the import to add 1 vendor, it added ${result.vendorsCreated}`);
      const scenario = `CSV import, ${ROWS.toLocaleString('en')} products`;
      lines.push(
        report({ scenario, database, metric: `import (${(csv.length / 2 ** 20).toFixed(1)} MiB file)`, value: seconds, unit: 's' }),
      );
      lines.push(
        report({
          scenario,
          database,
          metric: 'rows per second',
          value: Math.round(ROWS / seconds),
          unit: 'rows/s',
          ...(database === 'sqlite' ? { target: '>= 20000' } : {}),
        }),
      );
      const checking = phaseStarts.get('checking') ?? started;
      const storing = phaseStarts.get('storing') ?? ended;
      const phases = `parse ${((checking - started) / 1000).toFixed(1)} s, check ${((storing - checking) / 1000).toFixed(1)} s, store ${((ended - storing) / 1000).toFixed(1)} s`;
      // On a shared machine the wall clock includes waiting for a core; this process's own CPU time does not.
      lines.push(
        report({
          scenario,
          database,
          metric: `rows per CPU-second of this process`,
          value: Math.round(ROWS / ((cpu.user + cpu.system) / 1e6)),
          unit: 'rows/s',
        }),
      );
      console.log(`${''.padEnd(34)} ${phases}${database === 'postgres' ? ' (PostgreSQL server CPU not in the CPU figure)' : ''}`);
    } finally {
      await storage.close();
      await postgres?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return lines;
}
