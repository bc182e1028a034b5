import { z } from 'zod';
import { lastRunSchema } from '../../operations/backup/scheduled-backups.js';

/** What the backups page shows; the web app takes its type from here (type-only import). */
export const backupStatusView = z.object({
  schedule: z.object({ dir: z.string(), keep: z.number(), everyHours: z.number() }).nullable(),
  lastRun: lastRunSchema.nullable(),
  kept: z.array(
    z.object({
      folder: z.string(),
      createdAt: z.string(),
      casedeskVersion: z.string(),
      database: z.enum(['sqlite', 'postgres']),
      lastMigration: z.string().nullable(),
      cases: z.number().nullable(),
      bytes: z.number(),
      files: z.number(),
    }),
  ),
  unfinished: z.array(z.string()),
});
