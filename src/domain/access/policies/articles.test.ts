import { describe, expect, it } from 'vitest';
import type { Actor } from '../permissions.js';
import { ROLES, type Role } from '../roles.js';
import {
  articleListScope,
  mayGiveArticleFeedback,
  mayLinkArticle,
  mayReadArticle,
  maySeeArticleCaseLinks,
  mayWriteArticles,
  type ArticleRecord,
} from './articles.js';

const STAFF: Role[] = ['admin', 'manager', 'expert', 'executive', 'secretary'];
const WRITERS: Role[] = ['admin', 'manager', 'expert'];
const actor = (role: Role): Actor => ({ userId: `user-${role}`, role, organizationId: role === 'customer' ? 'org-own' : null });

const RECORDS: Record<string, ArticleRecord> = {
  'published customer': { visibility: 'customer', status: 'published' },
  'draft customer': { visibility: 'customer', status: 'draft' },
  'published internal': { visibility: 'internal', status: 'published' },
  'draft internal': { visibility: 'internal', status: 'draft' },
};

/** Who may do what to each kind of article. */
const WHO: Record<string, [(actor: Actor, record: ArticleRecord) => boolean, (role: Role, record: string) => boolean]> = {
  read: [mayReadArticle, (role, record) => STAFF.includes(role) || record === 'published customer'],
  write: [(subject) => mayWriteArticles(subject), (role) => WRITERS.includes(role)],
  'link to a case': [mayLinkArticle, (role) => WRITERS.includes(role)],
  'see linked cases': [(subject) => maySeeArticleCaseLinks(subject), (role) => STAFF.includes(role)],
  'give feedback': [mayGiveArticleFeedback, (role, record) => STAFF.includes(role) || record === 'published customer'],
};

describe('article policy (role × visibility and status × action → allowed)', () => {
  const cells = Object.entries(WHO).flatMap(([action, [, expected]]) =>
    ROLES.flatMap((role) => Object.keys(RECORDS).map((record) => [role, record, action, expected(role, record)] as const)),
  );
  it.each(cells)('%s on a %s article: %s → %s', (role, record, action, allowed) => {
    expect(WHO[action]![0](actor(role), RECORDS[record]!)).toBe(allowed);
  });

  it.each(ROLES.map((role) => [role, role === 'customer'] as const))('%s lists customer-visible articles only: %s', (role, only) => {
    expect(articleListScope(actor(role))).toEqual({ customerVisibleOnly: only });
  });
});
