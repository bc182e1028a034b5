import { QUEUE_SORTS, QUEUE_VIEWS, type QueueSort, type QueueView, type SortDirection } from '../../../src/domain/cases/queue-views.js';
import type { CaseListQuery } from '../../api/cases';

const QUEUE_PAGE = 50;

/** What a queue URL says: the view and its filters (`?view=…&q=…&level=1,2&sort=…&dir=…`); no view: the landing view. */
export interface QueueParams {
  view: QueueView | null;
  text: string;
  levels: number[];
  sort: QueueSort | null;
  direction: SortDirection | null;
}

export function queueParamsOf(params: URLSearchParams): QueueParams {
  const view = params.get('view') ?? '';
  const sort = params.get('sort') ?? '';
  const direction = params.get('dir');
  return {
    view: (QUEUE_VIEWS as readonly string[]).includes(view) ? (view as QueueView) : null,
    text: params.get('q') ?? '',
    levels: (params.get('level') ?? '').split(',').filter(Boolean).map(Number),
    sort: (QUEUE_SORTS as readonly string[]).includes(sort) ? (sort as QueueSort) : null,
    direction: direction === 'asc' || direction === 'desc' ? direction : null,
  };
}

/**
 * The first page a queue URL asks for. The server resolves the view (whose cases, which department, the landing view
 * of a link without one), so the queue page and the boot script (which asks before the page's code has loaded) build
 * the same request here without knowing who is signed in.
 */
export function queueQuery(params: URLSearchParams): CaseListQuery {
  const { view, text, levels, sort, direction } = queueParamsOf(params);
  return {
    view: view ?? 'landing',
    ...(text ? { text } : {}),
    ...(levels.length ? { level: levels } : {}),
    ...(sort ? { sort } : {}),
    ...(direction ? { direction } : {}),
    limit: QUEUE_PAGE,
  };
}
