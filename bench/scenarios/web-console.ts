import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { sql } from 'kysely';
import { type Browser, type BrowserContext } from 'playwright-core';
import { CHROMIUM, launchChromium } from '../../test/support/chromium.js';
import type { Actor } from '../../src/domain/access/permissions.js';
import { openCase } from '../../src/services/cases/open-case.js';
import { systemClock, type ServiceContext } from '../../src/services/context.js';
import { createDepartment } from '../../src/services/departments/manage-departments.js';
import { createOrganization } from '../../src/services/organizations/manage-organizations.js';
import { createUser } from '../../src/services/people/create-user.js';
import { openStorage, type Storage } from '../../src/storage/db.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import {
  freePort,
  freshDataDir,
  freshPostgresDatabase,
  median,
  withOpenCaseCountsAfterwards,
  repoRoot,
  report,
  startServerProcess,
  type BenchLine,
  SERVER_NODE_FLAGS,
} from '../support.js';
import { numberSeries, uuidLike } from './entitlement.js';

const CASES = 100_000;
const ORGANIZATIONS = 20;
/** One open case in 50 is the signed-in agent's own: the default "my cases" queue. */
const MINE_EVERY = 50;
const RUNS = 5;
const webRoot = path.join(repoRoot, 'dist/web');
const webSources = path.join(repoRoot, 'web');
/** The lock the browser tests take while they build dist/web (test/browser/support/web-build.ts). */
const webBuildLock = path.join(repoRoot, 'dist/.web-build-lock');
const ROW = 'table.cd-table tbody tr';
const PASSWORD = 'bench-password-42';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * `npm run build:web` unless dist/web is already newer than web/ and the lock file. Other engineers' browser
 * tests serve dist/web while they run, and the build empties it first, so an unneeded rebuild is skipped and a
 * needed one takes the same lock the tests take.
 */
