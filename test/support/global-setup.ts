import type { TestProject } from 'vitest/node';
import { buildTemplates, dropTemplates, type TestTemplates } from './database-templates.js';

/**
 * Vitest runs global setup once for each project of the run (and the root), each in a module instance of its own;
 * the templates are built by the first and shared through the process.
 */
const BUILT = Symbol.for('casedesk.test-templates');
type WithTemplates = typeof globalThis & { [BUILT]?: Promise<TestTemplates> };

/**
 * Says once, up front, whether the PostgreSQL half of the suite runs (CI must never skip it); then migrates the run's
 * database templates (test/support/database-templates.ts) and hands them to the workers. The teardown drops them and
 * whatever databases of the run the tests left, failed or not.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const url = process.env.CASEDESK_TEST_DATABASE_URL;
  const shared = globalThis as WithTemplates;
  const first = shared[BUILT] === undefined;
  if (first) {
    if (!url) {
      const how =
        'PostgreSQL tests are SKIPPED: set CASEDESK_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/<fresh database> ' +
        '(createdb first) to run every storage and API test on PostgreSQL too, as .ci/run does.';
      if (process.env.CI) throw new Error(`CI must run the PostgreSQL tests. ${how}`);
      console.warn(`\n⚠ ${how}\n`);
    }
    shared[BUILT] = buildTemplates(url);
  }
  const templates = await shared[BUILT]!;
  project.provide('casedeskTestTemplates', templates);
  if (!first) return undefined;
  return async () => {
    delete shared[BUILT];
    await dropTemplates(templates, url);
  };
}
