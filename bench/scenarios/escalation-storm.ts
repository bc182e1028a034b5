import path from 'node:path';
import { systemClock, type ServiceContext } from '../../src/services/context.js';
import { openStorage, type DatabaseTarget } from '../../src/storage/db.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { startSmtpSink } from '../../test/escalations/smtp-sink.js';
import {
  freePort,
  freshDataDir,
  freshPostgresDatabase,
  percentile,
  report,
  SERVER_NODE_FLAGS,
  startServerProcess,
  type BenchLine,
  type ServerProcess,
} from '../support.js';
import { fixture, insertCases } from './escalation-tick.js';

const STEPS = 2_000;
const ANSWER_MS = 50;
const ESCALATION_TICK_MS = 1_000;
/** Time to seed the cases before their steps come due, so seeding is not measured. */
const LEAD_MS = 3_000;
const GIVE_UP_MS = 180_000;

interface Setup {
  database: 'sqlite' | 'postgres';
  instances: number;
}

const SETUPS: Setup[] = [
  { database: 'postgres', instances: 1 },
  { database: 'postgres', instances: 3 },
  { database: 'sqlite', instances: 1 },
];

/**
 * 2 000 upgrading reports due at the same moment, sent by running servers (`npm start`, default outbox settings) to
 * a real SMTP server that takes 50 ms to answer each mail. Measures from the steps' due time until the relay has
 * accepted every mail, and each mail's own due → accepted time.
 */
export async function escalationStormScenario(): Promise<BenchLine[]> {
  const lines: BenchLine[] = [];
  for (const setup of SETUPS) {
    const postgres = setup.database === 'postgres' ? await freshPostgresDatabase('storm') : null;
    if (setup.database === 'postgres' && !postgres) continue;
    const dataDir = freshDataDir();
    const target: DatabaseTarget = postgres
      ? { kind: 'postgres', url: postgres.url }
      : { kind: 'sqlite', file: path.join(dataDir, 'casedesk.sqlite') };
    const storage = openStorage(target);
    await migrateToLatest(storage);
    const context: ServiceContext = { storage, clock: systemClock, publicUrl: 'http://localhost' };
    const f = await fixture(context);

    const sink = await startSmtpSink(0, { answerDelayMs: ANSWER_MS, headersOnly: true });
    const servers: ServerProcess[] = [];
    try {
      for (let index = 0; index < setup.instances; index++) {
        const port = freePort();
        servers.push(
          await startServerProcess(
            [...SERVER_NODE_FLAGS, 'dist/cli/main.js', 'serve'],
            {
              CASEDESK_PORT: String(port),
              CASEDESK_DATA_DIR: dataDir,
              ...(postgres ? { CASEDESK_DATABASE_URL: postgres.url } : {}),
              CASEDESK_SMTP_URL: sink.url,
              CASEDESK_ESCALATION_TICK_MS: String(ESCALATION_TICK_MS),
            },
            { port },
          ),
        );
      }
      const dueAt = Date.now() + LEAD_MS;
      await insertCases(storage, f, 'storm-', STEPS, 0, dueAt);
      if (Date.now() > dueAt) throw new Error('seeding took longer than the lead time; raise LEAD_MS');

      const deadline = dueAt + GIVE_UP_MS;
      const firstAccepted = new Map<string, number>();
      while (firstAccepted.size < STEPS && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        for (const mail of sink.received) if (!firstAccepted.has(mail.messageId)) firstAccepted.set(mail.messageId, mail.acceptedAt);
      }
      if (firstAccepted.size < STEPS) throw new Error(`only ${firstAccepted.size} of ${STEPS} mails accepted in ${GIVE_UP_MS / 1000} s`);
      // A moment more, so a copy sent twice would show.
      await new Promise((resolve) => setTimeout(resolve, 1_000));

      const lastFired = await storage.db
        .selectFrom('escalation_steps')
        .select((eb) => eb.fn.max('fired_at').as('at'))
        .where('status', '=', 'fired')
        .where('id', 'like', 'storm-%')
        .executeTakeFirstOrThrow();
      const latencies = [...firstAccepted.values()].map((at) => at - dueAt).sort((a, b) => a - b);
      const scenario = `escalation storm, ${STEPS.toLocaleString('en')} due, ${setup.instances} inst.`;
      lines.push(
        report({
          scenario,
          database: setup.database,
          metric: 'due → every mail accepted',
          value: latencies[latencies.length - 1]! / 1000,
          unit: 's',
          ...(setup.instances === 1 ? { target: '< 30 s' } : {}),
        }),
      );
      lines.push(
        report({
          scenario,
          database: setup.database,
          metric: 'due → every report fired',
          value: (Date.parse(String(lastFired.at)) - dueAt) / 1000,
          unit: 's',
        }),
      );
      lines.push(
        report({ scenario, database: setup.database, metric: 'due → accepted, p50', value: percentile(latencies, 50) / 1000, unit: 's' }),
      );
      lines.push(
        report({ scenario, database: setup.database, metric: 'due → accepted, p99', value: percentile(latencies, 99) / 1000, unit: 's' }),
      );
      lines.push(
        report({
          scenario,
          database: setup.database,
          metric: 'copies accepted twice',
          value: sink.received.length - firstAccepted.size,
          unit: 'mails',
        }),
      );
      lines.push(
        report({
          scenario,
          database: setup.database,
          metric: 'SMTP connections open at once, peak',
          value: sink.peakConnections,
          unit: '',
        }),
      );
    } finally {
      await Promise.all(servers.map((server) => server.stop()));
      await storage.close();
      await sink.close();
      await postgres?.drop();
    }
  }
  return lines;
}