export async function buildWeb(): Promise<string> {
  const index = path.join(webRoot, 'index.html');
  const sourcesChanged = Math.max(newestMtime(webSources), fs.statSync(path.join(repoRoot, 'package-lock.json')).mtimeMs);
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= sourcesChanged) return 'dist/web is newer than web/: not rebuilt';
  fs.mkdirSync(path.dirname(webBuildLock), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      fs.mkdirSync(webBuildLock);
      break;
    } catch {
      if (attempt > 480) throw new Error(`${webBuildLock} held for two minutes`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    const started = performance.now();
    execFileSync('npm', ['run', '--silent', 'build:web'], {
      cwd: repoRoot,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
    return `built with npm run build:web in ${((performance.now() - started) / 1000).toFixed(1)} s`;
  } finally {
    fs.rmSync(webBuildLock, { recursive: true, force: true });
  }
}

function gzippedSize(assetPath: string): number {
  return zlib.gzipSync(fs.readFileSync(path.join(webRoot, assetPath.replace(/^\//, '')))).length;
}

/** What index.html makes the browser fetch before any route runs: the entry script, its modulepreloads, the CSS. */
function initialAssets(): { js: string[]; css: string[] } {
  const html = fs.readFileSync(path.join(webRoot, 'index.html'), 'utf8');
  const attribute = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]+)"`).exec(tag)?.[1];
  const js = new Set<string>();
  const css = new Set<string>();
  for (const [tag] of html.matchAll(/<script\b[^>]*>/g)) {
    const src = attribute(tag, 'src');
    if (src) js.add(src);
  }
  for (const [tag] of html.matchAll(/<link\b[^>]*>/g)) {
    const rel = attribute(tag, 'rel');
    const href = attribute(tag, 'href');
    if (href && rel === 'modulepreload') js.add(href);
    if (href && rel === 'stylesheet') css.add(href);
  }
  return { js: [...js], css: [...css] };
}

interface Seeded {
  email: string;
}

/**
 * An agent (with a password, in a department) and 100 000 cases (or `cases`) across 20 customers in one INSERT…SELECT: 60 %
 * open in six statuses with escalations due over the next days, 40 % closed, one open case in 50 the agent's own.
 */
export async function seedCaseQueue(storage: Storage, cases = CASES): Promise<Seeded> {
  const context: ServiceContext = { storage, clock: systemClock, publicUrl: 'http://localhost' };
  const system: Actor = { userId: 'bench', role: 'admin', organizationId: null };
  const manager = await createUser(context, null, {
    email: 'queue-manager@example.com',
    name: 'Queue manager',
    role: 'manager',
    language: 'en',
  });
  const department = await createDepartment(context, system, { name: 'Network services', managerUserId: manager.id });
  const email = 'queue-agent@example.com';
  const agent = await createUser(context, null, {
    email,
    name: 'Queue agent',
    role: 'expert',
    departmentId: department.id,
    language: 'en',
    password: PASSWORD,
  });
  const organizations = [];
  for (let index = 1; index <= ORGANIZATIONS; index++)
    organizations.push(await createOrganization(context, system, { name: `Queue customer ${index}` }));
  const first = await openCase(context, system, {
    organizationId: organizations[0]!.id,
    departmentId: department.id,
    channel: 'hotline',
    level: 3,
    title: 'first',
    description: '',
  });

  const now = Date.now();
  // Instants are ISO text; a case's are computed in SQL from its number so the series stays one statement.
  const instant = (offsetMinutes: ReturnType<typeof sql>) =>
    storage.dialect === 'postgres'
      ? sql`to_char((to_timestamp(${now / 1000}) + (${offsetMinutes}) * interval '1 minute') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
      : sql`strftime('%Y-%m-%dT%H:%M:%fZ', ${now / 1000} + (${offsetMinutes}) * 60, 'unixepoch')`;
  const organizationOf = sql.join(
    organizations.map((organization, index) => sql`when ${sql.lit(index)} then ${organization.id}`),
    sql` `,
  );
  const status = sql`case i % 10 when 0 then 'new' when 1 then 'assigned' when 2 then 'diagnosing' when 3 then 'in_progress'
    when 4 then 'waiting_customer' when 5 then 'waiting_vendor' else 'closed' end`;
  const open = sql`i % 10 < 6`;
  const received = instant(sql`-i`);
  const id = uuidLike(storage, '01900000-0000-7000-8003-', sql`i`);
  await withOpenCaseCountsAfterwards(storage, () =>
    sql`insert into cases (id, number, organization_id, contact_id, department_id, assignee_user_id, channel, level, kind, title, description,
      status, received_at, created_at, updated_at, created_by, policy_version_id, clock_counted_ms, clock_running_since, next_escalation_due_at,
      escalated_at, first_response_due_at, first_responded_at, remote_authorized_at, remote_authorized_by, billing, entitlement_json, vendor_id,
      resolved_at, closed_at)
    select ${id}, 'Q-' || cast(i as text), case i % ${sql.lit(ORGANIZATIONS)} ${organizationOf} end, null, ${department.id},
      case when ${open} and i % ${sql.lit(MINE_EVERY)} = 1 then ${agent.id} else null end, 'hotline', 1 + i % 4, 'fault',
      'Core switch reboots every few minutes, case ' || cast(i as text), 'The distribution layer loses its uplink when the core reboots.',
      ${status}, ${received}, ${received}, ${received}, null, ${first.policy_version_id}, 0, case when ${open} then ${received} else null end,
      case when i % 10 < 4 then ${instant(sql`(i % 4000) - 120`)} else null end,
      null, null, null, null, null, 'chargeable', null, null,
      case when ${open} then null else ${instant(sql`-i + 600`)} end, case when ${open} then null else ${instant(sql`-i + 900`)} end
    from (${numberSeries(storage, cases)}) as n`.execute(storage.db),
  );
  if (storage.dialect === 'postgres') await sql`analyze`.execute(storage.db);
  return { email };
}

export interface Render {
  firstRowMs: number;
  jsUrls: string[];
  /** Milestones from navigation start (resource timing), to see where the time goes. */
  milestones: string;
}

/** Evaluated in the page after the first row: when the HTML, the scripts and the two API calls the queue waits for ended. */
const MILESTONES = `(() => {
  const entries = performance.getEntriesByType('resource');
  const ms = (value) => Math.round(value);
  const api = (part) => entries.find((entry) => entry.name.includes(part));
  const cases = api('/api/v1/cases?');
  const session = api('/api/v1/sessions/current');
  const scripts = entries.filter((entry) => entry.name.endsWith('.js'));
  const beforeCases = scripts.filter((entry) => !cases || entry.startTime < cases.startTime);
  const navigation = performance.getEntriesByType('navigation')[0];
  return [
    'html ' + ms(navigation.responseEnd),
    'scripts ' + beforeCases.length + ' done ' + ms(Math.max(...beforeCases.map((entry) => entry.responseEnd))),
    'session ' + (session ? ms(session.startTime) + '→' + ms(session.responseEnd) : '-'),
    'cases ' + (cases ? ms(cases.startTime) + '→' + ms(cases.responseEnd) : '-'),
    'row ' + ms(window.__firstRowMs),
  ].join(', ');
})()`;

/** One cold visit (new browser context: empty cache, the session cookie only), navigation start → first queue row painted. */
/** A new browser context (empty cache) holding only the session cookie, with `script` run before each page's own. */
export async function coldContext(browser: Browser, baseUrl: string, cookie: string, script: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: baseUrl, locale: 'en-GB', viewport: { width: 1280, height: 860 } });
  const [name, value] = cookie.split('=', 2) as [string, string];
  await context.addCookies([{ name, value, url: baseUrl }]);
  await context.addInitScript({ content: script });
  return context;
}

export async function timeFirstRow(browser: Browser, baseUrl: string, cookie: string, route: string): Promise<Render> {
  // Runs before the app (as page text: bench/ is type-checked without the DOM library): notes the time from
  // navigation start of the first frame after a queue row appears.
  const context = await coldContext(
    browser,
    baseUrl,
    cookie,
    `(() => {
        const observer = new MutationObserver(() => {
          if (window.__firstRowMs === undefined && document.querySelector(${JSON.stringify(ROW)})) {
            observer.disconnect();
            requestAnimationFrame(() => (window.__firstRowMs = performance.now()));
          }
        });
        observer.observe(document, { childList: true, subtree: true });
      })();`,
  );
  try {
    const page = await context.newPage();
    const jsUrls: string[] = [];
    const failures: string[] = [];
    page.on('response', (response) => {
      if (response.url().endsWith('.js')) jsUrls.push(new URL(response.url()).pathname);
      if (response.status() >= 400) failures.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });
    page.on('pageerror', (error) => failures.push(error.message));
    await page.goto(route, { waitUntil: 'commit' });
    await page
      .locator(ROW)
      .first()
      .waitFor({ state: 'visible', timeout: 30_000 })
      .catch(async (error: unknown) => {
        const text = (
          await page
            .locator('body')
            .innerText()
            .catch(() => '')
        )
          .replace(/\s+/g, ' ')
          .slice(0, 300);
        throw new Error(
          `no queue row on ${route}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}; page shows: ${text}; failures: ${failures.join(', ')}`,
        );
      });
    const firstRowMs = await page.waitForFunction('window.__firstRowMs', undefined, { timeout: 5_000 });
    const milestones = String(await page.evaluate(MILESTONES));
    return { firstRowMs: Number(await firstRowMs.jsonValue()), jsUrls, milestones };
  } finally {
    await context.close();
  }
}

/**
 * Starts a server (`args`, `env` and a free port) and measures on it. Other engineers' builds rewrite dist/web while
 * a server serves it (its index.html then names scripts that are gone): when that happens mid-visit, the server
 * starts again on the new build and the visits are made once more.
 */
export async function measureOnServer<T>(
  args: string[],
  env: Record<string, string>,
  readyTimeoutMs: number,
  measure: (url: string) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const builtAt = webBuildStamp();
    const port = freePort();
    const server = await startServerProcess(args, { ...env, CASEDESK_PORT: String(port) }, { port, timeoutMs: readyTimeoutMs });
    try {
      return await measure(server.url);
    } catch (error) {
      if (attempt >= 3 || webBuildStamp() === builtAt) throw error;
      console.log(`${''.padEnd(34)} dist/web was rebuilt during the visits (another build): measuring again`);
    } finally {
      await server.stop();
    }
  }
}

/** Signs in with e-mail and password; the session cookie (`name=value`) a browser then sends. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const cookie = response.headers.getSetCookie()[0]?.split(';')[0];
  if (response.status !== 201 || !cookie) throw new Error(`sign-in → ${response.status}: ${await response.text()}`);
  return cookie;
}

/** The queue's API call itself, timed from outside the browser, to tell server time from browser time. */
async function timeQueueApi(baseUrl: string, cookie: string, query: string): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const response = await fetch(`${baseUrl}/api/v1/cases?${query}`, { headers: { cookie } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`GET /api/v1/cases?${query} → ${response.status}`);
    times.push(performance.now() - started);
  }
  return median(times);
}

export function webBuildStamp(): number {
  return fs.statSync(path.join(webRoot, 'index.html'), { throwIfNoEntry: false })?.mtimeMs ?? 0;
}

/** Signs in as the agent and visits each queue view; returns the figures (printed by the caller once all succeeded). */
async function measureQueue(browser: Browser, baseUrl: string, email: string, database: 'sqlite' | 'postgres'): Promise<BenchLine[]> {
  const cookie = await signIn(baseUrl, email, PASSWORD);
  const scenario = `queue, ${CASES.toLocaleString('en')} cases`;
  const views = [
    { label: 'all open', route: '/cases?view=all', api: 'open=true&sort=next-escalation&limit=50' },
    { label: 'mine', route: '/cases', api: 'assigneeId=me&open=true&sort=next-escalation&limit=50' },
  ];
  const measured: BenchLine[] = [];
  for (const view of views) {
    const renders: number[] = [];
    let last: Render | undefined;
    for (let run = 0; run < RUNS; run++) {
      last = await timeFirstRow(browser, baseUrl, cookie, view.route);
      renders.push(last.firstRowMs);
    }
    console.log(`${''.padEnd(34)} [${database}] ${view.route}, last visit, ms from navigation start: ${last!.milestones}`);
    measured.push({
      scenario,
      database,
      metric: `first row, ${view.label}, median of ${RUNS}`,
      value: median(renders),
      unit: 'ms',
      target: '< 1000 ms',
    });
    measured.push({
      scenario,
      database,
      metric: `  its API call, median of ${RUNS}`,
      value: await timeQueueApi(baseUrl, cookie, view.api),
      unit: 'ms',
    });
    if (view === views[0]) {
      const loaded = [...new Set(last!.jsUrls)];
      const loadedGzip = loaded.reduce((sum, asset) => sum + gzippedSize(asset), 0);
      measured.push({
        scenario,
        database,
        metric: `  JS fetched for it, gz (${loaded.length} files)`,
        value: loadedGzip / 1024,
        unit: 'KB',
      });
    }
  }
  return measured;
}

/** The web console: initial JavaScript (gzipped) and first render of the case queue with 100 000 cases, in headless Chromium. */
export async function webConsoleScenario(): Promise<BenchLine[]> {
  const lines: BenchLine[] = [];
  console.log(await buildWeb());
  const assets = initialAssets();
  const jsGzip = assets.js.reduce((sum, asset) => sum + gzippedSize(asset), 0);
  const jsRaw = assets.js.reduce((sum, asset) => sum + fs.statSync(path.join(webRoot, asset.replace(/^\//, ''))).size, 0);
  const cssGzip = assets.css.reduce((sum, asset) => sum + gzippedSize(asset), 0);
  lines.push(
    report({
      scenario: 'web console',
      metric: `initial JS, gzip (${assets.js.length} files)`,
      value: jsGzip / 1024,
      unit: 'KB',
      target: '<= 300 KB',
    }),
  );
  lines.push(report({ scenario: 'web console', metric: 'initial JS, as served (not gzipped)', value: jsRaw / 1024, unit: 'KB' }));
  lines.push(
    report({ scenario: 'web console', metric: `initial CSS, gzip (${assets.css.length} files)`, value: cssGzip / 1024, unit: 'KB' }),
  );

  if (!fs.existsSync(CHROMIUM)) {
    console.log(`${CHROMIUM} missing (apt-get install -y chromium): queue render not measured`);
    return lines;
  }
  const browser = await launchChromium();
  try {
    for (const database of ['sqlite', 'postgres'] as const) {
      const dataDir = freshDataDir();
      const postgres = database === 'postgres' ? await freshPostgresDatabase('queue') : null;
      if (database === 'postgres' && !postgres) break;
      const storage = openStorage(
        postgres ? { kind: 'postgres', url: postgres.url } : { kind: 'sqlite', file: path.join(dataDir, 'casedesk.sqlite') },
      );
      let seeded: Seeded;
      try {
        await migrateToLatest(storage);
        seeded = await seedCaseQueue(storage);
      } finally {
        await storage.close();
      }
      try {
        const measured = await measureOnServer(
          [...SERVER_NODE_FLAGS, 'dist/cli/main.js', 'serve'],
          { CASEDESK_DATA_DIR: dataDir, ...(postgres ? { CASEDESK_DATABASE_URL: postgres.url } : {}) },
          30_000,
          (url) => measureQueue(browser, url, seeded.email, database),
        );
        lines.push(...measured.map(report));
      } finally {
        await postgres?.drop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    }
  } finally {
    await browser.close();
  }
  return lines;
}
