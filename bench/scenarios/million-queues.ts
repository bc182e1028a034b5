import fs from 'node:fs';
import { type Browser } from 'playwright-core';
import { NAME_SORTS, QUEUE_VIEWS } from '../../src/domain/cases/queue-views.js';
import { buildApp } from '../../src/http/app.js';
import { createApiToken } from '../../src/services/auth/api-tokens.js';
import { detectRecurrences } from '../../src/services/problems/detect-recurrences.js';
import { indexFaultOccurrencesNow } from '../../src/services/reports/index-fault-occurrences.js';
import { CHROMIUM, launchChromium } from '../../test/support/chromium.js';
import { casedeskServeArgs, median, percentile, report, type BenchLine } from '../support.js';
import { MILLION_PASSWORD, type OpenedMillionCases } from './million-cases.js';
import { timed } from './search.js';
import { buildWeb, coldContext, measureOnServer, signIn, timeFirstRow } from './web-console.js';

type DatabaseName = 'sqlite' | 'postgres';

/** The queue page's first page: what `queueQuery` asks for a view (web/pages/cases/queue-query.ts). */
const QUEUE_PAGE = 50;
/**
 * The views sorted by a name (customer, department, assignee) both ways: the largest (all, open, recently closed),
 * a sparse one (escalated) and the engineer's own. Each: the first page, and the third (two cursors deep).
 */
const NAME_SORTED_VIEWS = ['all', 'open', 'recently-closed', 'escalated', 'mine'] as const;
const VISITS = 5;

/**
 * Each queue view as the queue page loads it, through the HTTP app (routes, validation, access, presenters):
 * `GET /api/v1/cases?view=…&limit=50` and the counts of `GET /api/v1/queues`, p50/p95 over 20 rounds after a
 * warm-up. The engineer reads every view but "escalated to me", which the department manager reads. Then the views
 * sorted by customer, department and assignee, both ways (the first page, and the third).
 */
export async function measureQueueApi({ context, seeded }: OpenedMillionCases, database: DatabaseName): Promise<BenchLine[]> {
  const scenario = `queue API, ${seeded.cases.toLocaleString('en')} cases`;
  const app = await buildApp({ context, webRoot: false });
  await app.ready();
  const lines: BenchLine[] = [];
  try {
    const bearer = async (userId: string) => `Bearer ${(await createApiToken(context, userId, 'bench', null)).token}`;
    const engineer = await bearer(seeded.staff.userId);
    const manager = await bearer(seeded.manager.userId);
    const get = async <T>(url: string, authorization: string): Promise<T> => {
      const response = await app.inject({ method: 'GET', url, headers: { authorization } });
      if (response.statusCode !== 200) throw new Error(`GET ${url} → ${response.statusCode}: ${response.body}`);
      return response.json<T>();
    };
    type Overview = { views: { view: string; count: number; capped: boolean }[] };
    const counts = await timed(() => get<Overview>('/api/v1/queues', engineer));
    lines.push(
      report({ scenario, database, metric: 'GET /queues (all counts), p50', value: percentile(counts, 50), unit: 'ms' }),
      report({ scenario, database, metric: 'GET /queues (all counts), p95', value: percentile(counts, 95), unit: 'ms' }),
    );
    for (const view of QUEUE_VIEWS) {
      const reader = view === 'escalated-to-me' ? manager : engineer;
      const listUrl = `/api/v1/cases?view=${view}&limit=${QUEUE_PAGE}`;
      let shown = 0;
      const list = await timed(async () => {
        shown = (await get<{ items: unknown[] }>(listUrl, reader)).items.length;
      });
      let counted = '';
      const page = await timed(async () => {
        const [, overview] = await Promise.all([get(listUrl, reader), get<Overview>('/api/v1/queues', reader)]);
        const entry = overview.views.find((candidate) => candidate.view === view);
        counted = entry ? `${entry.count}${entry.capped ? '+' : ''}` : '?';
      });
      lines.push(
        report({ scenario, database, metric: `${view}: first page (${shown} rows), p50`, value: percentile(list, 50), unit: 'ms' }),
        report({ scenario, database, metric: `${view}: first page, p95`, value: percentile(list, 95), unit: 'ms' }),
        report({
          scenario,
          database,
          metric: `${view}: page + counts (${counted}), p95`,
          value: percentile(page, 95),
          unit: 'ms',
          ...(database === 'sqlite' ? { target: '< 50 ms' } : {}),
        }),
      );
    }
    type Listed = { items: { id: string }[]; nextCursor: string | null };
    for (const view of NAME_SORTED_VIEWS)
      for (const sort of NAME_SORTS)
        for (const direction of ['asc', 'desc'] as const) {
          const listUrl = `/api/v1/cases?view=${view}&sort=${sort}&direction=${direction}&limit=${QUEUE_PAGE}`;
          let shown = 0;
          const first = await timed(async () => {
            shown = (await get<Listed>(listUrl, engineer)).items.length;
          });
          const second = (await get<Listed>(listUrl, engineer)).nextCursor;
          const thirdCursor = second ? (await get<Listed>(`${listUrl}&cursor=${second}`, engineer)).nextCursor : null;
          const third = thirdCursor ? await timed(() => get<Listed>(`${listUrl}&cursor=${thirdCursor}`, engineer)) : null;
          const label = `${view} by ${sort} ${direction}`;
          lines.push(
            report({ scenario, database, metric: `${label}: first page (${shown} rows), p50`, value: percentile(first, 50), unit: 'ms' }),
            report({
              scenario,
              database,
              metric: `${label}: first page, p95`,
              value: percentile(first, 95),
              unit: 'ms',
              target: '< 50 ms',
            }),
            ...(third
              ? [report({ scenario, database, metric: `${label}: third page, p95`, value: percentile(third, 95), unit: 'ms' })]
              : []),
          );
        }
  } finally {
    await app.close();
  }
  return lines;
}

