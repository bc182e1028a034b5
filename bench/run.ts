/**
 * `npm run bench [-- --only a,b]`: CaseDesk's performance figures. Absolute times drift on shared machines, so
 * scenarios that have a baseline print a ratio measured in the same run. Targets are printed, never asserted.
 */
import os from 'node:os';
import { backupScenario } from './scenarios/backup.js';
import { csvImportScenario } from './scenarios/csv-import.js';
import { dashboardScenario } from './scenarios/dashboard.js';
import { entitlementScenario } from './scenarios/entitlement.js';
import { escalationStormScenario } from './scenarios/escalation-storm.js';
import { escalationTickScenario } from './scenarios/escalation-tick.js';
import { inboundScenario } from './scenarios/inbound.js';
import { intakeScenario } from './scenarios/intake.js';
import { queuesScenario } from './scenarios/queues.js';
import { reportsScenario } from './scenarios/reports.js';
import { millionScenario } from './scenarios/million.js';
import { startupScenario } from './scenarios/startup.js';
import { webConsoleScenario } from './scenarios/web-console.js';
import { webhooksScenario } from './scenarios/webhooks.js';
import { ensureServerBuilt, type BenchLine } from './support.js';

const SCENARIOS: Record<string, () => Promise<BenchLine[]>> = {
  startup: startupScenario,
  intake: intakeScenario,
  tick: escalationTickScenario,
  storm: escalationStormScenario,
  entitlement: entitlementScenario,
  'csv-import': csvImportScenario,
  'web-console': webConsoleScenario,
  inbound: inboundScenario,
  million: millionScenario,
  queues: () => queuesScenario(),
  dashboard: () => dashboardScenario(),
  reports: reportsScenario,
  webhooks: () => webhooksScenario(),
  backup: backupScenario,
};

const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex >= 0 ? (process.argv[onlyIndex + 1] ?? '').split(',').filter(Boolean) : Object.keys(SCENARIOS);
const unknown = only.filter((name) => !(name in SCENARIOS));
if (unknown.length > 0) {
  console.error(`unknown scenario(s): ${unknown.join(', ')}; known: ${Object.keys(SCENARIOS).join(', ')}`);
  process.exit(2);
}

console.log(
  `CaseDesk benchmarks — ${new Date().toISOString()} — node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
);
ensureServerBuilt();
for (const name of only) {
  console.log(`\n== ${name}`);
  await SCENARIOS[name]!();
}
