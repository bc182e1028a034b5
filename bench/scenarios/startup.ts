import { freePort, freshDataDir, freshPostgresDatabase, median, report, rssMb, startServerProcess, type BenchLine } from '../support.js';

const RUNS = 5;

/** `npm start` from process spawn to /readyz 200 (database opened and migrated), then resident memory when idle. */
export async function startupScenario(): Promise<BenchLine[]> {
  const lines: BenchLine[] = [];
  for (const database of ['sqlite', 'postgres'] as const) {
    const readyTimes: number[] = [];
    const idleRss: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const dataDir = freshDataDir();
      const postgres = database === 'postgres' ? await freshPostgresDatabase('startup') : null;
      if (database === 'postgres' && !postgres) return lines;
      const port = freePort();
      const server = await startServerProcess(
        ['dist/cli/main.js', 'serve'],
        {
          CASEDESK_PORT: String(port),
          CASEDESK_DATA_DIR: dataDir,
          ...(postgres ? { CASEDESK_DATABASE_URL: postgres.url } : {}),
        },
        { port },
      );
      readyTimes.push(server.readyMs);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      idleRss.push(rssMb(server.child.pid!));
      await server.stop();
      await postgres?.drop();
    }
    lines.push(
      report({
        scenario: 'cold start to ready (fresh db)',
        database,
        metric: `median of ${RUNS}`,
        value: median(readyTimes),
        unit: 'ms',
        target: '< 1500 ms',
      }),
    );
    lines.push(
      report({
        scenario: 'idle memory',
        database,
        metric: `RSS 1.5 s after ready, median`,
        value: median(idleRss),
        unit: 'MB',
        target: '< 150 MB',
      }),
    );
  }
  return lines;
}
