/**
 * The first script the browser runs, before the application's larger bundle has arrived: it asks for the session and,
 * on a queue URL, for the queue's first page and the page's scripts (on a case URL, for the case, its page's scripts and,
 * once the case has come, the calls its cards make), so all of it travels while the application loads. The application
 * takes them through `api.get` (web/api/client.ts) as if it had asked itself. A queue's rows are drawn from copies of
 * those answers at once, as plain HTML, until the application draws them itself (web/first-paint/queue-preview.ts).
 */
import { caseListPath, casePath } from './api/case-list-path';
import { CURRENT_SESSION_PATH, peekPrefetched, prefetch } from './api/client';
import { QUEUE_OVERVIEW_PATH } from './api/queue-paths';
import { prefetchCasePage } from './first-paint/case-prefetch';
import { paintQueuePreview } from './first-paint/queue-preview';
import { formatLocale, formattersOf } from './i18n/formatters';
import { initialLanguage } from './i18n/initial-language';
import { queueQuery } from './pages/cases/queue-query';

/**
 * The queue and case pages' script files, space-separated, filled in at build time (web/vite.config.ts); absent in the
 * dev server.
 */
declare const __QUEUE_PAGE_SCRIPTS__: string | undefined;
declare const __CASE_PAGE_SCRIPTS__: string | undefined;
/** The case page's style sheets, and the Chinese texts' script, space-separated; likewise. */
declare const __CASE_PAGE_STYLES__: string | undefined;
declare const __CHINESE_SCRIPTS__: string | undefined;

/** A case page's path: `/cases/<id>` (not `/cases/new`, whose scripts and calls are others). */
const CASE_PAGE = /^\/cases\/([0-9a-f-]{36})$/;

/**
 * Links each of `hrefs` at once: the page's own scripts (`modulepreload`) download beside the application's instead
 * of after it has started; its style sheets (`stylesheet`) would otherwise be fetched by the bundler's loader only once
 * the page's import runs, holding the page back until they came — it finds them linked and waits for nothing.
 */
function linkEach(rel: 'modulepreload' | 'stylesheet', hrefs: string | undefined): void {
  for (const href of (hrefs ?? '').split(' ').filter(Boolean)) {
    const link = document.createElement('link');
    link.rel = rel;
    link.crossOrigin = '';
    link.href = href;
    document.head.append(link);
  }
}

prefetch(CURRENT_SESSION_PATH);
// The Chinese texts, which the app's first render waits for, download beside the app's scripts for a reader who
// reads Chinese: known from this browser at once, else from the session as soon as it has come.
const chineseScripts = typeof __CHINESE_SCRIPTS__ === 'undefined' ? undefined : __CHINESE_SCRIPTS__;
if (initialLanguage() === 'zh-CN') linkEach('modulepreload', chineseScripts);
else
  void peekPrefetched(CURRENT_SESSION_PATH)
    ?.then(async (response) => (response.ok ? ((await response.json()) as { user?: { language?: unknown } }) : null))
    .then((session) => {
      if (session?.user?.language === 'zh-CN') linkEach('modulepreload', chineseScripts);
    })
    .catch(() => undefined);
if (location.pathname === '/cases') {
  // The server knows whose cases and which landing view a queue link means: both requests go out at once.
  const casesPath = caseListPath(queueQuery(new URLSearchParams(location.search)));
  prefetch(casesPath);
  prefetch(QUEUE_OVERVIEW_PATH);
  linkEach('modulepreload', typeof __QUEUE_PAGE_SCRIPTS__ === 'undefined' ? undefined : __QUEUE_PAGE_SCRIPTS__);
  // The rows are drawn as soon as they come, long before the application has compiled (web/first-paint/).
  void paintQueuePreview(location.search, casesPath);
}
const caseId = CASE_PAGE.exec(location.pathname)?.[1];
if (caseId) {
  // The case itself, which every part of its page waits for; the parts' own calls follow as soon as it and the
  // session have come, while the scripts still load (web/first-paint/case-prefetch.ts).
  prefetch(casePath(caseId));
  linkEach('modulepreload', typeof __CASE_PAGE_SCRIPTS__ === 'undefined' ? undefined : __CASE_PAGE_SCRIPTS__);
  linkEach('stylesheet', typeof __CASE_PAGE_STYLES__ === 'undefined' ? undefined : __CASE_PAGE_STYLES__);
  void prefetchCasePage(caseId);
}

// A page's first date and number formatters cost tens of milliseconds (the locale's data loads): built while the
// application's scripts download rather than while the first rows render, and kept for the app (web/i18n/formatters.ts).
// A signed-in user whose language is not this browser's gets theirs built by the app.
setTimeout(() => formattersOf(formatLocale(initialLanguage())), 0);
