import { z } from 'zod';

/** One entry of the audit log: who, when, what, and the values before and after. */
export const auditEntryView = z.object({
  id: z.string(),
  at: z.string(),
  actorUserId: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});
