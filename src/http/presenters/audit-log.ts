import { z } from 'zod';

/** One entry of the audit log: who, from where, when, what, and the values before and after. */
export const auditEntryView = z.object({
  id: z.string(),
  at: z.string(),
  actorUserId: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  clientAddress: z
    .string()
    .nullable()
    .describe(
      "The network address of the client whose request made the change (behind a proxy CaseDesk trusts, the client the proxy saw); null for jobs, the command line, entries older than this field and an erased person's own changes.",
    ),
});
