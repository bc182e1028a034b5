/**
 * The GET requests the case page makes as it opens, built in one place: by the page's hooks, and by the boot script
 * (web/first-paint/case-prefetch.ts), which asks them while the page's scripts load. An early answer is only taken
 * when the path is the same string, so both sides build it here. No React: the boot script inlines this module.
 */
import { withQuery } from './client';

const caseBase = (caseId: string) => `/api/v1/cases/${encodeURIComponent(caseId)}`;

/** The first page of a list read whole (`fetchAllPages`, web/api/queries.ts): what it asks first. */
export function pagePath(path: string, query: Record<string, string | undefined>, pageSize: number, cursor?: string): string {
  return withQuery(path, { ...query, limit: pageSize, cursor });
}

export const TIMELINE_PAGE = 500;
/** The page size of a list read whole, unless its hook says otherwise. */
export const LIST_PAGE = 200;

export const casePagePaths = {
  ladder: (caseId: string) => `${caseBase(caseId)}/escalations`,
  timeline: (caseId: string) => pagePath(`${caseBase(caseId)}/timeline`, {}, TIMELINE_PAGE),
  exchanges: (caseId: string) => `${caseBase(caseId)}/exchanges`,
  compensations: (caseId: string) => `${caseBase(caseId)}/compensations`,
  linkedArticles: (caseId: string) => `${caseBase(caseId)}/articles`,
  similar: (caseId: string) => `${caseBase(caseId)}/similar`,
  serviceRecord: (caseId: string, language: string) => withQuery(`${caseBase(caseId)}/service-record`, { language }),
  visits: (caseId: string) => pagePath('/api/v1/visits', { caseId, includeCancelled: 'true' }, LIST_PAGE),
  followUps: (caseId: string) => withQuery('/api/v1/follow-ups', { caseId, limit: 100 }),
  surveys: (caseId: string) => withQuery('/api/v1/surveys', { caseId, limit: 100 }),
  contacts: (organizationId: string) => `/api/v1/organizations/${encodeURIComponent(organizationId)}/contacts`,
  assetBySerial: (serial: string) => withQuery('/api/v1/assets', { serial, limit: 1 }),
  users: () => pagePath('/api/v1/users', {}, LIST_PAGE),
  departments: () => pagePath('/api/v1/departments', {}, LIST_PAGE),
  problems: () => pagePath('/api/v1/problems', {}, LIST_PAGE),
  unreadNotifications: () => '/api/v1/notifications?limit=1&unread=true',
  /** The knowledge base's articles as the composer's picker first asks for them (no title typed, every article). */
  articles: () => withQuery('/api/v1/articles', { limit: 200 }),
};
