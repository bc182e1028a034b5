/**
 * The queue's first page, drawn by the boot script (web/boot.ts) as plain HTML from the answers it already asked for,
 * while the application's scripts still load and compile (about a second of a cold visit): a staff user sees their
 * cases, in their language, view, order and columns, with each number a link to its case, at once. It lies over the
 * application (`#root`, made inert meanwhile) until the queue page has drawn the same rows, which then removes it in
 * the same frame (`removeFirstPaint`), so nothing flashes between the two. Every text goes in as text, never as markup.
 */
import { isStaffRole, type Role } from '../../src/domain/access/roles.js';
import type { CaseStatus } from '../../src/domain/cases/case-lifecycle.js';
import { firstResponseOutcome } from '../../src/domain/cases/first-response-target.js';
import {
  DEFAULT_DIRECTION,
  DEFAULT_QUEUE_COLUMNS,
  defaultSortOf,
  QUEUE_COLUMNS,
  QUEUE_VIEWS,
  sortOfColumn,
  sortsOfView,
  type QueueColumn,
  type QueueView,
} from '../../src/domain/cases/queue-views.js';
import { CURRENT_SESSION_PATH } from '../api/client';
import { prefetchedAnswer } from './prefetched-answer';
import { LEVEL_COLORS, STATUS_COLORS } from '../components/case-colours';
import { NARROW_SCREEN_QUERY } from '../components/narrow-screen-query';
import { QUEUE_OVERVIEW_PATH } from '../api/queue-paths';
import { initialLanguage, type WebLanguage } from '../i18n/initial-language';
import { makeFormat, type Translate } from '../i18n/make-format';
import { queueParamsOf } from '../pages/cases/queue-query';
import { FIRST_PAINT_ID } from './first-paint';
import type { FirstPaintTexts } from './texts';

/** Both languages' texts of ./texts.ts, filled in at build time (web/vite.config.ts); absent in the dev server. */
declare const __FIRST_PAINT_TEXTS__: Record<WebLanguage, FirstPaintTexts> | undefined;

/** What the preview reads of the three answers; anything else in them is left to the application. */
interface SessionAnswer {
  user: { role: Role; language: string };
  abilities: string[];
}
interface OverviewAnswer {
  landing: QueueView;
  columns: QueueColumn[];
}
interface CaseRow {
  id: string;
  number: string;
  level: number;
  title: string;
  status: CaseStatus;
  organizationName: string;
  departmentName: string | null;
  assigneeName: string | null;
  receivedAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  nextEscalationDueAt: string | null;
  firstResponseDueAt: string | null;
  firstRespondedAt: string | null;
}

/**
 * Draws the queue of `search` (the page's query string) once the session, the queues' overview and the first page
 * (`casesPath`) have come, if the reader is staff who may read cases on a screen wider than a phone's and the
 * application has not drawn it already.
 * The answers are copies: the application takes the originals as before.
 */
