import { DEMO_PASSWORD, loadDemoCompany } from '../../services/demo/load-demo-company.js';
import { loadConfig } from '../../config.js';
import { withContext } from './foundation-commands.js';

/** `casedesk demo`: fills an empty database with a demo company and says how to sign in as each role. */
export async function demoCommand(): Promise<void> {
  const signIns = await withContext((context) => loadDemoCompany(context));
  const config = loadConfig();
  console.log(`Demo company loaded. Start CaseDesk (npm start) and sign in at ${config.publicUrl} with password "${DEMO_PASSWORD}" as:`);
  const width = Math.max(...signIns.map((signIn) => signIn.email.length));
  for (const signIn of signIns) console.log(`  ${signIn.role.padEnd(10)} ${signIn.email.padEnd(width)}  ${signIn.name} — ${signIn.what}`);
}
