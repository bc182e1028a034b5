import {
  freePort,
  freshDataDir,
  freshPostgresDatabase,
  median,
  report,
  rssMb,
  startServerProcess,
  type BenchLine,
  SERVER_NODE_FLAGS,
} from '../support.js';

const RUNS = 5;

/**
 * `npm start` from process spawn to /readyz 200, then resident memory when idle. Measured twice: on a fresh database
 * (the first start, which creates the schema) and on one that is already migrated (every later start, and the usual
 * meaning of a cold start: a new process).
 */
export async function startupScenario(): Promise<BenchLine[]> {
  const lines: BenchLine[] = [];
  for (const database of ['sqlite', 'postgres'] as const) {
    const freshReady: number[] = [];
    const migratedReady: number[] = [];
    const idleRss: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const dataDir = freshDataDir();
      const postgres = database === 'postgres' ? await freshPostgresDatabase('startup') : null;
      if (database === 'postgres' && !postgres) return lines;
      const env = { CASEDESK_DATA_DIR: dataDir, ...(postgres ? { CASEDESK_DATABASE_URL: postgres.url } : {}) };
      for (const times of [freshReady, migratedReady]) {
        const port = freePort();
        const server = await startServerProcess(
          [...SERVER_NODE_FLAGS, 'dist/cli/main.js', 'serve'],
          { ...env, CASEDESK_PORT: String(port) },
          { port },
        );
        times.push(server.readyMs);
        if (times === migratedReady) {
          await new Promise((resolve) => setTimeout(resolve, 1_500));
          idleRss.push(rssMb(server.child.pid!));
        }
        await server.stop();
      }
      await postgres?.drop();
    }
    const scenario = 'cold start to ready';
    lines.push(
      report({
        scenario,
        database,
        metric: `fresh database, median of ${RUNS}`,
        value: median(freshReady),
        unit: 'ms',
        target: '< 1500 ms',
      }),
    );
    lines.push(
      report({
        scenario,
        database,
        metric: `migrated database, median of ${RUNS}`,
        value: median(migratedReady),
        unit: 'ms',
        target: '< 1500 ms',
      }),
    );
    lines.push(
      report({
        scenario: 'idle memory',
        database,
        metric: 'RSS 1.5 s after ready, median',
        value: median(idleRss),
        unit: 'MB',
        target: '< 150 MB',
      }),
    );
  }
  return lines;
}
