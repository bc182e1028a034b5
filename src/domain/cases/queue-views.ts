import type { Role } from '../access/roles.js';
import type { CaseStatus } from './case-lifecycle.js';

/** The queue views, in the order the queue page shows them. */
export const QUEUE_VIEWS = [
  'mine',
  'department',
  'unassigned',
  'escalated',
  'escalated-to-me',
  'waiting',
  'open',
  'recently-closed',
  'all',
] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];

/**
 * The orders a queue can be read in; each is one index (or a small view sorted in memory). The last three are by a
 * name people read (the customer's, the department's, the assignee's), as stored (code point by code point, so Chinese
 * names are not ordered by pinyin); within one name, the newest case first.
 */
export const QUEUE_SORTS = [
  'number',
  'level',
  'title',
  'status',
  'received',
  'next-escalation',
  'first-response',
  'updated',
  'resolved',
  'customer',
  'department',
  'assignee',
] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];
export type SortDirection = 'asc' | 'desc';

/** The columns a user may choose for the queues; each one sorts the queue from its header. */
export const QUEUE_COLUMNS = [
  'number',
  'level',
  'title',
  'customer',
  'status',
  'department',
  'assignee',
  'received',
  'next-escalation',
  'first-response',
  'updated',
  'resolved',
] as const;
export type QueueColumn = (typeof QUEUE_COLUMNS)[number];

export const DEFAULT_QUEUE_COLUMNS: readonly QueueColumn[] = [
  'number',
  'level',
  'title',
  'customer',
  'status',
  'assignee',
  'received',
  'first-response',
  'next-escalation',
];

/** The sort order a column header stands for; null: the column cannot be sorted by. */
export function sortOfColumn(column: QueueColumn): QueueSort | null {
  return (QUEUE_SORTS as readonly string[]).includes(column) ? (column as QueueSort) : null;
}

/** Each order's natural direction: the newest, the most urgent or the lowest first. */
export const DEFAULT_DIRECTION: Readonly<Record<QueueSort, SortDirection>> = {
  number: 'desc',
  level: 'asc',
  title: 'asc',
  status: 'asc',
  received: 'desc',
  'next-escalation': 'asc',
  'first-response': 'asc',
  updated: 'desc',
  resolved: 'desc',
  customer: 'asc',
  department: 'asc',
  assignee: 'asc',
};

/** The orders by a name: a case has none for department or assignee when it has no department or no assignee. */
export const NAME_SORTS = ['customer', 'department', 'assignee'] as const satisfies readonly QueueSort[];
export type NameSort = (typeof NAME_SORTS)[number];

export function isNameSort(sort: QueueSort): sort is NameSort {
  return (NAME_SORTS as readonly string[]).includes(sort);
}

/** A resolved, confirmed or closed case stays in "recently closed" this many days after it was resolved. */
export const RECENTLY_CLOSED_DAYS = 30;

/**
 * Counts stop here: past it a view shows "1 000+". Counting reads at most this many index entries, so a count costs
 * the same for a view of a thousand cases as for one of a million (all nine views' counts: under 30 ms on SQLite with
 * 1 000 000 cases; 10 000 cost 350–700 ms there).
 */
export const QUEUE_COUNT_CAP = 1_000;

/** The statuses of the "waiting" view, in the order migration 0035's partial index names them. */
export const WAITING_STATUSES: readonly CaseStatus[] = ['waiting_customer', 'waiting_vendor'];

/** What a view holds, in terms of a case's fields; `me` is the reader, `now` the reading moment. */
export type ViewFilter =
  | { kind: 'assignee'; userId: string | null; open: true }
  | { kind: 'department'; departmentId: string | null; open: true }
  | { kind: 'escalated'; open: true }
  | { kind: 'notified'; userId: string; open: true }
  | { kind: 'waiting'; open: true }
  | { kind: 'open' }
  | { kind: 'resolved-since'; since: string }
  | { kind: 'all' };

export function filterOfView(view: QueueView, me: { userId: string; departmentId: string | null }, now: Date): ViewFilter {
  switch (view) {
    case 'mine':
      return { kind: 'assignee', userId: me.userId, open: true };
    case 'department':
      return { kind: 'department', departmentId: me.departmentId, open: true };
    case 'unassigned':
      return { kind: 'assignee', userId: null, open: true };
    case 'escalated':
      return { kind: 'escalated', open: true };
    case 'escalated-to-me':
      return { kind: 'notified', userId: me.userId, open: true };
    case 'waiting':
      return { kind: 'waiting', open: true };
    case 'open':
      return { kind: 'open' };
    case 'recently-closed':
      return { kind: 'resolved-since', since: new Date(now.getTime() - RECENTLY_CLOSED_DAYS * 86_400_000).toISOString() };
    case 'all':
      return { kind: 'all' };
  }
}

/** Views of open cases only: every case in them is unresolved, so "resolved" is no order there. */
const OPEN_VIEWS: ReadonlySet<QueueView> = new Set(['mine', 'department', 'unassigned', 'escalated', 'escalated-to-me', 'waiting', 'open']);

/** The orders a view can be read in. */
export function sortsOfView(view: QueueView): QueueSort[] {
  return QUEUE_SORTS.filter((sort) => sort !== 'resolved' || !OPEN_VIEWS.has(view));
}

/** The order a view is read in unless the user picks another. */
export function defaultSortOf(view: QueueView): QueueSort {
  if (view === 'recently-closed') return 'resolved';
  if (view === 'all') return 'received';
  return 'next-escalation';
}

/**
 * Whether `landingView` for this role depends on what was escalated to the user (so the caller counts it): read off
 * `landingView` itself, so which roles land on their escalations is written once.
 */
export function landingNeedsEscalatedCount(role: Role): boolean {
  return [true, false].some(
    (hasDepartment) => landingView(role, { escalatedToMe: 0, hasDepartment }) !== landingView(role, { escalatedToMe: 1, hasDepartment }),
  );
}

/**
 * Where a user lands on the queues: the view their work starts from. An executive (the engineer who carries out the
 * service actions, SPEC §1) starts from their own cases; the company's managers, VPs and President (role manager) on
 * what was escalated to them when there is any, else on their department; an admin on every open case.
 */
export function landingView(role: Role, facts: { escalatedToMe: number; hasDepartment: boolean }): QueueView {
  switch (role) {
    case 'executive':
      return 'mine';
    case 'secretary':
      return 'unassigned';
    case 'expert':
      return 'mine';
    case 'manager':
      if (facts.escalatedToMe > 0) return 'escalated-to-me';
      return facts.hasDepartment ? 'department' : 'open';
    case 'admin':
    case 'customer':
      return 'open';
  }
}

/** A saved filter: a view and what narrows it, as the queue page's own query holds it. */
export interface QueueFilterSet {
  view: QueueView;
  text?: string | undefined;
  levels?: number[] | undefined;
  statuses?: CaseStatus[] | undefined;
  sort?: QueueSort | undefined;
  direction?: SortDirection | undefined;
}

/** A user keeps at most this many saved filters: a list to pick from, not a store. */
export const MAX_SAVED_FILTERS = 50;
