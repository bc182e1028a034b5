import type { Actor } from '../../domain/access/permissions.js';
import { queueViewsFor } from '../../domain/access/policies/queues.js';
import {
  DEFAULT_QUEUE_COLUMNS,
  QUEUE_COLUMNS,
  QUEUE_COUNT_CAP,
  type QueueColumn,
  type QueueFilterSet,
  type QueueView,
} from '../../domain/cases/queue-views.js';
import { organizationScope } from '../../domain/access/organization-scope.js';
import { countCaseRows } from '../../storage/repositories/cases.js';
import { findQueueColumns, listSavedQueueFilters } from '../../storage/repositories/queue-preferences.js';
import type { ServiceContext } from '../context.js';
import { landingViewFor, viewFilterFor } from '../cases/view-cases.js';

export interface QueueViewCount {
  view: QueueView;
  /** Up to `QUEUE_COUNT_CAP`; `capped` says there are more. */
  count: number;
  capped: boolean;
}

export interface SavedQueueFilter {
  id: string;
  name: string;
  filter: QueueFilterSet;
}

export interface QueueOverview {
  views: QueueViewCount[];
  landing: QueueView;
  columns: QueueColumn[];
  savedFilters: SavedQueueFilter[];
}

/** The queue views the reader has, each with its (capped) count, where they land, and their own columns and filters. */
export async function viewQueues(context: ServiceContext, actor: Actor): Promise<QueueOverview> {
  const db = context.storage.db;
  const scope = organizationScope(actor, undefined);
  const views: QueueViewCount[] = [];
  for (const view of queueViewsFor(actor)) {
    const filter = scope === null ? null : await viewFilterFor(context, actor, view);
    const count = filter === null ? 0 : await countCaseRows(db, { ...filter, ...scope }, QUEUE_COUNT_CAP);
    views.push({ view, count: Math.min(count, QUEUE_COUNT_CAP), capped: count > QUEUE_COUNT_CAP });
  }
  const landing = await landingViewFor(context, actor, views.find((entry) => entry.view === 'escalated-to-me')?.count ?? 0);
  return { views, landing, columns: await columnsOf(context, actor), savedFilters: await savedFiltersOf(context, actor) };
}

/** The user's chosen columns, or the default set; a column no longer offered is dropped. */
export async function columnsOf(context: ServiceContext, actor: Actor): Promise<QueueColumn[]> {
  const stored = await findQueueColumns(context.storage.db, actor.userId);
  if (stored === undefined) return [...DEFAULT_QUEUE_COLUMNS];
  const known = new Set<string>(QUEUE_COLUMNS);
  return (JSON.parse(stored) as string[]).filter((column): column is QueueColumn => known.has(column));
}

export async function savedFiltersOf(context: ServiceContext, actor: Actor): Promise<SavedQueueFilter[]> {
  const rows = await listSavedQueueFilters(context.storage.db, actor.userId);
  return rows.map((row) => ({ id: row.id, name: row.name, filter: JSON.parse(row.filter_json) as QueueFilterSet }));
}
