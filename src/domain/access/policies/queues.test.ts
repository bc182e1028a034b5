import { describe, expect, it } from 'vitest';
import { QUEUE_VIEWS, type QueueView } from '../../cases/queue-views.js';
import type { Actor } from '../permissions.js';
import type { Role } from '../roles.js';
import { mayReadQueueView, queueViewsFor } from './queues.js';

function actor(role: Role): Actor {
  return { userId: `user-${role}`, role, organizationId: role === 'customer' ? 'org-own' : null };
}

const ALL_BUT_ESCALATED_TO_ME = QUEUE_VIEWS.filter((view) => view !== 'escalated-to-me');

/** Written out by hand: who reads which queue view. */
const VIEWS: Record<Role, readonly QueueView[]> = {
  admin: QUEUE_VIEWS,
  manager: QUEUE_VIEWS,
  executive: QUEUE_VIEWS,
  expert: ALL_BUT_ESCALATED_TO_ME,
  secretary: ALL_BUT_ESCALATED_TO_ME,
  customer: ['open', 'recently-closed', 'all'],
};

describe('queue views per role', () => {
  for (const [role, views] of Object.entries(VIEWS) as [Role, readonly QueueView[]][]) {
    it(`${role}: ${views.join(', ')}`, () => {
      expect(queueViewsFor(actor(role))).toEqual([...views]);
      for (const view of QUEUE_VIEWS) expect(mayReadQueueView(actor(role), view), view).toBe(views.includes(view));
    });
  }
});
