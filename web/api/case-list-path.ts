import { withQuery } from './client';
import type { CaseListQuery } from './cases';

/** `GET /api/v1/cases?…` for a queue query; its own module so the boot script can build it without the React parts. */
export function caseListPath(query: CaseListQuery): string {
  return withQuery('/api/v1/cases', {
    ...query,
    status: query.status?.join(','),
    level: query.level?.join(','),
  });
}

/** `GET /api/v1/cases/{id}`: one case, as its page and the boot script ask for it. */
export function casePath(id: string): string {
  return `/api/v1/cases/${encodeURIComponent(id)}`;
}