/**
 * The cold visit of a case page, navigation start → its first full render: the last change to the page (a running
 * clock's ticks aside) once every API request it made has been answered and nothing changed for QUIET_MS. Read from the page's own life rather than
 * from its markup, so it holds while the case page's layout changes.
 */
const QUIET_MS = 750;

async function timeCaseRender(browser: Browser, baseUrl: string, cookie: string, route: string, expect: string): Promise<number> {
  // As page text (bench/ is type-checked without the DOM library): counts the API calls in flight (until their
  // body is read) and notes the time of the last change to the document.
  const context = await coldContext(
    browser,
    baseUrl,
    cookie,
    `(() => {
        window.__pending = 0;
        window.__lastChange = 0;
        const original = window.fetch.bind(window);
        window.fetch = (input, init) => {
          const url = String(input instanceof Request ? input.url : input);
          if (!url.includes('/api/')) return original(input, init);
          window.__pending += 1;
          let done = false;
          const finish = () => { if (!done) { done = true; window.__pending -= 1; } };
          return original(input, init).then((response) => {
            const read = response.clone().arrayBuffer().then(finish, finish);
            // A streamed answer (live updates) never ends: it counts as answered once its headers came.
            if ((response.headers.get('content-type') || '').includes('event-stream')) finish();
            void read;
            return response;
          }, (error) => { finish(); throw error; });
        };
        // A running clock (the ladder's countdown, role="timer") changes every second and is not the page rendering:
        // counted, the page would settle only on the first tick after it had quietened, up to a second late.
        const ticking = (record) => {
          const node = record.target.nodeType === 1 ? record.target : record.target.parentElement;
          return node !== null && node.closest('[role="timer"]') !== null;
        };
        new MutationObserver((records) => {
          if (records.every(ticking)) return;
          requestAnimationFrame(() => (window.__lastChange = performance.now()));
        }).observe(document, { childList: true, subtree: true, characterData: true });
      })();`,
  );
  try {
    const page = await context.newPage();
    await page.goto(route, { waitUntil: 'commit' });
    await page.getByText(expect, { exact: false }).first().waitFor({ state: 'visible', timeout: 60_000 });
    const settled = await page.waitForFunction(
      (quietMs) => {
        const state = globalThis as unknown as { __pending: number; __lastChange: number };
        return state.__pending === 0 && state.__lastChange > 0 && performance.now() - state.__lastChange > quietMs ? state.__lastChange : 0;
      },
      QUIET_MS,
      { timeout: 60_000 },
    );
    return Number(await settled.jsonValue());
  } finally {
    await context.close();
  }
}

/**
 * In Chromium, over a `casedesk serve` of the data set (as `npm start` runs it): the queue's first row painted, on
 * the engineer's landing view and on all open cases, and the case page's first full render, each the median of 5
 * cold visits (a new browser context each: empty cache, the session cookie only).
 */
export async function measureWebPages(opened: OpenedMillionCases, database: DatabaseName): Promise<BenchLine[]> {
  const { seeded, storage } = opened;
  const scenario = `web pages, ${seeded.cases.toLocaleString('en')} cases`;
  if (!fs.existsSync(CHROMIUM)) {
    console.log(`${CHROMIUM} missing (apt-get install -y chromium): pages not measured`);
    return [];
  }
  console.log(await buildWeb());
  // The server's background jobs find nothing left to do (as after the parts measured before), so that they do
  // not build the fault occurrences or look for recurrences over the whole set during the visits.
  await indexFaultOccurrencesNow(opened.context, 30 * 60_000);
  await detectRecurrences(opened.context);
  const shown = await storage.db
    .selectFrom('cases')
    .select(['id', 'number'])
    .where('id', '=', seeded.caseWithSimilar)
    .executeTakeFirstOrThrow();
  const browser = await launchChromium();
  try {
    const measured = await measureOnServer(casedeskServeArgs('million-web'), opened.serverEnv, 180_000, async (url) => {
      const cookie = await signIn(url, seeded.staffEmail, MILLION_PASSWORD);
      const lines: BenchLine[] = [];
      for (const visit of [
        { label: 'landing (mine)', route: '/cases' },
        { label: 'all open', route: '/cases?view=open' },
      ]) {
        const renders: number[] = [];
        for (let run = 0; run < VISITS; run++) renders.push((await timeFirstRow(browser, url, cookie, visit.route)).firstRowMs);
        lines.push({
          scenario,
          database,
          metric: `queue first row, ${visit.label}, median of ${VISITS}`,
          value: median(renders),
          unit: 'ms',
          target: '< 500 ms',
        });
      }
      const renders: number[] = [];
      for (let run = 0; run < VISITS; run++) renders.push(await timeCaseRender(browser, url, cookie, `/cases/${shown.id}`, shown.number));
      lines.push(
        {
          scenario,
          database,
          metric: `case page full render, median of ${VISITS}`,
          value: median(renders),
          unit: 'ms',
          target: '< 1000 ms',
        },
        { scenario, database, metric: '  case page, slowest visit', value: Math.max(...renders), unit: 'ms' },
      );
      return lines;
    });
    return measured.map(report);
  } finally {
    await browser.close();
  }
}