export async function paintQueuePreview(search: string, casesPath: string): Promise<void> {
  const allTexts = typeof __FIRST_PAINT_TEXTS__ === 'undefined' ? undefined : __FIRST_PAINT_TEXTS__;
  const [session, overview, page] = await Promise.all([
    prefetchedAnswer<SessionAnswer>(CURRENT_SESSION_PATH),
    prefetchedAnswer<OverviewAnswer>(QUEUE_OVERVIEW_PATH),
    prefetchedAnswer<{ items: CaseRow[] }>(casesPath),
  ]);
  if (!allTexts || !session || !overview || !page) return;
  if (!isStaffRole(session.user.role) || !session.abilities.includes('cases.read')) return;
  // On a phone the queue is a list of cards, which this table is not: the rows would jump when the app takes over.
  if (window.matchMedia(NARROW_SCREEN_QUERY).matches) return;
  const root = document.getElementById('root');
  // The application came first (a warm visit) or has moved on: it shows the page itself.
  if (
    !root ||
    location.pathname !== '/cases' ||
    root.querySelector('.cd-queue-table, .cd-empty') ||
    document.getElementById(FIRST_PAINT_ID)
  )
    return;
  const language: WebLanguage =
    session.user.language === 'en' || session.user.language === 'zh-CN' ? session.user.language : initialLanguage();
  const texts = allTexts[language];
  const t: Translate = (key, values) =>
    (texts[key] ?? key).replace(/\{\{(\w+)\}\}/g, (_, name: string) => (values && name in values ? String(values[name]) : ''));
  const format = makeFormat(language, t);
  const now = Date.now();

  const asked = queueParamsOf(new URLSearchParams(search));
  const view = asked.view ?? ((QUEUE_VIEWS as readonly string[]).includes(overview.landing) ? overview.landing : 'open');
  const sort = asked.sort ?? defaultSortOf(view);
  const direction = asked.direction ?? DEFAULT_DIRECTION[sort];
  const sorts = sortsOfView(view);
  const columns = (overview.columns.length ? overview.columns : [...DEFAULT_QUEUE_COLUMNS]).filter((column) =>
    (QUEUE_COLUMNS as readonly string[]).includes(column),
  );
  const selectable = ['cases.assign', 'cases.transition', 'cases.note-internal'].some((ability) => session.abilities.includes(ability));

  const time = (iso: string | null) => (iso ? element('time', { dateTime: iso }, format.dateTime(iso)) : t('common.none'));
  const tag = (colour: string | undefined, text: string, title?: string) =>
    element('span', { className: `cd-fp-tag cd-fp-tag-${colour ?? 'default'}`, ...(title ? { title } : {}) }, text);
  const until = (iso: string | null) => {
    if (!iso) return element('span', {}, t('case.noEscalation'));
    const node = element('time', { dateTime: iso, title: format.dateTime(iso) }, format.until(iso, now));
    if (Date.parse(iso) < now) node.className = 'cd-fp-overdue';
    return node;
  };
  const firstResponse = (row: CaseRow): Node | string => {
    const outcome = firstResponseOutcome(
      { dueAt: row.firstResponseDueAt, respondedAt: row.firstRespondedAt, resolvedAt: row.resolvedAt },
      now,
    );
    switch (outcome.state) {
      case 'met':
        return element('time', { dateTime: outcome.respondedAt, className: 'cd-met' }, t('queues.firstResponseMet'));
      case 'breached':
        return outcome.respondedAt
          ? element('time', { dateTime: outcome.respondedAt, className: 'cd-breached' }, t('queues.firstResponseLate'))
          : element(
              'time',
              { dateTime: outcome.breachedAt, className: 'cd-breached' },
              `${t('queues.breached')} · ${format.until(outcome.breachedAt, now)}`,
            );
      case 'pending':
        return element('time', { dateTime: outcome.dueAt }, format.until(outcome.dueAt, now));
      case 'none':
        return t('common.none');
    }
  };
  const cell = (column: QueueColumn, row: CaseRow): HTMLElement => {
    switch (column) {
      case 'number':
        return element('td', {}, element('a', { href: `/cases/${encodeURIComponent(row.id)}` }, row.number));
      case 'level':
        return element('td', {}, tag(LEVEL_COLORS[row.level], t('level.label', { level: row.level }), t(`level.${row.level}`)));
      case 'title':
        return element('td', { className: 'cd-cell-title' }, row.title);
      case 'customer':
        return element('td', {}, row.organizationName);
      case 'status':
        return element('td', {}, tag(STATUS_COLORS[row.status], t(`status.${row.status}`)));
      case 'department':
        return element('td', {}, row.departmentName ?? t('common.none'));
      case 'assignee':
        return element('td', {}, row.assigneeName ?? t('case.unassigned'));
      case 'received':
        return element('td', {}, time(row.receivedAt));
      case 'updated':
        return element('td', {}, time(row.updatedAt));
      case 'resolved':
        return element('td', {}, time(row.resolvedAt));
      case 'next-escalation':
        return element('td', {}, row.resolvedAt ? t('common.none') : until(row.nextEscalationDueAt));
      case 'first-response':
        return element('td', { dataset: { firstResponse: '' } }, firstResponse(row));
    }
  };
  const header = (column: QueueColumn): HTMLElement => {
    const order = sortOfColumn(column);
    const current = order !== null && sorts.includes(order) && order === sort;
    const label = t(`queues.column.${column}`);
    return element(
      'th',
      { scope: 'col', ...(current ? { ariaSort: direction === 'asc' ? 'ascending' : 'descending' } : {}) },
      order !== null && sorts.includes(order)
        ? element(
            'span',
            { className: 'cd-sort' },
            label,
            element('span', { ariaHidden: 'true' }, current ? (direction === 'asc' ? ' ▲' : ' ▼') : ''),
          )
        : label,
    );
  };
  // Disabled until the application, which selects cases for bulk changes, has taken over.
  const checkbox = (label: string) => element('input', { type: 'checkbox', disabled: true, ariaLabel: label });

  const table =
    page.items.length === 0
      ? element('p', { className: 'cd-empty' }, t('queues.empty'))
      : element(
          'div',
          { className: 'cd-table-wrap' },
          element(
            'table',
            { className: 'cd-table cd-queue-table' },
            element(
              'thead',
              {},
              element(
                'tr',
                {},
                ...(selectable ? [element('th', { scope: 'col', className: 'cd-select-cell' }, checkbox(t('queues.selectAll')))] : []),
                ...columns.map(header),
              ),
            ),
            element(
              'tbody',
              {},
              ...page.items.map((row) =>
                element(
                  'tr',
                  // Not `data-case`, which marks the application's rows: these are inert until the app takes over,
                  // and whoever looks for a case row to act on (a test pressing a shortcut) must find the app's.
                  { dataset: { previewCase: row.number } },
                  ...(selectable
                    ? [element('td', { className: 'cd-select-cell' }, checkbox(t('queues.selectCase', { number: row.number })))]
                    : []),
                  ...columns.map((column) => cell(column, row)),
                ),
              ),
            ),
          ),
        );
  // Where the application's header, title and two toolbars will be, so the rows do not move when it takes over.
  const preview = element(
    'div',
    { id: FIRST_PAINT_ID, className: 'cd-first-paint', lang: language },
    element('div', { className: 'cd-fp-header' }, element('span', { className: 'cd-brand' }, t('app.name'))),
    element(
      'main',
      { className: 'cd-main' },
      element('h2', { className: 'cd-fp-title' }, t('queues.title')),
      element('div', { className: 'cd-toolbar cd-fp-toolbar' }),
      element('div', { className: 'cd-toolbar cd-fp-toolbar' }),
      table,
    ),
  );
  root.inert = true;
  // The queue page removes it once its own rows are drawn (`removeFirstPaint`); should the application never get
  // there (a script failed to load), the rows stay readable and their links work.
  root.before(preview);
}

type Attributes = Partial<Omit<HTMLElement, 'dataset'>> & { dataset?: Record<string, string>; [name: string]: unknown };

/** An element with properties and children; strings become text nodes, so a case's title can never become markup. */
function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes,
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  const { dataset, ...properties } = attributes;
  Object.assign(node, properties);
  for (const [name, value] of Object.entries(dataset ?? {})) node.dataset[name] = value;
  node.append(...children);
  return node;
}
