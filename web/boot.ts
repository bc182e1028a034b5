/**
 * The first script the browser runs, before the application's larger bundle has arrived: it asks for the session and,
 * on a queue URL, for the queue's first page and the page's scripts, so all of it travels while the application loads. The application
 * takes them through `api.get` (web/api/client.ts) as if it had asked itself.
 */
import { caseListPath } from './api/case-list-path';
import { prefetch } from './api/client';
import { QUEUE_OVERVIEW_PATH } from './api/queue-paths';
import { queueQuery } from './pages/cases/queue-query';

/** The queue page's script files, filled in at build time (web/vite.config.ts); absent in the dev server. */
declare const __QUEUE_PAGE_SCRIPTS__: string[] | undefined;

prefetch('/api/v1/sessions/current');
if (location.pathname === '/cases') {
  // The server knows whose cases and which landing view a queue link means: both requests go out at once.
  prefetch(caseListPath(queueQuery(new URLSearchParams(location.search))));
  prefetch(QUEUE_OVERVIEW_PATH);
  // The page's own scripts download beside the application's instead of after it has started.
  for (const href of typeof __QUEUE_PAGE_SCRIPTS__ === 'undefined' ? [] : __QUEUE_PAGE_SCRIPTS__) {
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.crossOrigin = '';
    link.href = href;
    document.head.append(link);
  }
}
