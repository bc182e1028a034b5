import type { CaseListQuery } from '../../api/cases';

export const QUEUE_VIEWS = ['mine', 'department', 'unassigned', 'escalated', 'waiting', 'all'] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];
const QUEUE_PAGE = 50;
const DEFAULT_QUEUE_SORT = 'next-escalation';

/** What a queue URL says: the view and its filters (`?view=…&q=…&level=1,2&sort=…`). */
export interface QueueParams {
  view: QueueView;
  text: string;
  levels: number[];
  sort: NonNullable<CaseListQuery['sort']>;
}

export function queueParamsOf(params: URLSearchParams): QueueParams {
  const view = params.get('view') ?? '';
  return {
    view: (QUEUE_VIEWS as readonly string[]).includes(view) ? (view as QueueView) : 'mine',
    text: params.get('q') ?? '',
    levels: (params.get('level') ?? '').split(',').filter(Boolean).map(Number),
    sort: (params.get('sort') as CaseListQuery['sort']) ?? DEFAULT_QUEUE_SORT,
  };
}

function queryFor(view: QueueView, me: { departmentId: string | null }): CaseListQuery | null {
  switch (view) {
    case 'mine':
      return { assigneeId: 'me', open: true };
    case 'department':
      return me.departmentId ? { departmentId: me.departmentId, open: true } : null;
    case 'unassigned':
      return { unassigned: true, open: true };
    case 'escalated':
      return { escalated: true, open: true };
    case 'waiting':
      return { status: ['waiting_customer', 'waiting_vendor'] };
    case 'all':
      return { open: true };
  }
}

/**
 * The first page a queue URL asks for (null: the department view of someone in no department). The queue page and
 * the boot script (which asks before the page's code has loaded) build it here, so they ask for the same thing.
 */
export function queueQuery(params: URLSearchParams, me: { departmentId: string | null }): CaseListQuery | null {
  const { view, text, levels, sort } = queueParamsOf(params);
  const base = queryFor(view, me);
  if (!base) return null;
  return { ...base, ...(text ? { text } : {}), ...(levels.length ? { level: levels } : {}), sort, limit: QUEUE_PAGE };
}
